/**
 * `createSpaceUploader`: one Uppy instance with tus (or the plain-PUT fallback) configured from the server's
 * capabilities, per-request auth headers, the web UI's metadata, a per-file endpoint, and typed results.
 */
import Uppy, { type UppyFile } from '@uppy/core';
import Tus from '@uppy/tus';
import XHRUpload from '@uppy/xhr-upload';
import { type AccessTokenSource, createTokenProvider } from './auth.js';
import { fetchCapabilities, type UploadCapabilities } from './capabilities.js';
import { folderUrl, joinPath, normalizeServerUrl } from './endpoints.js';
import { UploadError } from './errors.js';
import { randomUuid } from './ids.js';
import {
  buildUploadMetadata,
  filterMetadata,
  METADATA_FIELDS,
  type MetadataField,
  splitRelativePath,
  type UploadContext,
  type UploadMetadata,
} from './metadata.js';
import { resolveTransfer, retryDecision, type Transfer, type TransferOptions } from './transfer.js';

/** Uppy's `file.meta` for our files: the wire metadata (Uppy's own `name`/`type` included). */
export type SpaceUploadMeta = UploadMetadata & Record<string, unknown> & { name: string; type: string };
/** What an upload's last response carries: tus keeps the XHR, the PUT fallback reads the headers. */
export interface SpaceUploadBody extends Record<string, unknown> {
  xhr?: XMLHttpRequest;
  fileId?: string;
  etag?: string;
}
export type SpaceUppy = Uppy<SpaceUploadMeta, SpaceUploadBody>;
export type SpaceUppyFile = UppyFile<SpaceUploadMeta, SpaceUploadBody>;

export interface SpaceUploaderOptions {
  /** The oCIS server, e.g. `https://ocis.example.com` (a path prefix is kept). */
  serverUrl: string;
  /** A token, or a function called before each request (with `{ refresh: true }` after a 401). */
  accessToken?: AccessTokenSource;
  /** Skip fetching the capabilities (e.g. already read by the app). */
  capabilities?: UploadCapabilities;
  transfer?: TransferOptions;
  /** Metadata keys sent to the server; default all (`filename` is always sent). */
  allowedMetaFields?: readonly MetadataField[] | true;
  /** `Accept-Language`; default the browser's language. */
  language?: string;
  /** For the capabilities request; default the global `fetch`. */
  fetch?: typeof fetch;
  /** Uppy instance id (and prefix of file ids); default `space-uploader`. */
  id?: string;
}

/** One file: a `File`, or a `File` with its path inside a dropped folder (`A/b/c.txt`). */
export type UploadEntry = File | { file: File; relativePath?: string };

/** Where one file goes, kept beside Uppy's state. */
export interface FilePlan {
  id: string;
  name: string;
  context: UploadContext;
  /** Folder in the space (or share) the file lands in, e.g. `/Docs/A/b`. */
  folderPath: string;
  /** Path of the file, e.g. `/Docs/A/b/c.txt`. */
  path: string;
  /** The folder's WebDAV URL: the tus creation endpoint. */
  endpoint: string;
  /** The file's WebDAV URL: the PUT target. */
  fileUrl: string;
  uploadId: string;
}

export interface UploadResult {
  id: string;
  name: string;
  spaceId: string;
  path: string;
  size: number;
  /** `Oc-Fileid` of the stored file. */
  fileId: string | undefined;
  /** Only when the server sent one (creation-with-upload, PUT); a final tus PATCH carries none. */
  etag: string | undefined;
  uploadId: string;
}

export interface UploadFailure {
  id: string;
  name: string;
  path: string;
  error: UploadError;
}

export interface SpaceUploaderEvents {
  'file-added': (plans: FilePlan[]) => void;
  progress: (progress: { id: string; bytesUploaded: number; bytesTotal: number }) => void;
  'upload-success': (result: UploadResult) => void;
  'upload-error': (failure: UploadFailure) => void;
  complete: (summary: { successful: UploadResult[]; failed: UploadFailure[] }) => void;
}

export interface SpaceUploader {
  readonly uppy: SpaceUppy;
  /** A random id sent as `Initiator-ID` with every request. */
  readonly initiatorId: string;
  /** Reads the capabilities (once) and installs the right uploader plugin. */
  ready(): Promise<{ capabilities: UploadCapabilities; transfer: Transfer }>;
  /** Adds files going to `context` (each to its own folder below it); returns their ids. */
  addFiles(entries: readonly UploadEntry[], context: UploadContext): string[];
  plan(id: string): FilePlan | undefined;
  /** Uploads every added file that is not done; resolves when all have succeeded or failed. */
  upload(): Promise<{ successful: UploadResult[]; failed: UploadFailure[] }>;
  pause(id?: string): void;
  resume(id?: string): void;
  /** Cancels (tus DELETE for started uploads) and removes the file, or every file. */
  cancel(id?: string): void;
  /** Uploads failed files again (one, or all). */
  retry(id?: string): Promise<{ successful: UploadResult[]; failed: UploadFailure[] }>;
  on<E extends keyof SpaceUploaderEvents>(event: E, handler: SpaceUploaderEvents[E]): () => void;
  /** Cancels what is unfinished, aborts requests and releases Uppy. The uploader cannot be used afterwards. */
  destroy(): void;
}

interface TusLikeError extends Error {
  cause?: unknown;
  request?: XMLHttpRequest;
  originalRequest?: { getMethod(): string; getURL(): string; getHeader(name: string): string | undefined } | null;
  originalResponse?: { getStatus(): number; getHeader(name: string): string | undefined } | null;
}

/** tus-js-client's DetailedError (maybe wrapped in Uppy's NetworkError) or xhr-upload's error → UploadError. */
export function toUploadError(error: unknown): UploadError {
  if (error instanceof UploadError) return error;
  const outer = (error ?? {}) as TusLikeError;
  const inner = (outer.cause && typeof outer.cause === 'object' ? outer.cause : outer) as TusLikeError;
  const detailed = inner.originalRequest || inner.originalResponse ? inner : outer;
  const xhr = outer.request ?? inner.request;
  const status = detailed.originalResponse?.getStatus() ?? (xhr && xhr.status > 0 ? xhr.status : undefined);
  const requestId =
    detailed.originalResponse?.getHeader('X-Request-Id') ??
    detailed.originalRequest?.getHeader('X-Request-ID') ??
    (xhr?.getResponseHeader('X-Request-Id') || undefined);
  const method = detailed.originalRequest?.getMethod();
  const url = detailed.originalRequest?.getURL() ?? (xhr?.responseURL || undefined);
  const message = status ? `the server answered ${status}` : 'the server could not be reached';
  return new UploadError(message, {
    ...(status !== undefined ? { status } : {}),
    ...(requestId ? { requestId } : {}),
    ...(method ? { method } : {}),
    ...(url ? { url } : {}),
    cause: error,
  });
}

export function createSpaceUploader(options: SpaceUploaderOptions): SpaceUploader {
  const serverUrl = normalizeServerUrl(options.serverUrl);
  const tokens = createTokenProvider(options.accessToken);
  const initiatorId = randomUuid();
  const language = options.language ?? globalThis.navigator?.language ?? 'en';
  const allowed = options.allowedMetaFields ?? true;
  const wireFields =
    allowed === true
      ? [...METADATA_FIELDS]
      : Object.keys(filterMetadata(Object.fromEntries(METADATA_FIELDS.map((k) => [k, k])), allowed));
  const uppy: SpaceUppy = new Uppy<SpaceUploadMeta, SpaceUploadBody>({
    id: options.id ?? 'space-uploader',
    autoProceed: false,
    allowMultipleUploadBatches: true,
  });
  const plans = new Map<string, FilePlan>();
  const results = new Map<string, UploadResult>();
  const failures = new Map<string, UploadFailure>();
  const listeners = new Map<keyof SpaceUploaderEvents, Set<(...args: never[]) => void>>();
  let setup: Promise<{ capabilities: UploadCapabilities; transfer: Transfer }> | undefined;
  let destroyed = false;

  const emit = <E extends keyof SpaceUploaderEvents>(event: E, ...args: Parameters<SpaceUploaderEvents[E]>) => {
    for (const handler of listeners.get(event) ?? []) (handler as unknown as (...a: typeof args) => void)(...args);
  };

  const requestHeaders = async (): Promise<Record<string, string>> => {
    const token = await tokens.get();
    return {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      'X-Request-ID': randomUuid(),
      'Accept-Language': language,
      'Initiator-ID': initiatorId,
    };
  };
  const bearerOf = (header: string | null | undefined) => header?.replace(/^Bearer\s+/i, '') || undefined;

  function install(transfer: Transfer): void {
    if (transfer.protocol === 'tus') {
      uppy.use(Tus<SpaceUploadMeta, SpaceUploadBody>, {
        id: 'SpaceUploaderTus',
        chunkSize: transfer.chunkSize,
        overridePatchMethod: transfer.overridePatchMethod,
        uploadDataDuringCreation: transfer.uploadDataDuringCreation,
        removeFingerprintOnSuccess: transfer.removeFingerprintOnSuccess,
        limit: transfer.limit,
        retryDelays: transfer.retryDelays,
        allowedMetaFields: wireFields,
        async onBeforeRequest(req) {
          for (const [name, value] of Object.entries(await requestHeaders())) req.setHeader(name, value);
        },
        onShouldRetry(error, _attempt, _options, next) {
          const decision = retryDecision(error.originalResponse?.getStatus());
          if (decision === 'fail') return false;
          if (decision === 'refresh-token-and-retry') {
            if (!tokens.refreshable) return false;
            // The next request's onBeforeRequest waits for this shared refresh.
            tokens.refresh(bearerOf(error.originalRequest?.getHeader('Authorization'))).catch(() => undefined);
            return true;
          }
          // Uppy's own rule adds what we want for the rest: 429 slows the whole queue, offline pauses it.
          return next(error);
        },
      });
    } else {
      uppy.use(XHRUpload<SpaceUploadMeta, SpaceUploadBody>, {
        id: 'SpaceUploaderPut',
        endpoint: (file) => {
          const plan = plans.get((file as SpaceUppyFile).id);
          if (!plan) throw new Error('no plan for this file');
          return plan.fileUrl;
        },
        method: 'PUT',
        formData: false,
        limit: transfer.limit,
        headers: (file): Record<string, string> => (file.meta.mtime ? { 'X-OC-Mtime': String(file.meta.mtime) } : {}),
        async onBeforeRequest(xhr) {
          for (const [name, value] of Object.entries(await requestHeaders())) xhr.setRequestHeader(name, value);
        },
        async onAfterResponse(xhr) {
          if (xhr.status === 401 && tokens.refreshable) await tokens.refresh(undefined).catch(() => undefined);
        },
        shouldRetry: (xhr) => {
          const decision = retryDecision(xhr.status);
          return decision === 'retry' || (decision === 'refresh-token-and-retry' && tokens.refreshable);
        },
        getResponseData: (xhr) => ({
          fileId: xhr.getResponseHeader('Oc-Fileid') ?? undefined,
          etag: xhr.getResponseHeader('Oc-Etag') ?? xhr.getResponseHeader('Etag') ?? undefined,
        }),
      });
    }
  }

  uppy.on('upload-progress', (file, progress) => {
    if (!file) return;
    emit('progress', {
      id: file.id,
      bytesUploaded: Number(progress.bytesUploaded) || 0,
      bytesTotal: Number(progress.bytesTotal) || 0,
    });
  });
  uppy.on('upload-success', (file, response) => {
    const plan = file && plans.get(file.id);
    if (!file || !plan) return;
    const body = response.body;
    const header = (name: string) => body?.xhr?.getResponseHeader(name) ?? undefined;
    const result: UploadResult = {
      id: file.id,
      name: plan.name,
      spaceId: plan.context.space.id,
      path: plan.path,
      size: file.size ?? 0,
      fileId: body?.fileId ?? header('Oc-Fileid'),
      etag: body?.etag ?? header('Oc-Etag') ?? header('Etag'),
      uploadId: plan.uploadId,
    };
    failures.delete(file.id);
    results.set(file.id, result);
    emit('upload-success', result);
  });
  uppy.on('upload-error', (file, error) => {
    const plan = file && plans.get(file.id);
    if (!file || !plan) return;
    const failure: UploadFailure = { id: file.id, name: plan.name, path: plan.path, error: toUploadError(error) };
    failures.set(file.id, failure);
    emit('upload-error', failure);
  });

  const summary = (ids: Iterable<string>) => {
    const successful: UploadResult[] = [];
    const failed: UploadFailure[] = [];
    for (const id of ids) {
      const ok = results.get(id);
      const ko = failures.get(id);
      if (ok) successful.push(ok);
      else if (ko) failed.push(ko);
    }
    return { successful, failed };
  };

  const assertAlive = () => {
    if (destroyed) throw new Error('this uploader was destroyed');
  };

  const uploader: SpaceUploader = {
    uppy,
    initiatorId,
    ready() {
      assertAlive();
      setup ??= (async () => {
        const capabilities =
          options.capabilities ??
          (await fetchCapabilities(serverUrl, {
            accessToken: async () => (await tokens.get()) ?? '',
            ...(options.fetch ? { fetch: options.fetch } : {}),
          }));
        const transfer = resolveTransfer(capabilities, options.transfer);
        if (!destroyed) install(transfer);
        return { capabilities, transfer };
      })();
      // A failed read can be tried again.
      setup.catch(() => {
        setup = undefined;
      });
      return setup;
    },
    addFiles(entries, context) {
      assertAlive();
      if (!context?.space?.id) throw new TypeError('addFiles needs a context with space.id');
      const baseFolder = joinPath(context.folder?.path ?? '/');
      const topLevelIds = new Map<string, string>();
      const pending = new Map<string, Omit<FilePlan, 'id'>>();
      const descriptors = entries.map((entry) => {
        const file = entry instanceof File ? entry : entry.file;
        if (!(file instanceof Blob)) throw new TypeError('addFiles takes File objects (or { file, relativePath })');
        const relativePath =
          (entry instanceof File ? undefined : entry.relativePath) ?? (file.webkitRelativePath || undefined);
        const rel = splitRelativePath(relativePath);
        const top = rel.relativePath?.split('/')[1];
        let topLevelFolderId: string | undefined;
        if (top !== undefined) {
          topLevelFolderId = topLevelIds.get(top) ?? randomUuid();
          topLevelIds.set(top, topLevelFolderId);
        }
        const name = file.name.normalize('NFC');
        const folderPath = joinPath(baseFolder, rel.relativeFolder ?? '');
        const endpoint = folderUrl(serverUrl, context.space.id, folderPath);
        const uploadId = randomUuid();
        const meta = buildUploadMetadata(
          {
            name,
            type: file.type,
            lastModified: file.lastModified,
            ...(relativePath ? { relativePath } : {}),
            ...(topLevelFolderId ? { topLevelFolderId } : {}),
            uploadId,
            tusEndpoint: endpoint,
          },
          context,
        );
        pending.set(uploadId, {
          name,
          context,
          folderPath,
          path: joinPath(folderPath, name),
          endpoint,
          fileUrl: `${endpoint}/${encodeURIComponent(name)}`,
          uploadId,
        });
        return {
          name,
          type: file.type || undefined,
          data: file,
          meta: meta as SpaceUploadMeta,
          source: 'space-uploader',
        };
      });
      const before = new Set(Object.keys(uppy.getState().files));
      uppy.addFiles(descriptors);
      // One state update for the whole batch (Uppy copies its files map on every setFileState).
      const files = { ...uppy.getState().files };
      const added: FilePlan[] = [];
      for (const [id, file] of Object.entries(files)) {
        if (before.has(id)) continue;
        const p = pending.get(String(file.meta.uploadId));
        if (!p) continue;
        const plan: FilePlan = { id, ...p };
        plans.set(id, plan);
        added.push(plan);
        // Uppy may guess a type from the extension: the wire says the same in type and filetype.
        const meta = { ...file.meta, uppyId: id, type: file.type, filetype: file.type };
        // @uppy/tus sends String(meta[key]) for every allowed key, set or not ("undefined" on the wire, as
        // the web UI does): allow per file only the keys this file has.
        const wire = meta as Record<string, unknown>;
        const allowedMetaFields = wireFields.filter((key) => typeof wire[key] === 'string' && wire[key] !== '');
        files[id] = { ...file, meta, tus: { endpoint: plan.endpoint, allowedMetaFields } } as SpaceUppyFile;
      }
      uppy.setState({ files });
      emit('file-added', added);
      return added.map((p) => p.id);
    },
    plan: (id) => plans.get(id),
    async upload() {
      assertAlive();
      await uploader.ready();
      const ids = Object.keys(uppy.getState().files);
      const outcome = await uppy.upload();
      const done = summary(
        [...(outcome?.successful ?? []), ...(outcome?.failed ?? [])].map((f) => f.id).filter((id) => ids.includes(id)),
      );
      emit('complete', done);
      return done;
    },
    pause(id) {
      if (id) {
        if (!uppy.getFile(id)?.isPaused) uppy.pauseResume(id);
      } else uppy.pauseAll();
    },
    resume(id) {
      if (id) {
        if (uppy.getFile(id)?.isPaused) uppy.pauseResume(id);
      } else uppy.resumeAll();
    },
    cancel(id) {
      if (id) {
        uppy.removeFile(id);
        plans.delete(id);
      } else {
        uppy.cancelAll();
        plans.clear();
      }
    },
    async retry(id) {
      assertAlive();
      await uploader.ready();
      const outcome = id ? await uppy.retryUpload(id) : await uppy.retryAll();
      const done = summary([...(outcome?.successful ?? []), ...(outcome?.failed ?? [])].map((f) => f.id));
      emit('complete', done);
      return done;
    },
    on(event, handler) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(handler as (...args: never[]) => void);
      return () => set.delete(handler as (...args: never[]) => void);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      listeners.clear();
      uppy.destroy();
      plans.clear();
      results.clear();
      failures.clear();
    },
  };
  return uploader;
}
