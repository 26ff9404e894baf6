/**
 * `createSpaceUploader`: the batch lives in our own store; Uppy (with tus, or the plain-PUT fallback,
 * configured from the server's capabilities) only ever holds the few files uploading right now. Uppy 6's
 * `addFiles` copies its whole files map once per added file, so 10,000 files handed over at once would take
 * seconds of main thread; here adding 10,000 files is a loop over our own array.
 */
import Uppy, { type UppyFile } from '@uppy/core';
import Tus from '@uppy/tus';
import XHRUpload from '@uppy/xhr-upload';
import { type AccessTokenSource, createTokenProvider } from './auth.js';
import { fetchCapabilities, type UploadCapabilities } from './capabilities.js';
import { folderUrl, joinPath, normalizeServerUrl } from './endpoints.js';
import { UploadError } from './errors.js';
import { createFolders } from './folders.js';
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
import {
  EMPTY_SNAPSHOT,
  type FileStatus,
  summarize,
  type UploaderSnapshot,
  type UploadItem,
  type UploadResult,
} from './state.js';
import { resolveTransfer, retryDecision, type Transfer, type TransferOptions } from './transfer.js';

export type { UploadResult } from './state.js';

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
  /** For the capabilities and folder requests; default the global `fetch`. */
  fetch?: typeof fetch;
  /** Uppy instance id (and prefix of Uppy's file ids); default `space-uploader`. */
  id?: string;
  /**
   * Where files go that reach Uppy another way (its Dashboard, a plugin, `uppy.addFile`): they join this
   * uploader's queue and start at once. Without a target such files are refused. See `setTarget`.
   */
  target?: UploadContext;
}

/** One file: a `File`, or a `File` with its path inside a dropped folder (`A/b/c.txt`). */
export type UploadEntry = File | { file: File; relativePath?: string };

export interface AddFilesOptions {
  /** Folders of a dropped tree that hold no file (relative, like `A/empty`): created too. */
  emptyFolders?: readonly string[];
}

/** Where one file goes. */
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
  /** Uppy's id for the file while Uppy holds it (sent as metadata `uppyId`). */
  uppyId: string | undefined;
}

export interface UploadFailure {
  id: string;
  name: string;
  path: string;
  error: UploadError;
}

export interface SpaceUploaderEvents {
  'file-added': (items: UploadItem[]) => void;
  progress: (progress: { id: string; bytesUploaded: number; bytesTotal: number }) => void;
  'upload-success': (result: UploadResult) => void;
  'upload-error': (failure: UploadFailure) => void;
  /** Nothing is queued or moving any more (paused files excepted). */
  complete: (summary: { successful: UploadResult[]; failed: UploadFailure[] }) => void;
}

export interface SpaceUploader {
  readonly uppy: SpaceUppy;
  /** A random id sent as `Initiator-ID` with every request. */
  readonly initiatorId: string;
  /** Reads the capabilities (once) and installs the right uploader plugin. */
  ready(): Promise<{ capabilities: UploadCapabilities; transfer: Transfer }>;
  /** Queues files going to `context` (each to its own folder below it); returns their ids. */
  addFiles(entries: readonly UploadEntry[], context: UploadContext, options?: AddFilesOptions): string[];
  plan(id: string): FilePlan | undefined;
  /** Changes where files given to Uppy directly go (see `SpaceUploaderOptions.target`). */
  setTarget(context: UploadContext | undefined): void;
  /** Starts (or continues) uploading what is queued, without waiting. */
  start(): void;
  /**
   * Starts, and resolves when every file queued now has succeeded, failed or been canceled (a paused file
   * keeps it waiting until resumed).
   */
  upload(): Promise<{ successful: UploadResult[]; failed: UploadFailure[] }>;
  pause(id?: string): void;
  resume(id?: string): void;
  /** Cancels a file (tus DELETE when started), or every unfinished file. */
  cancel(id?: string): void;
  /** Queues a failed file again, or every failed file. */
  retry(id?: string): void;
  /** Forgets finished (done and canceled) files. */
  clearFinished(): void;
  subscribe(listener: () => void): () => void;
  getSnapshot(): UploaderSnapshot;
  on<E extends keyof SpaceUploaderEvents>(event: E, handler: SpaceUploaderEvents[E]): () => void;
  /** Cancels what is unfinished (tus DELETE), aborts requests and releases Uppy. Cannot be used afterwards. */
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

/** One file of the batch: its plan, its state (the fields the snapshot's item shows), and that item. */
interface Entry
  extends FilePlan,
    Pick<UploadItem, 'status' | 'bytesUploaded' | 'speed' | 'timeLeft' | 'error' | 'result' | 'attempts'> {
  file: File;
  meta: UploadMetadata;
  /** Folders that must exist before this file can go (absolute in the space). */
  needsFolder: string | undefined;
  lastProgress: { at: number; bytes: number } | undefined;
  view: UploadItem | undefined;
  /** Position in `queueOrder`. */
  order: number;
}

const PROGRESS_NOTIFY_MS = 100;
/** Speed is smoothed over progress events at least this far apart. */
const SPEED_SAMPLE_MS = 250;
const UNFINISHED: ReadonlySet<FileStatus> = new Set(['queued', 'preparing', 'uploading', 'paused', 'finalizing']);

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
  const entries = new Map<string, Entry>();
  /** Ids in the order they were queued; the pump walks it from `queueCursor`. */
  let queueOrder: string[] = [];
  let queueCursor = 0;
  const byUppyId = new Map<string, Entry>();
  const listeners = new Map<keyof SpaceUploaderEvents, Set<(...args: never[]) => void>>();
  const storeListeners = new Set<() => void>();
  let snapshot: UploaderSnapshot = EMPTY_SNAPSHOT;
  let dirty = false;
  let notifyTimer: ReturnType<typeof setTimeout> | undefined;
  let notifyQueued = false;
  let setup: Promise<{ capabilities: UploadCapabilities; transfer: Transfer }> | undefined;
  let capabilities = options.capabilities;
  let transfer: Transfer | undefined;
  let setupError: Error | undefined;
  let started = false;
  let destroyed = false;
  const folderJobs = new Map<string, Promise<void>>();
  let target = options.target;

  // ---- store -----------------------------------------------------------------------------------------------

  /** Listeners not yet told about a change (a reader may have rebuilt the snapshot in between). */
  let unnotified = false;
  const rebuild = () => {
    if (!dirty) return;
    dirty = false;
    snapshot = buildSnapshot();
  };
  const flush = () => {
    notifyQueued = false;
    if (notifyTimer !== undefined) clearTimeout(notifyTimer);
    notifyTimer = undefined;
    rebuild();
    if (!unnotified) return;
    unnotified = false;
    for (const listener of [...storeListeners]) listener();
  };
  /** Status changes reach listeners at once (next microtask); progress at most every 100 ms. */
  const changed = (urgent: boolean) => {
    dirty = true;
    unnotified = true;
    if (destroyed) return;
    if (urgent) {
      if (!notifyQueued) {
        notifyQueued = true;
        queueMicrotask(flush);
      }
    } else notifyTimer ??= setTimeout(flush, PROGRESS_NOTIFY_MS);
  };
  const touch = (entry: Entry, urgent = true) => {
    entry.view = undefined;
    changed(urgent);
  };
  const viewOf = (e: Entry): UploadItem =>
    (e.view ??= Object.freeze({
      id: e.id,
      name: e.name,
      path: e.path,
      spaceId: e.context.space.id,
      relativePath: e.meta.relativePath,
      size: e.file.size,
      type: e.meta.type ?? 'application/octet-stream',
      status: e.status,
      bytesUploaded: e.bytesUploaded,
      speed: e.speed,
      timeLeft: e.timeLeft,
      error: e.error,
      result: e.result,
      attempts: e.attempts,
    }));
  function buildSnapshot(): UploaderSnapshot {
    const items = Array.from(entries.values(), viewOf);
    const { totals, status } = summarize(items);
    return Object.freeze({
      items,
      totals,
      status: setupError && (status === 'idle' || status === 'uploading') && items.length > 0 ? 'failed' : status,
      capabilities,
      error: setupError,
    });
  }

  const emit = <E extends keyof SpaceUploaderEvents>(event: E, ...args: Parameters<SpaceUploaderEvents[E]>) => {
    for (const handler of listeners.get(event) ?? []) (handler as unknown as (...a: typeof args) => void)(...args);
  };

  const setStatus = (entry: Entry, status: FileStatus) => {
    entry.status = status;
    if (status !== 'uploading' && status !== 'finalizing') {
      entry.speed = 0;
      entry.timeLeft = undefined;
      entry.lastProgress = undefined;
    }
    touch(entry);
  };

  // ---- requests --------------------------------------------------------------------------------------------

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

  function install(t: Transfer): void {
    if (t.protocol === 'tus') {
      uppy.use(Tus<SpaceUploadMeta, SpaceUploadBody>, {
        id: 'SpaceUploaderTus',
        chunkSize: t.chunkSize,
        overridePatchMethod: t.overridePatchMethod,
        uploadDataDuringCreation: t.uploadDataDuringCreation,
        removeFingerprintOnSuccess: t.removeFingerprintOnSuccess,
        limit: t.limit,
        retryDelays: t.retryDelays,
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
          const entry = byUppyId.get((file as SpaceUppyFile).id);
          if (!entry) throw new Error('no plan for this file');
          return entry.fileUrl;
        },
        method: 'PUT',
        formData: false,
        limit: t.limit,
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

  // ---- Uppy → store ----------------------------------------------------------------------------------------

  /** Uppy holds a file only while it uploads; it is let go after its outcome (next tick: tus still cleans up). */
  const release = (entry: Entry) => {
    const uppyId = entry.uppyId;
    if (!uppyId) return;
    entry.uppyId = undefined;
    byUppyId.delete(uppyId);
    setTimeout(() => {
      if (uppy.getFile(uppyId)) uppy.removeFile(uppyId);
      pump();
    }, 0);
  };

  uppy.on('upload-progress', (file, progress) => {
    const entry = file && byUppyId.get(file.id);
    if (!entry || (entry.status !== 'uploading' && entry.status !== 'finalizing')) return;
    const bytes = Number(progress.bytesUploaded) || 0;
    const now = performance.now();
    const last = entry.lastProgress;
    if (!last) entry.lastProgress = { at: now, bytes };
    else if (now - last.at >= SPEED_SAMPLE_MS) {
      const instant = ((bytes - last.bytes) / (now - last.at)) * 1000;
      entry.speed = entry.speed > 0 ? entry.speed * 0.7 + instant * 0.3 : instant;
      entry.lastProgress = { at: now, bytes };
    }
    entry.bytesUploaded = bytes;
    entry.timeLeft = entry.speed > 0 ? Math.max(0, entry.file.size - bytes) / entry.speed : undefined;
    const finalizing = bytes >= entry.file.size;
    if (finalizing !== (entry.status === 'finalizing')) {
      entry.status = finalizing ? 'finalizing' : 'uploading';
      touch(entry);
    } else touch(entry, false);
    emit('progress', { id: entry.id, bytesUploaded: bytes, bytesTotal: entry.file.size });
  });

  uppy.on('upload-success', (file, response) => {
    const entry = file && byUppyId.get(file.id);
    if (!entry) return;
    const body = response.body;
    const header = (name: string) => body?.xhr?.getResponseHeader(name) ?? undefined;
    entry.result = {
      id: entry.id,
      name: entry.name,
      spaceId: entry.context.space.id,
      path: entry.path,
      size: entry.file.size,
      fileId: body?.fileId ?? header('Oc-Fileid'),
      etag: body?.etag ?? header('Oc-Etag') ?? header('Etag'),
      uploadId: entry.uploadId,
    };
    entry.error = undefined;
    entry.bytesUploaded = entry.file.size;
    setStatus(entry, 'done');
    release(entry);
    emit('upload-success', entry.result);
    settleCheck();
  });

  // A file given to Uppy directly (its Dashboard, a plugin) has no plan and no endpoint: it joins our queue,
  // going to the current target, and starts at once (the Dashboard shows it uploading).
  uppy.on('file-added', (file) => {
    if (file.source === 'space-uploader' || destroyed) return;
    queueMicrotask(() => {
      if (destroyed || !uppy.getFile(file.id)) return;
      uppy.removeFile(file.id);
      const data = file.data;
      if (!target || !(data instanceof Blob)) {
        uppy.info(target ? 'Only local files can be uploaded here' : 'No target folder to upload to', 'error', 5000);
        return;
      }
      const named = data instanceof File ? data : new File([data], file.name ?? 'file', { type: file.type });
      const relativePath = typeof file.meta.relativePath === 'string' ? file.meta.relativePath : undefined;
      uploader.addFiles([relativePath ? { file: named, relativePath } : named], target);
      uploader.start();
    });
  });

  // Actions taken through Uppy itself (its Dashboard's remove, pause and resume buttons) keep our rows true.
  // Our own release()/cancel() forget the file before removing it, so only outside removals land here.
  uppy.on('file-removed', (file) => {
    const entry = file && byUppyId.get(file.id);
    if (!entry) return;
    byUppyId.delete(file.id);
    entry.uppyId = undefined;
    setStatus(entry, 'canceled');
    pump();
    settleCheck();
  });
  uppy.on('upload-pause', (file, isPaused) => {
    const entry = file && byUppyId.get(file.id);
    if (!entry) return;
    if (isPaused && entry.status !== 'paused') setStatus(entry, 'paused');
    else if (!isPaused && entry.status === 'paused') setStatus(entry, 'uploading');
    settleCheck();
  });
  uppy.on('pause-all', () => {
    for (const entry of byUppyId.values())
      if (entry.status === 'uploading' || entry.status === 'finalizing') setStatus(entry, 'paused');
    settleCheck();
  });
  uppy.on('resume-all', () => {
    for (const entry of byUppyId.values()) if (entry.status === 'paused') setStatus(entry, 'uploading');
    settleCheck();
  });

  uppy.on('upload-error', (file, error) => {
    const entry = file && byUppyId.get(file.id);
    if (!entry) return;
    fail(entry, toUploadError(error));
    release(entry);
  });

  const fail = (entry: Entry, error: UploadError) => {
    entry.error = error;
    setStatus(entry, 'failed');
    emit('upload-error', { id: entry.id, name: entry.name, path: entry.path, error });
    settleCheck();
  };

  // ---- the pump: queued files → Uppy, `limit` at a time -----------------------------------------------------

  // Uppy's own count: a finished file leaves Uppy one tick after its outcome (see `release`).
  const inUppy = () => Object.keys(uppy.getState().files).length;

  function pump(): void {
    if (!started || destroyed || !transfer) return;
    let room = transfer.limit - inUppy();
    if (room <= 0) return;
    const adding: Entry[] = [];
    // The cursor only moves past files that can never be picked again from here; retried and resumed files
    // rewind it (see `requeue`).
    for (let i = queueCursor; i < queueOrder.length && room > 0; i++) {
      const entry = entries.get(queueOrder[i] as string);
      if (i === queueCursor && (!entry || (entry.status !== 'queued' && entry.status !== 'paused'))) queueCursor++;
      if (entry?.status !== 'queued' || entry.needsFolder) continue;
      if (!addToUppy(entry)) continue;
      adding.push(entry);
      room--;
    }
    if (adding.length === 0) return;
    wasBusy = true; // so that `complete` follows when this work settles
    for (const entry of adding) setStatus(entry, 'uploading');
    uppy.upload().catch(() => undefined);
  }

  /** Adds one file to Uppy; false when Uppy refuses it for now (an identical file is uploading). */
  function addToUppy(entry: Entry): boolean {
    let uppyId: string;
    try {
      uppyId = uppy.addFile({
        name: entry.name,
        type: entry.file.type || undefined,
        data: entry.file,
        meta: { ...entry.meta } as SpaceUploadMeta,
        source: 'space-uploader',
      });
    } catch {
      return false;
    }
    const file = uppy.getFile(uppyId);
    // Uppy may guess a type from the extension: type and filetype say the same on the wire.
    const meta = { ...file.meta, uppyId, type: file.type, filetype: file.type } as SpaceUploadMeta;
    entry.meta = { ...entry.meta, uppyId, type: file.type, filetype: file.type };
    // @uppy/tus sends String(meta[key]) for every allowed key, set or not ("undefined" on the wire, as the
    // web UI does): allow per file only the keys this file has.
    const wire = meta as Record<string, unknown>;
    const allowedMetaFields = wireFields.filter((key) => typeof wire[key] === 'string' && wire[key] !== '');
    uppy.setFileState(uppyId, { meta, tus: { endpoint: entry.endpoint, allowedMetaFields } } as Partial<SpaceUppyFile>);
    entry.uppyId = uppyId;
    entry.bytesUploaded = 0;
    entry.lastProgress = undefined;
    byUppyId.set(uppyId, entry);
    return true;
  }

  /** A file can be picked again by the pump (retry, resume of a queued file). */
  const requeue = (entry: Entry) => {
    setStatus(entry, 'queued');
    if (entry.order < queueCursor) queueCursor = entry.order;
  };

  // ---- folders ---------------------------------------------------------------------------------------------

  function ensureFolders(spaceId: string, below: string, paths: Set<string>): void {
    const key = `${spaceId}\n${below}\n${[...paths].sort().join('\n')}`;
    if (folderJobs.has(key)) return;
    const job = (async () => {
      const outcomes = await createFolders(paths, {
        serverUrl,
        spaceId,
        below,
        headers: requestHeaders,
        onUnauthorized: async (failed) => {
          if (tokens.refreshable) await tokens.refresh(failed).catch(() => undefined);
        },
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      if (destroyed) return;
      for (const entry of entries.values()) {
        if (entry.context.space.id !== spaceId || !entry.needsFolder || !paths.has(entry.needsFolder)) continue;
        const outcome = outcomes.get(entry.needsFolder);
        entry.needsFolder = undefined;
        if (outcome?.status === 'failed' && outcome.error) fail(entry, outcome.error);
        else if (entry.status === 'preparing') requeue(entry);
      }
      pump();
    })();
    folderJobs.set(key, job);
  }

  // ---- settling --------------------------------------------------------------------------------------------

  let waiters: Array<{
    ids: string[];
    resolve: (v: { successful: UploadResult[]; failed: UploadFailure[] }) => void;
    reject: (error: Error) => void;
  }> = [];
  const outcomeOf = (ids: string[]) => {
    const successful: UploadResult[] = [];
    const failed: UploadFailure[] = [];
    for (const id of ids) {
      const e = entries.get(id);
      if (e?.status === 'done' && e.result) successful.push(e.result);
      else if (e?.status === 'failed' && e.error) failed.push({ id, name: e.name, path: e.path, error: e.error });
    }
    return { successful, failed };
  };
  let wasBusy = false;
  function settleCheck(): void {
    waiters = waiters.filter((w) => {
      const open = w.ids.some((id) => {
        const status = entries.get(id)?.status;
        return status !== undefined && UNFINISHED.has(status);
      });
      if (!open) w.resolve(outcomeOf(w.ids));
      return open;
    });
    const busy = [...entries.values()].some((e) => UNFINISHED.has(e.status) && e.status !== 'paused');
    if (wasBusy && !busy) emit('complete', outcomeOf([...entries.keys()]));
    wasBusy = busy;
  }

  /** Without capabilities nothing can go: every file waiting to go fails with the reason (and can be retried). */
  const failWaiting = (error: unknown) => {
    const reason =
      error instanceof UploadError
        ? error
        : new UploadError(error instanceof Error ? error.message : String(error), { cause: error });
    for (const entry of entries.values()) if (entry.status === 'queued') fail(entry, reason);
  };

  // ---- the API ---------------------------------------------------------------------------------------------

  const assertAlive = () => {
    if (destroyed) throw new Error('this uploader was destroyed');
  };

  const uploader: SpaceUploader = {
    uppy,
    initiatorId,
    ready() {
      assertAlive();
      setup ??= (async () => {
        const caps =
          capabilities ??
          (await fetchCapabilities(serverUrl, {
            accessToken: async () => (await tokens.get()) ?? '',
            language,
            ...(options.fetch ? { fetch: options.fetch } : {}),
          }));
        const t = resolveTransfer(caps, options.transfer);
        if (!destroyed && !transfer) install(t);
        capabilities = caps;
        transfer = t;
        setupError = undefined;
        changed(true);
        return { capabilities: caps, transfer: t };
      })();
      // A failed read is reported in the snapshot and can be tried again.
      setup.catch((error: unknown) => {
        setup = undefined;
        setupError = error instanceof Error ? error : new Error(String(error));
        changed(true);
      });
      return setup;
    },
    addFiles(list, context, addOptions = {}) {
      assertAlive();
      if (!context?.space?.id) throw new TypeError('addFiles needs a context with space.id');
      const baseFolder = joinPath(context.folder?.path ?? '/');
      const topLevelIds = new Map<string, string>();
      const folders = new Set<string>();
      const added: Entry[] = [];
      for (const item of list) {
        const file = item instanceof Blob ? item : item.file;
        if (!(file instanceof Blob)) throw new TypeError('addFiles takes File objects (or { file, relativePath })');
        const given = item instanceof Blob ? undefined : item.relativePath;
        const relativePath = given ?? ((file as File).webkitRelativePath || undefined);
        const rel = splitRelativePath(relativePath);
        const top = rel.relativePath?.split('/')[1];
        let topLevelFolderId: string | undefined;
        if (top !== undefined) {
          topLevelFolderId = topLevelIds.get(top) ?? randomUuid();
          topLevelIds.set(top, topLevelFolderId);
        }
        const name = (file as File).name.normalize('NFC');
        const folderPath = joinPath(baseFolder, rel.relativeFolder ?? '');
        const endpoint = folderUrl(serverUrl, context.space.id, folderPath);
        const uploadId = randomUuid();
        const meta = buildUploadMetadata(
          {
            name,
            type: file.type,
            lastModified: (file as File).lastModified,
            ...(relativePath ? { relativePath } : {}),
            ...(topLevelFolderId ? { topLevelFolderId } : {}),
            uploadId,
            tusEndpoint: endpoint,
          },
          context,
        );
        const needsFolder = rel.relativeFolder ? folderPath : undefined;
        if (needsFolder) folders.add(needsFolder);
        const entry: Entry = {
          id: `f-${uploadId}`,
          name,
          context,
          folderPath,
          path: joinPath(folderPath, name),
          endpoint,
          fileUrl: `${endpoint}/${encodeURIComponent(name)}`,
          uploadId,
          uppyId: undefined,
          file: file as File,
          meta,
          status: needsFolder ? 'preparing' : 'queued',
          bytesUploaded: 0,
          speed: 0,
          timeLeft: undefined,
          error: undefined,
          result: undefined,
          attempts: 0,
          needsFolder,
          lastProgress: undefined,
          view: undefined,
          order: queueOrder.length + added.length,
        };
        entries.set(entry.id, entry);
        added.push(entry);
      }
      for (const folder of addOptions.emptyFolders ?? []) folders.add(joinPath(baseFolder, folder));
      if (added.length > 0)
        queueOrder = queueOrder.length === 0 ? added.map((e) => e.id) : queueOrder.concat(added.map((e) => e.id));
      if (folders.size > 0) ensureFolders(context.space.id, baseFolder, folders);
      changed(true);
      emit('file-added', added.map(viewOf));
      if (started) pump();
      return added.map((e) => e.id);
    },
    setTarget(context) {
      target = context;
    },
    plan(id) {
      const e = entries.get(id);
      return (
        e && {
          id: e.id,
          name: e.name,
          context: e.context,
          folderPath: e.folderPath,
          path: e.path,
          endpoint: e.endpoint,
          fileUrl: e.fileUrl,
          uploadId: e.uploadId,
          uppyId: e.meta.uppyId,
        }
      );
    },
    start() {
      assertAlive();
      started = true;
      uploader.ready().then(pump, failWaiting);
    },
    upload() {
      if (destroyed) return Promise.reject(new Error('this uploader was destroyed'));
      const ids = [...entries.values()].filter((e) => UNFINISHED.has(e.status)).map((e) => e.id);
      const done = new Promise<{ successful: UploadResult[]; failed: UploadFailure[] }>((resolve, reject) =>
        waiters.push({ ids, resolve, reject }),
      );
      started = true;
      wasBusy = ids.length > 0 || wasBusy;
      uploader.ready().then(() => {
        pump();
        settleCheck();
      }, failWaiting);
      return done;
    },
    pause(id) {
      const targets = id ? [entries.get(id)].filter((e): e is Entry => !!e) : [...entries.values()];
      for (const entry of targets) {
        if (entry.status === 'queued' || entry.status === 'preparing') setStatus(entry, 'paused');
        else if ((entry.status === 'uploading' || entry.status === 'finalizing') && entry.uppyId) {
          if (!uppy.getFile(entry.uppyId)?.isPaused) uppy.pauseResume(entry.uppyId);
          setStatus(entry, 'paused');
        }
      }
      settleCheck();
    },
    resume(id) {
      const targets = id ? [entries.get(id)].filter((e): e is Entry => !!e) : [...entries.values()];
      for (const entry of targets) {
        if (entry.status !== 'paused') continue;
        if (entry.uppyId) {
          if (uppy.getFile(entry.uppyId)?.isPaused) uppy.pauseResume(entry.uppyId);
          setStatus(entry, 'uploading');
        } else if (entry.needsFolder) setStatus(entry, 'preparing');
        else requeue(entry);
      }
      pump();
      settleCheck();
    },
    cancel(id) {
      const targets = id ? [entries.get(id)].filter((e): e is Entry => !!e) : [...entries.values()];
      for (const entry of targets) {
        if (!UNFINISHED.has(entry.status)) continue;
        const uppyId = entry.uppyId;
        if (uppyId) {
          entry.uppyId = undefined;
          byUppyId.delete(uppyId);
          uppy.removeFile(uppyId); // @uppy/tus sends the tus DELETE for a started upload
        }
        setStatus(entry, 'canceled');
      }
      pump();
      settleCheck();
    },
    retry(id) {
      const targets = id ? [entries.get(id)].filter((e): e is Entry => !!e) : [...entries.values()];
      for (const entry of targets) {
        if (entry.status !== 'failed') continue;
        entry.error = undefined;
        entry.attempts++;
        entry.bytesUploaded = 0;
        requeue(entry);
      }
      started = true;
      uploader.ready().then(pump, failWaiting);
    },
    clearFinished() {
      for (const [id, entry] of entries) if (entry.status === 'done' || entry.status === 'canceled') entries.delete(id);
      queueOrder = queueOrder.filter((id) => entries.has(id));
      queueOrder.forEach((id, order) => {
        const entry = entries.get(id);
        if (entry) entry.order = order;
      });
      queueCursor = 0;
      changed(true);
    },
    subscribe(listener) {
      storeListeners.add(listener);
      return () => storeListeners.delete(listener);
    },
    getSnapshot() {
      // A reader between a change and its notification sees the change, but nobody is notified from here:
      // React reads snapshots while rendering, and a listener call then would update state mid-render.
      rebuild();
      return snapshot;
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
      if (notifyTimer !== undefined) clearTimeout(notifyTimer);
      listeners.clear();
      storeListeners.clear();
      byUppyId.clear();
      uppy.destroy();
      entries.clear();
      for (const waiter of waiters) waiter.reject(new Error('the uploader was destroyed before the upload finished'));
      waiters = [];
    },
  };
  return uploader;
}
