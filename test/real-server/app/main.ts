/**
 * The page of the real-server browser suite: the library's public entries (src/core, src/react) as an app would
 * use them, driven by the test through `window.__su` (see api.ts). Served by Vite from the server's own origin and
 * from a second origin; tokens come from Node (`window.__realToken`), never from the page.
 */
import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import {
  createSpaceUploader,
  type UploadError,
  type UploadFailure,
  type UploadItem,
  type UploadResult,
} from '../../../src/core/index.ts';
import { SpaceUploader } from '../../../src/react/index.ts';
import '../../../src/react/styles/index.css';
import type { PageApi, PageError, PageOutcome, PageUploaderOptions } from './api.ts';
import { installReadmeExamples } from './readme-examples.tsx';

const input = (id: 'files' | 'folder') => {
  const element = document.getElementById(id);
  if (!(element instanceof HTMLInputElement)) throw new Error(`#${id} is missing`);
  return element;
};

const plainError = (error: UploadError): PageError => ({
  kind: error.kind,
  message: error.message,
  details: {
    status: error.details.status,
    requestId: error.details.requestId,
    method: error.details.method,
    url: error.details.url,
  },
});

const plainResult = (r: UploadResult) => ({
  name: r.name,
  path: r.path,
  size: r.size,
  fileId: r.fileId,
  spaceId: r.spaceId,
  verified: r.verified,
});
const plainFailure = (f: UploadFailure) => ({ name: f.name, path: f.path, error: plainError(f.error) });
const plainItem = (item: UploadItem) => ({
  name: item.name,
  path: item.path,
  size: item.size,
  status: item.status,
  fileId: item.result?.fileId,
  bytesUploaded: item.bytesUploaded,
  restarts: item.restarts,
  hold: item.hold,
  error: item.error ? plainError(item.error) : undefined,
  verified: item.result?.verified,
  log: item.log.map(({ at, message }) => ({ at, message })),
});

/**
 * The token function the library gets: `refused-first` hands out a token the server refuses until a refresh;
 * `refused-after-plan` one refused whenever `state.refusing` says so (a refresh does not help).
 */
function tokenSource(
  mode: PageUploaderOptions['token'],
  calls: PageOutcome['tokenCalls'],
  state = { refusing: false },
) {
  let refused = mode === 'refused-first';
  return async ({ refresh }: { refresh: boolean }) => {
    if (refresh && mode === 'refused-first') refused = false;
    if (mode === 'refused-after-plan') refused = state.refusing;
    calls.push({ refresh, refused });
    return refused ? 'refused-token-not-a-jwt' : window.__realToken(refresh);
  };
}

type Completion = Awaited<ReturnType<PageApi['componentDone']>>;
let root: Root | undefined;
let rendered = false;
/** Completions nobody waited for yet, and waiters for the next one. */
let completions: Completion[] = [];
let waiting: ((completion: Completion) => void)[] = [];

window.__su = {
  async upload(options, request) {
    const tokenCalls: PageOutcome['tokenCalls'] = [];
    const conflicts: PageOutcome['conflicts'] = [];
    const answer = options.onConflict;
    const session = { refusing: false };
    const uploader = createSpaceUploader({
      serverUrl: options.serverUrl,
      accessToken: options.fixedToken ?? tokenSource(options.token, tokenCalls, session),
      ...(options.transfer ? { transfer: options.transfer } : {}),
      ...(answer
        ? {
            onConflict: (conflict) => {
              conflicts.push({ name: conflict.name, path: conflict.path, kind: conflict.kind });
              return answer;
            },
          }
        : {}),
    });
    let signInAsked: PageOutcome['signInAsked'];
    if (options.token === 'refused-after-plan') {
      uploader.on('planned', () => {
        session.refusing = true;
      });
      // The app's sign-in: once the uploader asks for it (every file waiting), real tokens again and Continue.
      const stop = uploader.subscribe(() => {
        const { signInRequired, items } = uploader.getSnapshot();
        if (!signInRequired || !items.every((i) => i.hold === 'sign-in')) return;
        signInAsked = items.map((i) => ({
          status: i.status,
          hold: i.hold,
          error: i.error ? plainError(i.error) : undefined,
        }));
        stop();
        session.refusing = false;
        queueMicrotask(() => uploader.signedIn());
      });
    }
    const files = [...(input(request.input).files ?? [])];
    const lastModified = Object.fromEntries(files.map((file) => [file.name, file.lastModified]));
    let canceledAt: number | undefined;
    const cancelAt = request.cancelWhenDone;
    if (cancelAt !== undefined) {
      const stop = uploader.subscribe(() => {
        if (canceledAt !== undefined || uploader.getSnapshot().totals.counts.done < cancelAt) return;
        canceledAt = Date.now();
        stop();
        uploader.cancel();
      });
    }
    uploader.addFiles(files, request.target, request.emptyFolders ? { emptyFolders: request.emptyFolders } : {});
    const startedAt = Date.now();
    const { successful, failed } = await uploader.upload();
    const snapshot = uploader.getSnapshot();
    const outcome: PageOutcome = {
      successful: successful.map(plainResult),
      failed: failed.map(plainFailure),
      items: snapshot.items.map(plainItem),
      holds: snapshot.holds.map((h) => ({
        spaceId: h.spaceId,
        files: h.files,
        needed: h.needed,
        available: h.available,
        missing: h.missing,
      })),
      folderErrors: snapshot.folderErrors.map((f) => ({ path: f.path, error: plainError(f.error) })),
      signInRequired: snapshot.signInRequired,
      tokenCalls,
      ...(signInAsked ? { signInAsked } : {}),
      conflicts,
      lastModified,
      startedAt,
      ...(canceledAt === undefined ? {} : { canceledAt }),
    };
    // Held files stay resumable on the server; the test's page is done with them.
    uploader.destroy();
    return outcome;
  },

  renderComponent(props) {
    rendered = true;
    completions = [];
    waiting = [];
    const element = document.getElementById('root');
    if (!element) throw new Error('#root is missing');
    root ??= createRoot(element);
    const answer = props.onConflict;
    root.render(
      createElement(SpaceUploader, {
        serverUrl: props.serverUrl,
        accessToken: props.fixedToken ?? (({ refresh }) => window.__realToken(refresh)),
        ...(props.transfer ? { transfer: props.transfer } : {}),
        space: props.target.space,
        ...(props.target.folder ? { folder: props.target.folder } : {}),
        ...(props.target.route ? { route: props.target.route } : {}),
        ...(answer ? { onConflict: () => answer } : {}),
        onUploadComplete: ({ successful, failed }) => {
          const completion = { successful: successful.map(plainResult), failed: failed.map(plainFailure) };
          const waiter = waiting.shift();
          if (waiter) waiter(completion);
          else completions.push(completion);
        },
      }),
    );
  },

  componentDone() {
    if (!rendered) return Promise.reject(new Error('renderComponent() first'));
    const completion = completions.shift();
    return completion ? Promise.resolve(completion) : new Promise((resolve) => waiting.push(resolve));
  },
};

installReadmeExamples();
document.body.dataset.ready = 'true';
