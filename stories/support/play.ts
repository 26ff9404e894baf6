/**
 * Helpers for play functions: read and wait for what the story's mock instance received, and find it in the server
 * inspector. Every helper takes the story's mock as `context.loaded` (or the whole context, or a `StoryMock`):
 *
 * ```ts
 * play: async ({ canvasElement, loaded }) => {
 *   await userEvent.click(canvas.getByRole('button', { name: 'Upload' }));
 *   const upload = await waitForUpload(loaded, '/Documents/a.txt', { status: 'complete' });
 *   await expectMetadata(upload, { filename: 'a.txt', spaceId: mockFixtures.personal.id });
 *   await expectStoredSha1(loaded, '/Documents/a.txt', 'hello');
 *   await findInspectorUpload(canvasElement, '/Documents/a.txt', 'complete');
 * }
 * ```
 */
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { FileStatus } from '../../src/core/state.ts';
import type {
  MockFileState,
  MockRequestLogEntry,
  MockRoute,
  MockState,
  MockUploadState,
} from '../../src/mock/types.ts';
import { messagesEn, type SpaceUploaderMessages } from '../../src/react/messages.ts';
import { MOCK_OCIS_LOADED_KEY, type StoryMock, storyMockOf } from './mock-ocis.tsx';

/** `context.loaded`, the story context itself, or the `StoryMock`. */
export type StoryMockSource = StoryMock | Record<string, unknown> | { loaded: Record<string, unknown> };

export const DEFAULT_TIMEOUT = 10_000;

/** The story's `StoryMock`. */
export function getStoryMock(source: StoryMockSource): StoryMock {
  if ('serverUrl' in source && typeof source.serverUrl === 'string') return source as StoryMock;
  if (MOCK_OCIS_LOADED_KEY in source) return storyMockOf(source as Record<string, unknown>);
  if ('loaded' in source && source.loaded && typeof source.loaded === 'object') {
    return storyMockOf(source.loaded as Record<string, unknown>);
  }
  return storyMockOf(undefined);
}

/** The instance's state right now (`GET {serverUrl}/__mock/state`). */
export function mockState(source: StoryMockSource): Promise<MockState> {
  return getStoryMock(source).state();
}

/**
 * Polls the state until `predicate` returns something truthy (it may also throw, e.g. with `expect`, to say
 * "not yet"); resolves to that state. Fails after `timeout` ms (default 10 s) with the predicate's last error.
 * `interval` (default 100 ms) is the pause between polls; raise it for states with thousands of uploads.
 */
export async function waitForMockState(
  source: StoryMockSource,
  predicate: (state: MockState) => unknown,
  options: number | { timeout?: number; interval?: number } = {},
): Promise<MockState> {
  const { timeout = DEFAULT_TIMEOUT, interval = 100 } = typeof options === 'number' ? { timeout: options } : options;
  const mock = getStoryMock(source);
  let result: MockState | undefined;
  await waitFor(
    async () => {
      const state = await mock.state();
      if (!(await predicate(state))) {
        throw new Error(
          `the mock's state does not match yet (${state.uploads.length} uploads, ${state.requests.length} requests)`,
        );
      }
      result = state;
    },
    { timeout, interval },
  );
  if (!result) throw new Error('waitForMockState: no state');
  return result;
}

/** The latest upload to `targetPath` (below the addressed space root), if any. */
export function findUpload(state: MockState, targetPath: string, spaceId?: string): MockUploadState | undefined {
  return state.uploads.filter((u) => u.targetPath === targetPath && (!spaceId || u.spaceId === spaceId)).at(-1);
}

export type UploadStatus = 'complete' | 'in-progress' | 'terminated';

export function uploadStatusOf(upload: MockUploadState): UploadStatus {
  if (upload.terminated) return 'terminated';
  return upload.complete ? 'complete' : 'in-progress';
}

/** Waits for an upload to `targetPath` (optionally in `status`, into `spaceId`); resolves to it. */
export async function waitForUpload(
  source: StoryMockSource,
  targetPath: string,
  { status, spaceId, timeout = DEFAULT_TIMEOUT }: { status?: UploadStatus; spaceId?: string; timeout?: number } = {},
): Promise<MockUploadState> {
  const state = await waitForMockState(
    source,
    (s) => {
      const upload = findUpload(s, targetPath, spaceId);
      return upload && (!status || uploadStatusOf(upload) === status);
    },
    timeout,
  );
  return findUpload(state, targetPath, spaceId) as MockUploadState;
}

/**
 * Asserts metadata values exactly as received (`expected` lists some keys; other keys may be present). With
 * `{ keys }` it also asserts the complete list of keys in the order the client sent them.
 */
export async function expectMetadata(
  upload: MockUploadState,
  expected: Record<string, string>,
  { keys }: { keys?: readonly string[] } = {},
): Promise<void> {
  await expect(upload.metadata).toMatchObject(expected);
  if (keys) await expect(upload.metadataKeys).toEqual([...keys]);
}

/** The stored file at `path` (below the space that really holds it; for a share, the owner's path). */
export function findFile(state: MockState, path: string, spaceId?: string): MockFileState | undefined {
  return state.files.find((f) => f.path === path && (!spaceId || f.spaceId === spaceId));
}

/** Lower-case hex SHA-1 of text (UTF-8), bytes or a Blob. */
export async function sha1Hex(data: string | Blob | BufferSource): Promise<string> {
  let bytes: BufferSource;
  if (typeof data === 'string') bytes = new TextEncoder().encode(data);
  else if (data instanceof Blob) bytes = await data.arrayBuffer();
  else bytes = data;
  const digest = await crypto.subtle.digest('SHA-1', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Waits until the mock stores a file at `path` and asserts its SHA-1. `expected` is a hex SHA-1 (40 hex digits) or
 * the content itself (text, bytes or a Blob), hashed here. Resolves to the file's state.
 */
export async function expectStoredSha1(
  source: StoryMockSource,
  path: string,
  expected: string | Blob | BufferSource,
  { spaceId, timeout = DEFAULT_TIMEOUT }: { spaceId?: string; timeout?: number } = {},
): Promise<MockFileState> {
  const sha1 =
    typeof expected === 'string' && /^[0-9a-f]{40}$/i.test(expected) ? expected.toLowerCase() : await sha1Hex(expected);
  const state = await waitForMockState(source, (s) => findFile(s, path, spaceId), timeout);
  const file = findFile(state, path, spaceId) as MockFileState;
  await expect({ path: file.path, sha1: file.sha1 }).toEqual({ path, sha1 });
  return file;
}

/** Logged requests, oldest first, filtered by route, effective method and status. */
export function requestsOf(
  state: MockState,
  filter: { route?: MockRoute; method?: string; status?: number; uploadId?: string } = {},
): MockRequestLogEntry[] {
  return state.requests.filter(
    (r) =>
      (!filter.route || r.route === filter.route) &&
      (!filter.method || r.effectiveMethod === filter.method) &&
      (filter.status === undefined || r.status === filter.status) &&
      (!filter.uploadId || r.uploadId === filter.uploadId),
  );
}

/**
 * Stores a file on the story's mock with a WebDAV `PUT` (as another client would), e.g. to seed a name conflict
 * before the story picks files. Resolves to the new file's `Oc-Fileid`.
 */
export async function putFile(
  source: StoryMockSource,
  spaceId: string,
  path: string,
  body: BodyInit,
): Promise<string | undefined> {
  const mock = getStoryMock(source);
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  const response = await fetch(mock.url(`/remote.php/dav/spaces/${spaceId}${encoded}`), {
    method: 'PUT',
    headers: { Authorization: `Bearer ${mock.token}` },
    body,
  });
  if (response.status !== 201 && response.status !== 204) {
    throw new Error(`PUT ${path} answered ${response.status}`);
  }
  return response.headers.get('Oc-Fileid') ?? undefined;
}

// ---- the server inspector in the canvas --------------------------------------------------------------------------

/** The server inspector under the story (waits for its first state). */
export async function findInspector(canvasElement: HTMLElement, timeout = DEFAULT_TIMEOUT): Promise<HTMLElement> {
  const inspector = await within(canvasElement).findByTestId('server-inspector', {}, { timeout });
  await waitFor(() => expect(inspector).toHaveAttribute('data-uploads'), { timeout });
  return inspector;
}

/** The inspector's row of the latest upload to `targetPath`, once it shows `status` (any status when absent). */
export async function findInspectorUpload(
  canvasElement: HTMLElement,
  targetPath: string,
  status?: UploadStatus,
  timeout = DEFAULT_TIMEOUT,
): Promise<HTMLTableRowElement> {
  const inspector = await findInspector(canvasElement, timeout);
  let row: HTMLTableRowElement | undefined;
  await waitFor(
    () => {
      row = [...inspector.querySelectorAll<HTMLTableRowElement>('[data-testid="inspector-upload"]')]
        .filter((r) => r.dataset.targetPath === targetPath)
        .at(-1);
      expect(row, `inspector row of ${targetPath}`).toBeDefined();
      if (status) expect(row).toHaveAttribute('data-status', status);
    },
    { timeout },
  );
  return row as HTMLTableRowElement;
}

/** The metadata shown in an inspector upload row, in the order shown (the order the client sent). */
export function inspectorMetadata(row: HTMLElement): Array<[string, string]> {
  return [...row.querySelectorAll<HTMLTableRowElement>('tr[data-key]')].map((tr) => [
    tr.dataset.key ?? '',
    tr.querySelector('td')?.querySelector('.si-empty-value') ? '' : (tr.querySelector('td')?.textContent ?? ''),
  ]);
}

// ---- the uploader's own UI ---------------------------------------------------------------------------------

/** The drop zone's file picker (not the folder picker). */
export function fileInputOf(root: HTMLElement): HTMLInputElement {
  const input = root.querySelector<HTMLInputElement>('input[type="file"]:not([webkitdirectory])');
  if (!input) throw new Error('no file input in the drop zone');
  return input;
}

/** Picks files in the drop zone's file picker, as a user does (even before the uploader exists: they are kept). */
export async function pickFiles(root: HTMLElement, files: File[]): Promise<void> {
  await userEvent.upload(fileInputOf(root), files);
}

/** The list row of the file `name`, found by its progress bar's accessible name. */
export function fileRow(root: HTMLElement, name: string, messages: SpaceUploaderMessages = messagesEn): HTMLElement {
  const bar = within(root).getByRole('progressbar', { name: messages.progressLabel(name) });
  const row = bar.closest<HTMLElement>('.su-file');
  if (!row) throw new Error(`no list row for ${name}`);
  return row;
}

/** Waits until the row of `name` is in `status`: as `data-status`, and visibly in words; resolves to the row. */
export async function waitForRowStatus(
  root: HTMLElement,
  name: string,
  status: FileStatus,
  { messages = messagesEn, timeout = 15_000 }: { messages?: SpaceUploaderMessages; timeout?: number } = {},
): Promise<HTMLElement> {
  let row: HTMLElement | undefined;
  await waitFor(
    () => {
      row = fileRow(root, name, messages);
      expect(row).toHaveAttribute('data-status', status);
      expect(within(row).getByText(messages.fileStatus[status], { selector: '.su-file__status' })).toBeVisible();
    },
    { timeout },
  );
  return row as HTMLElement;
}

/** The list row of the dropped folder `name` (its files are listed below it once expanded). */
export function folderRow(root: HTMLElement, name: string, messages: SpaceUploaderMessages = messagesEn): HTMLElement {
  const toggle = within(root).getByRole('button', { name: messages.folderFiles(name) });
  const row = toggle.closest<HTMLElement>('.su-folder');
  if (!row) throw new Error(`no folder row for ${name}`);
  return row;
}

/** Waits for the row of the dropped folder `name` and expands it (its disclosure button), as a user does. */
export async function expandFolder(
  root: HTMLElement,
  name: string,
  { messages = messagesEn, timeout = 15_000 }: { messages?: SpaceUploaderMessages; timeout?: number } = {},
): Promise<HTMLElement> {
  const toggle = await within(root).findByRole('button', { name: messages.folderFiles(name) }, { timeout });
  if (toggle.getAttribute('aria-expanded') !== 'true') await userEvent.click(toggle);
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  return folderRow(root, name, messages);
}
