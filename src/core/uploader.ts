/**
 * `createSpaceUploader`: the batch lives in our own store; Uppy (with tus, or the plain-PUT fallback,
 * configured from the server's capabilities) only ever holds the few files uploading right now. Uppy 6's
 * `addFiles` copies its whole files map once per added file, so 10,000 files handed over at once would take
 * seconds of main thread; here adding 10,000 files is a loop over our own array.
 */
import Uppy, { type UppyFile } from '@uppy/core';
import Tus from '@uppy/tus';
import XHRUpload from '@uppy/xhr-upload';
import { DefaultHttpStack } from 'tus-js-client';
import { type AccessTokenSource, createTokenProvider } from './auth.js';
import { fetchCapabilities, type UploadCapabilities } from './capabilities.js';
import { createChecksumHttpStack, metadataChecksum, sha1OfBlob } from './checksum.js';
import { encodeSegment, folderUrl, joinAsIs, joinPath, normalizeServerUrl, pathSegments } from './endpoints.js';
import { UploadError } from './errors.js';
import { createFolders, limiter } from './folders.js';
import { bearerOf, discardBody, sendAuthorized } from './http.js';
import { randomUuid } from './ids.js';
import { listFolder } from './listing.js';
import {
  buildUploadMetadata,
  filterMetadata,
  METADATA_FIELDS,
  type MetadataField,
  splitRelativePath,
  type UploadContext,
  type UploadMetadata,
} from './metadata.js';
import { type BatchPlan, type ConflictHandler, freeBytes, planBatch, readSpaceQuota } from './plan.js';
import { createReadableHeadersHttpStack, readHeader } from './readable-headers.js';
import {
  createResumeStore,
  memoryStorage,
  partialHash,
  type ResumeContext,
  type ResumeFileInfo,
  type ResumeRecord,
  type ResumeStorageBackend,
  uploadUrlExpiry,
} from './resume.js';
import {
  EMPTY_SNAPSHOT,
  type FileStatus,
  type FolderError,
  type SpaceHold,
  summarize,
  type UploaderSnapshot,
  type UploadItem,
  type UploadLogEntry,
  type UploadResult,
} from './state.js';
import { resolveTransfer, retryDecision, type Transfer, type TransferOptions } from './transfer.js';
import { isCrossOrigin, optInHeaderAllowed } from './wire.js';

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

/** What Uppy logs through (its `logger` option). */
export interface UploaderLogger {
  debug(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

const QUIET_LOGGER: UploaderLogger = { debug() {}, warn() {}, error() {} };

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
  /** `Accept-Language`; default the browser's language. A function is asked per request (a page that switches
   * language needs no new uploader, which would cancel what is uploading). */
  language?: string | (() => string | undefined);
  /** For the capabilities and folder requests; default the global `fetch`. */
  fetch?: typeof fetch;
  /** Uppy instance id (and prefix of Uppy's file ids); default `space-uploader`. */
  id?: string;
  /**
   * Uppy's logger. Default: silent, since every failure Uppy would print reaches you as a typed `UploadError`
   * (with its request id), and most (a 401 refreshed, a 507 held, a cut resumed) are handled. For diagnostics pass
   * `debugLogger` from `@uppy/core`, or `console`.
   */
  logger?: UploaderLogger;
  /**
   * Request headers outside a stock oCIS's CORS list that your server allows from the page's origin
   * (`Initiator-ID`, `X-OC-Mtime`, `OC-Checksum`). On the server's own origin they are always sent; across
   * origins only when listed here, since one refused header fails the whole request. See README "Cross-origin".
   */
  corsAllowedHeaders?: readonly string[];
  /**
   * Where files go that reach Uppy another way (its Dashboard, a plugin, `uppy.addFile`): they join this
   * uploader's queue and start at once. Without a target such files are refused. See `setTarget`.
   */
  target?: UploadContext;
  /**
   * Decides each name conflict found before upload (a file or dropped folder whose name is taken in the
   * target). Default: folders merge, files are kept both (`name (1).ext`); nothing is overwritten unasked.
   */
  onConflict?: ConflictHandler;
  /**
   * Continue uploads after a reload or crash: resume records (upload URL, its expiry, file, target; never a
   * token) are kept per user in `storage` (default `localStorage`). When the same file (name, size, date and a
   * hash of its edges) is added again for the same target, it continues from the server's offset.
   * Without this option records live in memory: a paused or retried upload resumes, a reload starts over.
   */
  resume?: {
    userId: string;
    storage?: ResumeStorageBackend;
    /**
     * Also keep each unfinished file's bytes (IndexedDB) so that `continueInterrupted(key)` goes on after a
     * reload without the user picking the file again. Off by default: every file is copied once.
     */
    keepFileBytes?: boolean;
  };
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
  /** Checked against the target (listing, conflicts, quota); until then `path` is where it was dropped. */
  planned: boolean;
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
  /** The checks before upload found these conflicts and resolved them so. */
  planned: (plan: BatchPlan) => void;
  /** An empty folder of a drop could not be created (also in `snapshot.folderErrors`). */
  'folder-error': (failure: FolderError) => void;
  /** Nothing is queued or moving any more (paused files excepted). */
  complete: (summary: { successful: UploadResult[]; failed: UploadFailure[] }) => void;
}

export interface SpaceUploader {
  readonly uppy: SpaceUppy;
  /** A random id sent as `Initiator-ID` with every request where that header is allowed (see `corsAllowedHeaders`). */
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
  /**
   * Resumes paused files. A file waiting for free space (`hold: 'quota'`) goes only when the server reports
   * enough free space for what waits in its space (checked again here; the hold's figures are updated).
   */
  resume(id?: string): void;
  /** Resumes only the files waiting for free space (of one space, or all), after checking the space again. */
  resumeHeld(spaceId?: string): void;
  /**
   * After `signInRequired`: the user signed in again. Optionally a new token (source); files waiting for it go
   * on from their offsets.
   */
  signedIn(accessToken?: AccessTokenSource): void;
  /**
   * Uploads this user started earlier and did not finish (kept with the `resume` option), oldest first. Adding the
   * same file again for the same target continues it from the server's offset.
   */
  interrupted(): ResumeRecord[];
  /**
   * Forgets one interrupted upload (by `key`), or all of this user's: the record, its kept bytes, and the
   * partial upload on the server (tus DELETE, best effort).
   */
  forgetInterrupted(key?: string): void;
  /**
   * With `resume.keepFileBytes`: continues an interrupted upload from its kept bytes, to where it was going,
   * from the server's offset. Resolves with the new item's id, or `undefined` when no bytes are kept for it.
   */
  continueInterrupted(key: string): Promise<string | undefined>;
  /** Cancels a file (tus DELETE when started), or every unfinished file. */
  cancel(id?: string | readonly string[]): void;
  /** Queues a failed file again, or every failed file (and, without an id, creates failed empty folders again). */
  retry(id?: string): void;
  /** Forgets finished (done, canceled and skipped) files, and the empty folders that were not created. */
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
    readHeader(xhr, 'X-Request-Id');
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

/** Files added together to one folder: planned together. */
interface Batch {
  context: UploadContext;
  /** The folder the batch goes to (absolute in the space). */
  baseFolder: string;
  /** Folders of the drop with no file in them (segments); created with the batch's first plan. */
  emptyFolders: string[][];
  /** New folders waiting for a quota hold to lift. */
  foldersOnHold: string[];
  /** Aborts the checks (and a conflict question) when every file of the batch is canceled. */
  controller: AbortController;
  /** Settles once every file's size and date are read (see `Entry.size`). */
  measured: Promise<void>;
}

/** One file of the batch: its plan, its state (the fields the snapshot's item shows), and that item. */
interface Entry
  extends FilePlan,
    Pick<
      UploadItem,
      | 'status'
      | 'bytesUploaded'
      | 'speed'
      | 'timeLeft'
      | 'error'
      | 'result'
      | 'attempts'
      | 'hold'
      | 'replaces'
      | 'renamedFrom'
      | 'caseCollision'
      | 'restarts'
    > {
  log: UploadLogEntry[];
  /** The tus upload URL last seen for this file (a new one means the upload started over). */
  uploadUrl: string | undefined;
  file: File;
  /**
   * `file.size` and `file.lastModified`, once read. Chromium asks the browser process for them (synchronously, about
   * 0.4 ms per file on 2 cores) the first time either is touched, so `addFiles` never does: they are read in short
   * slices before the checks (`measure`), and on demand through `sizeOf`/`mtimeOf`.
   */
  size: number | undefined;
  lastModified: number | undefined;
  meta: UploadMetadata;
  batch: Batch;
  /** Name and folders inside the drop as given (before "keep both"): planning starts from these. */
  source: { name: string; folders: string[] };
  topLevelFolderId: string | undefined;
  /** Whole-file SHA-1 (hex) once hashed. */
  sha1: string | undefined;
  /** Hash of the file's edges (for resume records), once computed. */
  edgeHash: string | undefined;
  /** The resume record this file continues (`continueInterrupted`). */
  resumeKey: string | undefined;
  /** Its `relativePath` when it continues a file of a dropped folder (it goes straight to that file's folder). */
  continuedAs: string | undefined;
  /** Folders that must exist before this file can go (absolute in the space). */
  needsFolder: string | undefined;
  lastProgress: { at: number; bytes: number } | undefined;
  view: UploadItem | undefined;
  /** Position in `queueOrder`. */
  order: number;
}

const PROGRESS_NOTIFY_MS = 100;
/** Shared by every item with no log yet (items are frozen; 10,000 empty copies cost the adding task 5 ms). */
const NO_LOG: readonly UploadLogEntry[] = Object.freeze([]);
/** Reading files' sizes and dates yields to the page after this long (a long task is one over 50 ms). */
const MEASURE_SLICE_MS = 30;
/** From this many items, status changes reach listeners once per frame instead of once per microtask. */
const MANY_ITEMS = 200;
const FRAME_MS = 16;

/** The file's size, read now if it was not yet (see `Entry.size`). */
const sizeOf = (entry: Entry): number => (entry.size ??= entry.file.size);
const mtimeOf = (entry: Entry): number => (entry.lastModified ??= entry.file.lastModified);
/** The 507 rule: a file at least as big as one the server refused would be refused too (no size: every file). */
const atLeast = (refusedSize: number | undefined, entry: Entry): boolean =>
  refusedSize === undefined || sizeOf(entry) >= refusedSize;

/**
 * Lets the page paint, handle input and run other tasks: a MessageChannel task (not throttled in background tabs, and
 * queued fairly behind tasks already waiting; `scheduler.yield()` would run first and starve React's own updates).
 */
const yieldToPage = (): Promise<void> =>
  new Promise((resolve) => {
    if (typeof MessageChannel !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
/** Files up to this size are hashed with WebCrypto in one read: a worker round trip would cost more than it saves. */
const SMALL_FILE_HASH_BYTES = 4 * 1024 * 1024;

/** Whole-file SHA-1 (hex): small files at once with WebCrypto, bigger ones streamed in the worker. */
async function sha1Of(file: Blob, signal: AbortSignal): Promise<string> {
  if (file.size > SMALL_FILE_HASH_BYTES || !globalThis.crypto?.subtle) return sha1OfBlob(file, { signal });
  const digest = await crypto.subtle.digest('SHA-1', await file.arrayBuffer());
  signal.throwIfAborted();
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** One value of a tus `Upload-Metadata` header (`key base64,key base64`), decoded as UTF-8. */
function metadataValue(header: string | undefined, key: string): string | undefined {
  for (const pair of header?.split(',') ?? []) {
    const [name, value] = pair.trim().split(' ');
    if (name !== key) continue;
    try {
      return new TextDecoder().decode(Uint8Array.from(atob(value ?? ''), (c) => c.charCodeAt(0)));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A Retry-After longer than this is cut short (the retries stay bounded in time too). */
const MAX_RETRY_AFTER_MS = 60_000;

/** `Retry-After` in milliseconds: delay-seconds or an HTTP date; `undefined` when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
/** Speed is smoothed over progress events at least this far apart. */
const SPEED_SAMPLE_MS = 250;
const UNFINISHED: ReadonlySet<FileStatus> = new Set(['queued', 'preparing', 'uploading', 'paused', 'finalizing']);

export function createSpaceUploader(options: SpaceUploaderOptions): SpaceUploader {
  const serverUrl = normalizeServerUrl(options.serverUrl);
  let tokens = createTokenProvider(options.accessToken);
  const initiatorId = randomUuid();
  const language = (): string =>
    (typeof options.language === 'function' ? options.language() : options.language) ??
    globalThis.navigator?.language ??
    'en';
  const allowed = options.allowedMetaFields ?? true;
  const wireFields =
    allowed === true
      ? [...METADATA_FIELDS]
      : Object.keys(filterMetadata(Object.fromEntries(METADATA_FIELDS.map((k) => [k, k])), allowed));
  const uppy: SpaceUppy = new Uppy<SpaceUploadMeta, SpaceUploadBody>({
    id: options.id ?? 'space-uploader',
    logger: options.logger ?? QUIET_LOGGER,
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
  /** MKCOLs of every batch together: at most 3 at once. */
  const mkcolSlot = limiter(3);
  const folderProgress = { total: 0, settled: 0, running: 0 };
  /** Empty folders that could not be created (`snapshot.folderErrors`), with what `retry()` creates again. */
  let folderErrors: Array<FolderError & { retryPaths: string[] }> = [];
  const noteFolderError = (spaceId: string, path: string, error: UploadError, retryPaths: string[]) => {
    folderErrors = [
      ...folderErrors.filter((f) => f.spaceId !== spaceId || f.path !== path),
      { spaceId, path, error, retryPaths },
    ];
    emit('folder-error', { spaceId, path, error });
    changed(true);
  };
  /** The figures of the last quota check per space (a 507 leaves them unknown). */
  const holds = new Map<string, { needed?: number; available?: number; missing?: number }>();
  /** The smallest file per space the server refused with 507 since its hold began (smaller ones may still fit). */
  const refusedSizes = new Map<string, number>();
  const batches = new Set<Batch>();
  let target = options.target;
  /** The server announced the tus `checksum` extension with sha1 (per-chunk checksums may be sent). */
  let chunkChecksums = false;
  /** The token was refused and could not be refreshed: uploads wait for `signedIn()`. */
  let signInNeeded = false;
  /** Retry-After: no request to this URL (`*`: to any) before this time (ms). */
  const notBefore = new Map<string, number>();
  /** tus fingerprint (as @uppy/tus makes it: `tus-{uppy file id}-{endpoint}`) → the file, for resume records. */
  const fingerprints = new Map<string, ResumeFileInfo>();
  const resumeStore = createResumeStore({
    userId: options.resume?.userId ?? 'this-page',
    // With `resume` the store picks localStorage unless given one; without it records stay in this page.
    storage: options.resume ? options.resume.storage : memoryStorage(),
    describe: (fingerprint) => fingerprints.get(fingerprint),
    ...(options.resume?.keepFileBytes ? { keepFileBytes: true } : {}),
  });
  const persistResume = options.resume !== undefined;

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
    // Nobody listening (headless use): the snapshot is built when read, not on every change (1,000 files: 0.6 s).
    if (storeListeners.size === 0) return;
    rebuild();
    if (!unnotified) return;
    unnotified = false;
    for (const listener of [...storeListeners]) listener();
  };
  /**
   * Status changes reach listeners at once (next microtask), or with `MANY_ITEMS` files and more once per frame (each
   * snapshot costs O(files); it also makes adding thousands of files and drawing them two tasks, not one long one);
   * progress at most every 100 ms.
   */
  const changed = (urgent: boolean) => {
    dirty = true;
    unnotified = true;
    if (destroyed) return;
    if (!urgent) {
      notifyTimer ??= setTimeout(flush, PROGRESS_NOTIFY_MS);
      return;
    }
    if (notifyQueued) return;
    notifyQueued = true;
    if (entries.size < MANY_ITEMS) queueMicrotask(flush);
    else setTimeout(flush, FRAME_MS);
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
      size: e.size ?? 0,
      measured: e.size !== undefined,
      type: e.meta.type ?? 'application/octet-stream',
      status: e.status,
      bytesUploaded: e.bytesUploaded,
      speed: e.speed,
      timeLeft: e.timeLeft,
      error: e.error,
      result: e.result,
      attempts: e.attempts,
      hold: e.hold,
      replaces: e.replaces,
      renamedFrom: e.renamedFrom,
      caseCollision: e.caseCollision,
      restarts: e.restarts,
      log: e.log.length === 0 ? NO_LOG : [...e.log],
    }));
  function buildSnapshot(): UploaderSnapshot {
    const items = Array.from(entries.values(), viewOf);
    const { totals, status } = summarize(items);
    let checking = 0;
    const held = new Map<string, { files: number; spaceName: string | undefined }>();
    for (const e of entries.values()) {
      if (!e.planned && (e.status === 'preparing' || e.status === 'paused')) checking++;
      if (e.hold === 'quota' && e.status === 'paused') {
        const h = held.get(e.context.space.id) ?? { files: 0, spaceName: e.context.space.name };
        h.files++;
        held.set(e.context.space.id, h);
      }
    }
    const holdList: SpaceHold[] = [...held].map(([spaceId, h]) => {
      const figures = holds.get(spaceId);
      return Object.freeze({
        spaceId,
        spaceName: h.spaceName,
        reason: 'quota',
        files: h.files,
        needed: figures?.needed,
        available: figures?.available,
        missing: figures?.missing,
      });
    });
    return Object.freeze({
      items,
      totals,
      status: setupError && (status === 'idle' || status === 'uploading') && items.length > 0 ? 'failed' : status,
      capabilities,
      error: setupError,
      holds: Object.freeze(holdList),
      signInRequired: signInNeeded,
      preparation: Object.freeze({
        checking,
        foldersTotal: folderProgress.total,
        foldersSettled: folderProgress.settled,
      }),
      folderErrors: Object.freeze(folderErrors.map(({ retryPaths: _, ...shown }) => Object.freeze(shown))),
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

  // Decided once: the server URL and the page's origin do not change.
  const optIn = (header: string) => optInHeaderAllowed(header, serverUrl, options.corsAllowedHeaders);
  const sendInitiatorId = optIn('Initiator-ID');
  const crossOrigin = isCrossOrigin(serverUrl);
  const requestHeaders = async (): Promise<Record<string, string>> => {
    const token = await tokens.get();
    return {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      'X-Request-ID': randomUuid(),
      // Without it oCIS answers a refused token with a Basic challenge, and the browser holds the request open
      // behind its own login prompt instead of letting the page see the 401.
      'X-Requested-With': 'XMLHttpRequest',
      'Accept-Language': language(),
      ...(sendInitiatorId ? { 'Initiator-ID': initiatorId } : {}),
    };
  };
  const refreshedAfterSilence = new Set<string>();
  /**
   * Across origins oCIS's proxy refuses a token with a 401 that has no CORS headers: the page sees no answer at all.
   * A request that carried `token` and got none may be that: the token is refreshed, once per token (a fresh one
   * that meets silence too is a network failure). `undefined` when it is not (same origin, fixed token, done).
   */
  const refreshAfterSilence = (token: string | undefined): Promise<string | undefined> | undefined => {
    if (!crossOrigin || !tokens.refreshable || !token || refreshedAfterSilence.has(token)) return undefined;
    refreshedAfterSilence.add(token);
    return tokens.refresh(token);
  };

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
        urlStorage: resumeStore,
        // Headers are read only when readable (across origins most are hidden); per-chunk checksums only once the
        // server announced the tus checksum extension (an unknown header could fail CORS).
        httpStack: createReadableHeadersHttpStack(
          t.checksum.perChunk
            ? createChecksumHttpStack(new DefaultHttpStack({}), { enabled: () => chunkChecksums })
            : new DefaultHttpStack({}),
        ),
        onAfterResponse(
          req: { getURL(): string },
          res: { getHeader(name: string): string | undefined; getStatus(): number },
        ) {
          const extensions = res.getHeader('Tus-Extension') ?? '';
          const algorithms = res.getHeader('Tus-Checksum-Algorithm') ?? '';
          if (/(^|,)\s*checksum\s*(,|$)/i.test(extensions) && /(^|,)\s*sha1\s*(,|$)/i.test(algorithms))
            chunkChecksums = true;
          // oCIS sends Upload-Expires (unix seconds) on creation and on each PATCH: the resume record keeps it.
          // Across origins it is hidden; the upload URL's own token says the same.
          if (res.getStatus() < 300) {
            const location = res.getHeader('Location');
            const uploadUrl = location ? new URL(location, req.getURL()).href : req.getURL();
            const expires = Number(res.getHeader('Upload-Expires')) || uploadUrlExpiry(uploadUrl);
            if (expires !== undefined && expires > 0) resumeStore.noteExpiry(uploadUrl, expires);
          }
        },
        async onBeforeRequest(req) {
          // A Retry-After the server sent for this URL (or for everyone, with 429) is waited out first.
          const wait = Math.max(notBefore.get(req.getURL()) ?? 0, notBefore.get('*') ?? 0) - Date.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(wait, MAX_RETRY_AFTER_MS)));
          for (const [name, value] of Object.entries(await requestHeaders())) req.setHeader(name, value);
        },
        onShouldRetry(error, attempt, _options, next) {
          const status = error.originalResponse?.getStatus();
          const method = (
            error.originalRequest?.getHeader('X-HTTP-Method-Override') ?? error.originalRequest?.getMethod()
          )?.toUpperCase();
          const decision = retryDecision(status, method === 'PATCH' || method === 'HEAD');
          if (decision === 'fail') return false;
          // A creation (the one tus request the token authorises) that got no answer may have met a refused token.
          if (status === undefined && method === 'POST') {
            const refreshing = refreshAfterSilence(bearerOf(error.originalRequest?.getHeader('Authorization')));
            if (refreshing) {
              refreshing.catch(() => needSignIn());
              return true;
            }
          }
          if (decision === 'refresh-token-and-retry') {
            if (!tokens.refreshable) return false;
            // The next request's onBeforeRequest waits for this shared refresh; if it fails, everything waits for
            // the user to sign in again (see `signedIn`).
            tokens.refresh(bearerOf(error.originalRequest?.getHeader('Authorization'))).catch(() => needSignIn());
            return true;
          }
          // Retried 4xx that tus-js-client's own rule would not retry: 460 (the chunk was discarded: send it again)
          // and 403/404 on the upload URL (the retry's HEAD fails the same way, and tus-js-client then creates a
          // fresh upload of the file, counted in its log).
          // (With per-chunk checksums on, a 460 there may be that chunk's own: it is sent again, bounded.)
          const chunksChecked = t.checksum.perChunk && chunkChecksums;
          if (status === 460 && !chunksChecked && reachesEnd(error.originalRequest)) return false;
          if (status === 460 || status === 403 || status === 404) return true;
          const retryAfter = retryAfterMs(error.originalResponse?.getHeader('Retry-After'));
          if (retryAfter !== undefined && (status === 423 || status === 429 || status === 503)) {
            const url = error.originalRequest?.getURL();
            // 429 is about this client as a whole; 423 and 503 about this resource.
            notBefore.set(status === 429 ? '*' : (url ?? '*'), Date.now() + retryAfter);
          }
          // 429 slows the whole queue (the wait above, or the next retry delay) and is retried like any other
          // failure: bounded per stretch without progress by tus-js-client. (@uppy/tus's own 429 rule draws from one
          // delay list for the uploader's whole life: the fifth 429 ever failed the file.)
          if (status === 429) {
            if (retryAfter === undefined)
              notBefore.set('*', Math.max(notBefore.get('*') ?? 0, Date.now() + (t.retryDelays[attempt] ?? 1000)));
            return true;
          }
          // Uppy's own rule for the rest: offline pauses the queue until the browser is online again.
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
        headers: (file): Record<string, string> => {
          // Both are outside oCIS's default CORS list: across origins only where the integrator allowed them.
          const headers: Record<string, string> =
            file.meta.mtime && optIn('X-OC-Mtime') ? { 'X-OC-Mtime': String(file.meta.mtime) } : {};
          // oCIS checks a PUT's body against OC-Checksum.
          const sha1 = byUppyId.get((file as SpaceUppyFile).id)?.sha1;
          if (sha1 && optIn('OC-Checksum')) headers['OC-Checksum'] = `SHA1:${sha1}`;
          return headers;
        },
        async onBeforeRequest(xhr) {
          for (const [name, value] of Object.entries(await requestHeaders())) xhr.setRequestHeader(name, value);
        },
        async onAfterResponse(xhr) {
          if (xhr.status === 401 && tokens.refreshable) await tokens.refresh(undefined).catch(() => undefined);
          // No answer (status 0) may be a refused token across origins, as for tus.
          if (xhr.status === 0 && crossOrigin)
            await refreshAfterSilence(await tokens.get().catch(() => undefined))?.catch(() => undefined);
        },
        shouldRetry: (xhr) => {
          const decision = retryDecision(xhr.status);
          return decision === 'retry' || (decision === 'refresh-token-and-retry' && tokens.refreshable);
        },
        getResponseData: (xhr) => ({
          fileId: readHeader(xhr, 'Oc-Fileid'),
          etag: readHeader(xhr, 'Oc-Etag') ?? readHeader(xhr, 'Etag'),
        }),
      });
    }
  }

  /**
   * A data request carrying a file's last bytes, when the file has a whole-file checksum. A 460 there may be the
   * server's check of the whole file (strict tus servers then drop the upload): sending again would start over
   * with the same checksum and fail the same way, so the file fails as damaged at once (a retry hashes it again).
   */
  function reachesEnd(request: { getURL(): string; getHeader(name: string): string | undefined } | undefined) {
    if (!request || transfer?.protocol !== 'tus') return false;
    const url = request.getURL();
    // A PATCH goes to the file's upload URL; a creation with data (small files) to its folder, naming the file.
    const filename = metadataValue(request.getHeader('Upload-Metadata'), 'filename');
    const entry = [...byUppyId.values()].find(
      (e) => e.uploadUrl === url || (e.endpoint === url && filename !== undefined && e.name === filename),
    );
    const offset = Number(request.getHeader('Upload-Offset') ?? 0);
    return !!entry?.sha1 && offset + transfer.chunkSize >= sizeOf(entry);
  }

  // ---- Uppy → store ----------------------------------------------------------------------------------------

  /**
   * tus-js-client starts a fresh upload by itself when the server refuses the old URL on resume (403: expired;
   * 404: gone): a new upload URL for the same file is that restart. Counted and logged on the file.
   */
  const noteUploadUrl = (entry: Entry) => {
    const url = entry.uppyId
      ? (uppy.getFile(entry.uppyId)?.tus as { uploadUrl?: string } | undefined)?.uploadUrl
      : undefined;
    if (!url || url === entry.uploadUrl) return;
    if (entry.uploadUrl !== undefined) {
      entry.restarts++;
      entry.log.push({
        at: Date.now(),
        message: 'the server no longer accepted the upload URL (expired or gone): started a fresh upload',
      });
      touch(entry);
    }
    entry.uploadUrl = url;
  };

  /** Uppy holds a file only while it uploads; it is let go after its outcome (next tick: tus still cleans up). */
  const release = (entry: Entry) => {
    const uppyId = entry.uppyId;
    if (!uppyId) return;
    entry.uppyId = undefined;
    byUppyId.delete(uppyId);
    setTimeout(() => {
      // tus is done with this file's fingerprint once Uppy lets go of it (a later try registers it again).
      fingerprints.delete(`tus-${uppyId}-${entry.endpoint}`);
      if (uppy.getFile(uppyId)) uppy.removeFile(uppyId);
      pump();
    }, 0);
  };

  uppy.on('upload-progress', (file, progress) => {
    const entry = file && byUppyId.get(file.id);
    if (!entry || (entry.status !== 'uploading' && entry.status !== 'finalizing')) return;
    noteUploadUrl(entry);
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
    entry.timeLeft = entry.speed > 0 ? Math.max(0, sizeOf(entry) - bytes) / entry.speed : undefined;
    const finalizing = bytes >= sizeOf(entry);
    if (finalizing !== (entry.status === 'finalizing')) {
      entry.status = finalizing ? 'finalizing' : 'uploading';
      touch(entry);
    } else touch(entry, false);
    emit('progress', { id: entry.id, bytesUploaded: bytes, bytesTotal: sizeOf(entry) });
  });

  uppy.on('upload-success', (file, response) => {
    const entry = file && byUppyId.get(file.id);
    if (!entry) return;
    noteUploadUrl(entry);
    const body = response.body;
    // Across origins a header the server does not expose reads as null (and Chromium logs a warning): only
    // headers the response lists are read.
    const fileId = body?.fileId ?? readHeader(body?.xhr, 'Oc-Fileid');
    const etag = body?.etag ?? readHeader(body?.xhr, 'Oc-Etag') ?? readHeader(body?.xhr, 'Etag');
    entry.error = undefined;
    entry.bytesUploaded = sizeOf(entry);
    release(entry);
    if (fileId) {
      succeed(entry, fileId, etag);
      return;
    }
    // oCIS does not expose Oc-Fileid to other origins (its creation answer exposes only Tus-Resumable,
    // Upload-Offset and Location): the file is asked for its id (PROPFIND, Depth 0) before it counts as done.
    setStatus(entry, 'finalizing');
    stampEmptyFile(entry)
      .then(
        (stamped) =>
          stamped ??
          listFolder(entry.fileUrl, {
            depth: '0',
            untilProcessed: true,
            headers: requestHeaders,
            onUnauthorized: refreshAfter401,
            ...(options.fetch ? { fetch: options.fetch } : {}),
          }).then((found) => found && { fileId: found.self.fileId, etag: found.self.etag }),
      )
      .catch(() => undefined)
      .then((found) => {
        if (entry.status === 'finalizing') succeed(entry, found?.fileId, etag ?? found?.etag);
      });
  });

  /**
   * oCIS stores a 0-byte tus upload with the time of upload, whatever its `mtime` metadata says (a plain PUT with
   * `X-OC-Mtime` keeps it). Where that header may be sent, the empty file is PUT once more with its date: its id
   * and etag come with the answer. Across origins without the header the server's date stays (README).
   */
  async function stampEmptyFile(entry: Entry): Promise<{ fileId?: string; etag?: string } | undefined> {
    if (transfer?.protocol !== 'tus' || sizeOf(entry) !== 0 || !optIn('X-OC-Mtime')) return undefined;
    const { response } = await sendAuthorized(
      entry.fileUrl,
      { method: 'PUT', headers: { 'X-OC-Mtime': String(Math.floor(mtimeOf(entry) / 1000)) }, body: '' },
      { headers: requestHeaders, onUnauthorized: refreshAfter401, ...(options.fetch ? { fetch: options.fetch } : {}) },
    );
    await discardBody(response);
    if (!response.ok) {
      entry.log.push({ at: Date.now(), message: `keeping the empty file's date answered ${response.status}` });
      return undefined;
    }
    const fileId = response.headers.get('Oc-Fileid') ?? undefined;
    return fileId
      ? { fileId, etag: response.headers.get('Oc-Etag') ?? response.headers.get('Etag') ?? undefined }
      : undefined;
  }

  function succeed(entry: Entry, fileId: string | undefined, etag: string | undefined): void {
    entry.result = {
      id: entry.id,
      name: entry.name,
      spaceId: entry.context.space.id,
      path: entry.path,
      size: sizeOf(entry),
      fileId,
      etag,
      uploadId: entry.uploadId,
    };
    setStatus(entry, 'done');
    emit('upload-success', entry.result);
    settleCheck();
  }

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
    const reason = toUploadError(error);
    // Already waiting for a new token (a request that was on its way out failed too): Uppy has given up on the
    // file, so it leaves Uppy and `signedIn` queues it again.
    if (entry.hold === 'sign-in') {
      release(entry);
      return;
    }
    if (reason.kind === 'unauthorized') {
      // tus (or PUT) gave up on this file (a fixed token, or a refresh that still gets 401): it waits for sign-in
      // outside Uppy, and goes again on `signedIn` (tus from the server's offset, through its resume record).
      release(entry);
      entry.hold = 'sign-in';
      entry.bytesUploaded = 0; // what the server keeps is found again when it goes on (its resume record)
      setStatus(entry, 'paused');
      needSignIn();
      return;
    }
    release(entry);
    if (reason.kind === 'integrity' && entry.uploadUrl) {
      // Damaged on arrival: a retry starts a fresh upload (with a fresh hash), not the refused one again.
      const damaged = entry.uploadUrl;
      for (const record of resumeStore.list()) if (record.uploadUrl === damaged) resumeStore.forget(record.key);
      entry.uploadUrl = undefined;
    }
    if (reason.kind === 'quota') holdSpace(entry.context.space.id, [entry], undefined, sizeOf(entry));
    else fail(entry, reason);
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
    if (room <= 0) {
      hashAhead();
      return;
    }
    const adding: Entry[] = [];
    // The cursor only moves past files that can never be picked again from here; retried and resumed files
    // rewind it (see `requeue`).
    for (let i = queueCursor; i < queueOrder.length && room > 0; i++) {
      const entry = entries.get(queueOrder[i] as string);
      if (i === queueCursor && (!entry || (entry.status !== 'queued' && entry.status !== 'paused'))) queueCursor++;
      if (entry?.status !== 'queued' || entry.needsFolder) continue;
      if (!prepared(entry)) continue; // still to be hashed
      if (!addToUppy(entry)) continue;
      adding.push(entry);
      room--;
    }
    hashAhead();
    if (adding.length === 0) return;
    wasBusy = true; // so that `complete` follows when this work settles
    for (const entry of adding) setStatus(entry, 'uploading');
    uppy.upload().catch(() => undefined);
  }

  // ---- whole-file checksums: hashed one at a time, in queue order, while earlier files upload ----------------

  let hashingNow: Entry | undefined;
  let hashAbort: AbortController | undefined;
  /** Files before this position in `queueOrder` are hashed or not waiting (rewound like `queueCursor`). */
  let hashCursor = 0;
  function hashAhead(): void {
    if (!started || destroyed || !transfer || hashingNow) return;
    if (!transfer.checksum.wholeFile && !persistResume) return;
    hashCursor = Math.max(hashCursor, queueCursor);
    // Stay a few files ahead of the uploads, not the whole batch: the CPU is shared with sending.
    let ready = 0;
    for (let i = queueCursor; i < hashCursor; i++) {
      const entry = entries.get(queueOrder[i] as string);
      if (entry?.status === 'queued' && prepared(entry) && ++ready >= transfer.limit * 2) return;
    }
    let next: Entry | undefined;
    for (; hashCursor < queueOrder.length; hashCursor++) {
      const entry = entries.get(queueOrder[hashCursor] as string);
      if (entry?.status === 'queued' && !entry.needsFolder && !prepared(entry)) {
        next = entry;
        break;
      }
    }
    if (!next) return;
    const entry = next;
    hashingNow = entry;
    hashAbort = new AbortController();
    const signal = hashAbort.signal;
    setStatus(entry, 'preparing');
    const wholeFile = transfer.checksum.wholeFile && entry.sha1 === undefined;
    Promise.all([
      wholeFile ? sha1Of(entry.file, signal) : entry.sha1,
      persistResume && entry.edgeHash === undefined ? partialHash(entry.file) : entry.edgeHash,
    ])
      .then(
        ([hex, edges]) => {
          if (hex !== undefined) {
            entry.sha1 = hex;
            entry.meta = { ...entry.meta, checksum: metadataChecksum(hex) };
          }
          entry.edgeHash = edges;
          if (entry.status === 'preparing') requeue(entry);
        },
        (error: unknown) => {
          if (signal.aborted || destroyed) return;
          // The browser could not read the file (moved, deleted, or permission gone): say so, lose nothing quietly.
          if (entry.status === 'preparing')
            fail(entry, new UploadError('the file could not be read', { kind: 'unreadable', cause: error }));
        },
      )
      .finally(() => {
        if (hashingNow === entry) hashingNow = undefined;
        if (entry.status === 'preparing' && !prepared(entry) && signal.aborted) requeue(entry);
        pump();
      });
  }
  /** Hashed as far as this upload needs before it may go. */
  function prepared(entry: Entry): boolean {
    if (transfer?.checksum.wholeFile && entry.sha1 === undefined) return false;
    return !persistResume || entry.edgeHash !== undefined;
  }
  /**
   * @uppy/tus leaves the promise of a termination (tus DELETE) unhandled: a DELETE refused because the upload
   * is already gone (404) or its URL expired (403) would surface as an unhandled rejection. Nothing is lost
   * then, so it is caught here.
   */
  function quietTermination(uppyId: string): void {
    const plugin = uppy.getPlugin('SpaceUploaderTus') as unknown as
      | { uploaders?: Record<string, { abort(terminate?: boolean): Promise<void> } | null> }
      | undefined;
    const upload = plugin?.uploaders?.[uppyId];
    if (!upload) return;
    const abort = upload.abort.bind(upload);
    upload.abort = (terminate) => abort(terminate).catch(() => undefined);
  }
  /** A file being hashed was paused or canceled: stop hashing it. */
  const stopHashing = (entry: Entry) => {
    if (hashingNow === entry) hashAbort?.abort();
  };

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
    fingerprints.set(`tus-${uppyId}-${entry.endpoint}`, {
      name: entry.name,
      size: sizeOf(entry),
      lastModified: mtimeOf(entry),
      spaceId: entry.context.space.id,
      path: entry.path,
      partialHash: entry.edgeHash,
      context: JSON.parse(JSON.stringify(entry.context)) as ResumeContext,
      ...(entry.meta.relativePath ? { relativePath: entry.meta.relativePath } : {}),
      ...(entry.topLevelFolderId ? { topLevelFolderId: entry.topLevelFolderId } : {}),
      ...(options.resume?.keepFileBytes ? { file: entry.file } : {}),
      ...(entry.resumeKey ? { resumeKey: entry.resumeKey } : {}),
      source: entry.file,
      // A stored upload goes on: if the server refuses its URL, the new one that follows is a restart (noteUploadUrl).
      onResume: (url) => {
        entry.uploadUrl ??= url;
      },
    });
    entry.bytesUploaded = 0;
    entry.lastProgress = undefined;
    byUppyId.set(uppyId, entry);
    return true;
  }

  /** A file can be picked again by the pump (retry, resume of a queued file). */
  const requeue = (entry: Entry) => {
    setStatus(entry, 'queued');
    if (entry.order < queueCursor) queueCursor = entry.order;
    if (entry.order < hashCursor) hashCursor = entry.order;
  };

  // ---- checks before upload: the plan ----------------------------------------------------------------------

  /** Folder URLs by space and folder: files of one folder share it (10,000 files: 10,000 fewer encodings). */
  const folderUrls = new Map<string, string>();
  const folderUrlOf = (spaceId: string, folderPath: string) => {
    const key = `${spaceId}\n${folderPath}`;
    let url = folderUrls.get(key);
    if (url === undefined) {
      url = folderUrl(serverUrl, spaceId, folderPath);
      folderUrls.set(key, url);
    }
    return url;
  };

  /** Where a file goes: its folder (below the batch's), its name, and everything derived from those. */
  function place(entry: Entry, folders: readonly string[], name: string, describeNow = true): void {
    const { context, baseFolder } = entry.batch;
    // A path that climbs (`../x`, only from an app's own relativePath) is refused by the checks, naming it; until
    // then it is shown as given and its URL stays in the batch's folder.
    const climbs = folders.includes('..');
    const folderPath =
      folders.length === 0 ? baseFolder : climbs ? joinAsIs(baseFolder, ...folders) : joinPath(baseFolder, ...folders);
    entry.name = name;
    entry.folderPath = folderPath;
    // A plain name (most of them) needs no normalising: 10,000 joins cost the adding task 30 ms.
    // Joined as is: a name the server refuses (`..`, `a/b`) is refused by the checks, naming it, not thrown here.
    entry.path = joinAsIs(folderPath, name);
    entry.endpoint = folderUrlOf(context.space.id, climbs ? baseFolder : folderPath);
    entry.fileUrl = `${entry.endpoint}/${encodeSegment(name)}`;
    if (describeNow) describe(entry, folders);
    else {
      // What a row shows until `measure` describes the file fully (it needs the date, and 10,000 full descriptions
      // would add 50 ms to the task that adds them).
      entry.meta = { name, type: entry.file.type || 'application/octet-stream', ...relativePathOf(entry, folders) };
    }
  }

  /** A file of a dropped folder: its path inside the drop, as placed (after "keep both" of a folder above it). */
  const relativePathOf = (entry: Entry, folders: readonly string[]): { relativePath?: string } =>
    entry.continuedAs
      ? { relativePath: entry.continuedAs }
      : entry.source.folders.length > 0
        ? { relativePath: joinAsIs('/', ...folders, entry.name) }
        : {};

  /**
   * Adds files to the queue (`addFiles`); `continued` is the resume record one file continues: it goes straight to
   * that file's folder (no checks of the folders above, which exist) with its old place in the drop in its metadata.
   */
  function addEntries(
    list: readonly UploadEntry[],
    context: UploadContext,
    addOptions: AddFilesOptions,
    continued?: ResumeRecord,
  ): string[] {
    assertAlive();
    if (!context?.space?.id) throw new TypeError('addFiles needs a context with space.id');
    const batch: Batch = {
      context,
      baseFolder: continued
        ? joinPath(...pathSegments(continued.path).slice(0, -1))
        : joinPath(context.folder?.path ?? '/'),
      emptyFolders: (addOptions.emptyFolders ?? []).map((f) => pathSegments(f.normalize('NFC'))),
      foldersOnHold: [],
      controller: new AbortController(),
      measured: Promise.resolve(),
    };
    const topLevelIds = new Map<string, string>();
    const added: Entry[] = [];
    for (const item of list) {
      const file = item instanceof Blob ? item : item?.file;
      if (!(file instanceof Blob)) throw new TypeError('addFiles takes File objects (or { file, relativePath })');
      const given = item instanceof Blob ? undefined : item.relativePath;
      const folders = foldersOf(given ?? ((file as File).webkitRelativePath || undefined));
      const top = folders[0];
      let topLevelFolderId: string | undefined;
      if (top !== undefined) {
        topLevelFolderId = topLevelIds.get(top) ?? randomUuid();
        topLevelIds.set(top, topLevelFolderId);
      }
      const name = ((file as File).name ?? '').normalize('NFC');
      const uploadId = randomUuid();
      const entry = {
        id: `f-${uploadId}`,
        context,
        batch,
        source: { name, folders },
        topLevelFolderId,
        sha1: undefined,
        edgeHash: undefined,
        resumeKey: undefined,
        continuedAs: undefined,
        uploadId,
        uppyId: undefined,
        planned: false,
        file: file as File,
        size: undefined,
        lastModified: undefined,
        status: 'preparing',
        bytesUploaded: 0,
        speed: 0,
        timeLeft: undefined,
        error: undefined,
        result: undefined,
        attempts: 0,
        hold: undefined,
        restarts: 0,
        log: [],
        uploadUrl: undefined,
        replaces: false,
        renamedFrom: undefined,
        caseCollision: undefined,
        needsFolder: undefined,
        lastProgress: undefined,
        view: undefined,
        order: queueOrder.length + added.length,
      } as Omit<Entry, 'name' | 'folderPath' | 'path' | 'endpoint' | 'fileUrl' | 'meta'> as Entry;
      if (continued) {
        entry.resumeKey = continued.key;
        entry.continuedAs = continued.relativePath;
        entry.topLevelFolderId = continued.topLevelFolderId;
      }
      // Where it was dropped, until the checks say otherwise (a name the server refuses stays as given).
      place(entry, folders, name, false);
      entries.set(entry.id, entry);
      added.push(entry);
    }
    if (added.length > 0)
      queueOrder = queueOrder.length === 0 ? added.map((e) => e.id) : queueOrder.concat(added.map((e) => e.id));
    if (added.length > 0 || batch.emptyFolders.length > 0) {
      batches.add(batch);
      batch.measured = measure(added, batch.controller.signal);
      schedulePlan(batch, added);
    }
    changed(true);
    emit('file-added', added.map(viewOf));
    return added.map((e) => e.id);
  }

  /**
   * The folders above a file inside its drop (`A/b/c.txt` → `['A', 'b']`). A path that climbs (`../x`) keeps its
   * `..`, which the checks then refuse with the file's name: one odd path must not throw away the whole list.
   */
  function foldersOf(relativePath: string | undefined): string[] {
    if (!relativePath) return [];
    try {
      const { relativeFolder } = splitRelativePath(relativePath);
      return relativeFolder ? pathSegments(relativeFolder) : [];
    } catch {
      return relativePath
        .normalize('NFC')
        .split('/')
        .filter((s) => s !== '' && s !== '.')
        .slice(0, -1);
    }
  }

  /** The file's upload metadata, from where it goes (`place`) and what is known of it so far. */
  function describe(entry: Entry, folders: readonly string[]): void {
    entry.meta = buildUploadMetadata(
      {
        name: entry.name,
        type: entry.file.type,
        ...(entry.lastModified !== undefined ? { lastModified: entry.lastModified } : {}),
        ...relativePathOf(entry, folders),
        ...(entry.topLevelFolderId ? { topLevelFolderId: entry.topLevelFolderId } : {}),
        ...(entry.sha1 ? { sha1: entry.sha1 } : {}),
        uploadId: entry.uploadId,
        tusEndpoint: entry.endpoint,
      },
      entry.context,
    );
  }

  /** Bytes still to go and paths taken by planned, unfinished files of a space (outside `except`). */
  function queuedIn(spaceId: string, except: ReadonlySet<Entry>) {
    let bytes = 0;
    const paths = new Set<string>();
    for (const e of entries.values()) {
      if (e.context.space.id !== spaceId || !e.planned || except.has(e) || !UNFINISHED.has(e.status)) continue;
      bytes += Math.max(0, sizeOf(e) - e.bytesUploaded);
      paths.add(e.path);
    }
    return { bytes, paths };
  }

  /**
   * Reads the files' sizes and dates in slices of about `MEASURE_SLICE_MS`, so that adding 10,000 picked files never
   * blocks the page (4 s in one task on 2 cores): rows show at once, their sizes as they come.
   */
  async function measure(group: readonly Entry[], signal: AbortSignal): Promise<void> {
    // The rows first: `addFiles` returns and the page paints before the first size is asked for.
    await yieldToPage();
    if (destroyed || signal.aborted) return;
    let sliceStart = performance.now();
    for (let i = 0; i < group.length; i++) {
      const entry = group[i] as Entry;
      sizeOf(entry);
      mtimeOf(entry);
      // Not planned yet: still where it was dropped; described now that its date is known.
      if (!entry.planned) describe(entry, entry.source.folders);
      touch(entry, false);
      if (performance.now() - sliceStart >= MEASURE_SLICE_MS && i < group.length - 1) {
        await yieldToPage();
        if (destroyed || signal.aborted) return;
        sliceStart = performance.now();
      }
    }
  }

  // Batches are checked one after another: conflict questions come one at a time, and "keep both" sees the
  // names an earlier batch will take.
  let planChain: Promise<void> = Promise.resolve();
  const schedulePlan = (batch: Batch, group: Entry[]) => {
    planChain = planChain
      .then(() => runPlan(batch, group))
      .catch((error: unknown) => {
        // A bug of ours must not leave the batch "preparing" for ever: its files fail, saying so.
        if (destroyed) return;
        const reason = new UploadError(`the upload could not be prepared: ${String(error)}`, { cause: error });
        for (const e of group) if (!e.planned && UNFINISHED.has(e.status)) fail(e, reason);
        settleCheck();
      });
  };

  async function runPlan(batch: Batch, group: Entry[]): Promise<void> {
    await batch.measured;
    const live = group.filter((e) => !e.planned && (e.status === 'preparing' || e.status === 'paused'));
    // A drop of empty folders only still has folders to create.
    if (destroyed || (live.length === 0 && batch.emptyFolders.length === 0)) return;
    const spaceId = batch.context.space.id;
    const liveSet = new Set(live);
    const queued = queuedIn(spaceId, liveSet);
    let plan: BatchPlan;
    try {
      plan = await planBatch(
        {
          spaceId,
          baseFolder: batch.baseFolder,
          files: live.map((e) => ({ name: e.source.name, size: sizeOf(e), folders: e.source.folders })),
          emptyFolders: batch.emptyFolders,
          ...(batch.context.space.quota?.remaining !== undefined
            ? { quotaRemaining: batch.context.space.quota.remaining }
            : {}),
          pendingBytes: queued.bytes,
          reservedPaths: queued.paths,
        },
        {
          serverUrl,
          headers: requestHeaders,
          onUnauthorized: refreshAfter401,
          ...(options.onConflict ? { onConflict: options.onConflict } : {}),
          ...(options.fetch ? { fetch: options.fetch } : {}),
          signal: batch.controller.signal,
        },
      );
    } catch {
      // Canceled (every file of the batch, or the whole uploader) while checking or asking.
      if (destroyed) return;
      for (const e of live) if (UNFINISHED.has(e.status)) setStatus(e, 'canceled');
      settleCheck();
      return;
    }
    if (destroyed) return;
    batch.emptyFolders = [];
    for (const refused of plan.refusedFolders) noteFolderError(spaceId, refused.path, refused.error, []);
    const newFolders = new Set(plan.folders);
    const going: Entry[] = [];
    live.forEach((entry, index) => {
      const planned = plan.files[index];
      if (!planned || !UNFINISHED.has(entry.status)) return;
      if (planned.action === 'refuse') {
        fail(entry, planned.error ?? new UploadError('the target could not be checked'));
        return;
      }
      entry.planned = true;
      if (planned.action === 'skip') {
        setStatus(entry, 'skipped');
        return;
      }
      const before = entry.path;
      // Most files keep the place they were dropped at: rebuilding their URLs and metadata would be wasted.
      const moved =
        planned.name !== entry.name ||
        planned.folders.length !== entry.source.folders.length ||
        planned.folders.some((f, i) => f !== entry.source.folders[i]);
      if (moved) place(entry, planned.folders, planned.name);
      entry.renamedFrom = entry.path !== before ? before : undefined;
      entry.replaces = planned.replaces !== undefined;
      entry.caseCollision = planned.caseCollision;
      entry.needsFolder = newFolders.has(entry.folderPath) ? entry.folderPath : undefined;
      going.push(entry);
      touch(entry);
    });
    emit('planned', plan);
    // Folders alone need no space: a drop of empty folders is not held behind files waiting for room.
    if (plan.quota && plan.quota.missing > 0 && going.length > 0) {
      batch.foldersOnHold = plan.folders;
      holdSpace(spaceId, going, plan.quota);
    } else {
      for (const entry of going) if (entry.status === 'preparing' && !entry.needsFolder) requeue(entry);
      if (newFolders.size > 0) ensureFolders(spaceId, plan.folders);
    }
    // A started batch that the checks settled entirely (all refused or skipped) still completes.
    if (started) wasBusy = true;
    settleCheck();
    pump();
  }

  const refreshAfter401 = async (failed: string | undefined) => {
    if (tokens.refreshable) await tokens.refresh(failed).catch(() => undefined);
  };

  // ---- sign in again ---------------------------------------------------------------------------------------

  /** Every unfinished file waits (paused where it is: in-flight uploads keep their upload URL and offset). */
  function needSignIn(): void {
    if (destroyed) return;
    signInNeeded = true;
    for (const entry of entries.values()) {
      if (entry.hold || !UNFINISHED.has(entry.status) || entry.status === 'paused') continue;
      if (entry.status === 'preparing' && !entry.planned) continue; // its checks fail or pass on their own
      stopHashing(entry);
      if (entry.uppyId && !uppy.getFile(entry.uppyId)?.isPaused) uppy.pauseResume(entry.uppyId);
      entry.hold = 'sign-in';
      setStatus(entry, 'paused');
    }
    settleCheck();
  }

  // ---- quota holds -------------------------------------------------------------------------------------------

  /** Files of a full space wait (paused, `hold: 'quota'`) instead of failing one by one. */
  function holdSpace(
    spaceId: string,
    waiting: Entry[],
    figures: { needed?: number; available?: number; missing?: number } | undefined,
    refusedSize?: number,
  ): void {
    holds.set(spaceId, figures ?? holds.get(spaceId) ?? {});
    if (refusedSize !== undefined)
      refusedSizes.set(spaceId, Math.min(refusedSize, refusedSizes.get(spaceId) ?? Infinity));
    // Every file of that space that has not started and is at least as big as the refused one would get the same
    // answer (the server checks each creation's length against what is free); smaller ones may still fit, so they
    // go and are held by their own 507 if they don't. That also keeps the outcome independent of timing.
    const all = new Set(waiting);
    for (const e of entries.values())
      if (
        e.context.space.id === spaceId &&
        e.planned &&
        (e.status === 'queued' || e.status === 'preparing') && // preparing: being hashed, or waiting for its folder
        !e.uppyId &&
        atLeast(refusedSize, e)
      )
        all.add(e);
    const error = quotaError(figures);
    for (const entry of all) {
      if (!UNFINISHED.has(entry.status)) continue;
      stopHashing(entry);
      entry.hold = 'quota';
      entry.error = error;
      entry.bytesUploaded = 0;
      setStatus(entry, 'paused');
    }
    settleCheck();
  }

  /** A space's hold covers a file: a pre-check hold covers all, a 507 those at least as big as a refused one. */
  const holdsFile = (spaceId: string, entry: Entry) => holds.has(spaceId) && atLeast(refusedSizes.get(spaceId), entry);

  const quotaError = (figures: { missing?: number } | undefined) =>
    new UploadError(
      figures?.missing !== undefined
        ? `not enough free space: ${figures.missing} more bytes are needed`
        : 'the space is full (quota exceeded)',
      { kind: 'quota', status: 507 },
    );

  /** Checks the free space again; lifts the hold of those that fit now. */
  async function liftHolds(waiting: Entry[]): Promise<void> {
    const bySpace = new Map<string, Entry[]>();
    for (const e of waiting) bySpace.set(e.context.space.id, [...(bySpace.get(e.context.space.id) ?? []), e]);
    for (const [spaceId, group] of bySpace) {
      const first = group[0] as Entry;
      const others = queuedIn(spaceId, new Set(group));
      let needed = others.bytes;
      for (const e of group) needed += sizeOf(e);
      const quota = await readSpaceQuota(spaceId, {
        serverUrl,
        headers: requestHeaders,
        onUnauthorized: refreshAfter401,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      const available = await freeBytes(quota, async () => {
        const listing = await listFolder(folderUrl(serverUrl, spaceId, first.batch.baseFolder), {
          headers: requestHeaders,
          onUnauthorized: refreshAfter401,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }).catch(() => undefined);
        return listing?.self.quotaAvailable;
      });
      if (destroyed) return;
      if (available !== undefined && needed > available) {
        const figures = { needed, available, missing: needed - available };
        holds.set(spaceId, figures);
        const error = quotaError(figures);
        for (const e of group) if (e.hold) e.error = error;
        for (const e of group) touch(e);
        continue;
      }
      holds.delete(spaceId);
      refusedSizes.delete(spaceId);
      const folders = new Set<string>();
      for (const entry of group) {
        if (entry.status !== 'paused' || !entry.hold) continue;
        entry.hold = undefined;
        entry.error = undefined;
        for (const f of entry.batch.foldersOnHold) folders.add(f);
        entry.batch.foldersOnHold = [];
        if (entry.needsFolder) setStatus(entry, 'preparing');
        else requeue(entry);
      }
      if (folders.size > 0) ensureFolders(spaceId, [...folders]);
    }
    pump();
    settleCheck();
  }

  // ---- folders ---------------------------------------------------------------------------------------------

  /** Creates the batch's new folders (parents first, a few at a time); files wait for their own folder. */
  function ensureFolders(spaceId: string, paths: readonly string[]): void {
    const key = `${spaceId}\n${[...paths].sort().join('\n')}`;
    if (folderJobs.has(key)) return;
    if (folderProgress.running === 0) {
      folderProgress.total = 0;
      folderProgress.settled = 0;
    }
    folderProgress.running++;
    folderProgress.total += paths.length;
    const wanted = new Set(paths);
    const job = (async () => {
      const outcomes = await createFolders(paths, {
        slot: (work) => (destroyed ? Promise.reject(new Error('the uploader was destroyed')) : mkcolSlot(work)),
        serverUrl,
        spaceId,
        exact: true,
        headers: requestHeaders,
        onUnauthorized: refreshAfter401,
        onOutcome: () => {
          folderProgress.settled++;
          changed(false);
        },
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      folderProgress.running--;
      if (destroyed) return;
      // A failed folder with no file waiting below it (an empty one) would fail silently: it is reported itself.
      const waitingBelow = (path: string) =>
        [...entries.values()].some(
          (e) =>
            e.context.space.id === spaceId &&
            UNFINISHED.has(e.status) &&
            !!e.needsFolder &&
            `${e.needsFolder}/`.startsWith(`${path}/`),
        );
      for (const [path, outcome] of outcomes) {
        if (outcome.status !== 'failed' || !outcome.error) continue;
        const parent = outcomes.get(joinPath(...pathSegments(path).slice(0, -1)));
        if (parent?.status === 'failed' || waitingBelow(path)) continue;
        const subtree = [...outcomes.keys()].filter((p) => `${p}/`.startsWith(`${path}/`));
        noteFolderError(spaceId, path, outcome.error, subtree);
      }
      changed(true);
      for (const entry of entries.values()) {
        if (entry.context.space.id !== spaceId || !entry.needsFolder || !wanted.has(entry.needsFolder)) continue;
        const outcome = outcomes.get(entry.needsFolder);
        entry.needsFolder = undefined;
        if (!UNFINISHED.has(entry.status)) continue;
        if (outcome?.status === 'failed' && outcome.error) fail(entry, outcome.error);
        else if (entry.status === 'preparing' && holdsFile(spaceId, entry)) holdSpace(spaceId, [entry], undefined);
        else if (entry.status === 'preparing') requeue(entry);
      }
      pump();
    })();
    folderJobs.set(key, job);
    job.finally(() => folderJobs.delete(key)).catch(() => undefined);
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
      else if ((e?.status === 'failed' || e?.hold === 'quota') && e.error)
        failed.push({ id, name: e.name, path: e.path, error: e.error });
    }
    return { successful, failed };
  };
  let wasBusy = false;
  function settleCheck(): void {
    waiters = waiters.filter((w) => {
      // A file waiting for free space settles the wait (reported as failed with the reason; resumable).
      const open = w.ids.some((id) => {
        const entry = entries.get(id);
        return entry !== undefined && UNFINISHED.has(entry.status) && entry.hold !== 'quota';
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
            language: language(),
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
      return addEntries(list, context, addOptions);
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
          planned: e.planned,
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
        if (entry.status === 'queued' || entry.status === 'preparing') {
          stopHashing(entry);
          setStatus(entry, 'paused');
        } else if ((entry.status === 'uploading' || entry.status === 'finalizing') && entry.uppyId) {
          if (!uppy.getFile(entry.uppyId)?.isPaused) uppy.pauseResume(entry.uppyId);
          setStatus(entry, 'paused');
        }
      }
      settleCheck();
    },
    resume(id) {
      const targets = id ? [entries.get(id)].filter((e): e is Entry => !!e) : [...entries.values()];
      const held: Entry[] = [];
      for (const entry of targets) {
        if (entry.status !== 'paused') continue;
        if (entry.hold === 'quota') held.push(entry);
        else if (entry.hold === 'sign-in')
          continue; // goes on with signedIn()
        else if (!entry.planned) setStatus(entry, 'preparing');
        else if (entry.uppyId) {
          if (uppy.getFile(entry.uppyId)?.isPaused) uppy.pauseResume(entry.uppyId);
          setStatus(entry, 'uploading');
        } else if (entry.needsFolder) setStatus(entry, 'preparing');
        else requeue(entry);
      }
      if (held.length > 0) liftHolds(held).catch(() => undefined);
      pump();
      settleCheck();
    },
    interrupted: () => resumeStore.list(),
    forgetInterrupted(key) {
      const records = resumeStore.list().filter((r) => key === undefined || r.key === key);
      for (const record of records)
        void requestHeaders()
          .then((headers) =>
            (options.fetch ?? globalThis.fetch)(record.uploadUrl, {
              method: 'DELETE',
              headers: { ...headers, 'Tus-Resumable': '1.0.0' },
            }),
          )
          .then(discardBody)
          .catch(() => undefined);
      resumeStore.forget(key);
    },
    async continueInterrupted(key) {
      assertAlive();
      const record = resumeStore.list().find((r) => r.key === key);
      const file = record && (await resumeStore.fileOf(key));
      if (!record || !file || destroyed) return undefined;
      const [id] = addEntries([file], record.context ?? { space: { id: record.spaceId } }, {}, record);
      uploader.start();
      return id;
    },
    signedIn(accessToken) {
      assertAlive();
      if (accessToken !== undefined) tokens = createTokenProvider(accessToken);
      signInNeeded = false;
      for (const entry of entries.values()) {
        if (entry.hold !== 'sign-in' || entry.status !== 'paused') continue;
        entry.hold = undefined;
        if (entry.uppyId) {
          if (uppy.getFile(entry.uppyId)?.isPaused) uppy.pauseResume(entry.uppyId);
          setStatus(entry, 'uploading');
        } else requeue(entry);
      }
      pump();
      settleCheck();
    },
    resumeHeld(spaceId) {
      const held = [...entries.values()].filter(
        (e) => e.status === 'paused' && e.hold === 'quota' && (spaceId === undefined || e.context.space.id === spaceId),
      );
      if (held.length > 0) liftHolds(held).catch(() => undefined);
    },
    cancel(id) {
      const ids = id === undefined ? undefined : typeof id === 'string' ? [id] : id;
      const targets = ids ? ids.map((i) => entries.get(i)).filter((e): e is Entry => !!e) : [...entries.values()];
      for (const entry of targets) {
        if (!UNFINISHED.has(entry.status)) continue;
        const uppyId = entry.uppyId;
        if (uppyId) {
          entry.uppyId = undefined;
          byUppyId.delete(uppyId);
          quietTermination(uppyId);
          uppy.removeFile(uppyId); // @uppy/tus sends the tus DELETE for a started upload
        }
        entry.hold = undefined;
        stopHashing(entry);
        setStatus(entry, 'canceled');
      }
      // A batch with nothing left to check stops its checks (and closes its conflict question).
      const stillChecking = new Set<Batch>();
      for (const e of entries.values()) if (!e.planned && UNFINISHED.has(e.status)) stillChecking.add(e.batch);
      for (const batch of new Set(targets.map((e) => e.batch))) if (!stillChecking.has(batch)) batch.controller.abort();
      pump();
      settleCheck();
    },
    retry(id) {
      const targets = id ? [entries.get(id)].filter((e): e is Entry => !!e) : [...entries.values()];
      const replan = new Map<Batch, Entry[]>();
      for (const entry of targets) {
        if (entry.status !== 'failed') continue;
        // Damaged on arrival: the file may have changed since it was hashed.
        if (entry.error?.kind === 'integrity') entry.sha1 = undefined;
        entry.error = undefined;
        entry.attempts++;
        entry.bytesUploaded = 0;
        if (entry.planned) requeue(entry);
        else {
          // Refused by the checks (or they could not run): check again.
          setStatus(entry, 'preparing');
          replan.set(entry.batch, [...(replan.get(entry.batch) ?? []), entry]);
        }
      }
      for (const [batch, group] of replan) {
        if (batch.controller.signal.aborted) batch.controller = new AbortController();
        schedulePlan(batch, group);
      }
      // Empty folders that failed are tried again too (a refused name would only be refused again).
      if (id === undefined) {
        const again = folderErrors.filter((f) => f.retryPaths.length > 0);
        folderErrors = folderErrors.filter((f) => f.retryPaths.length === 0);
        for (const f of again) ensureFolders(f.spaceId, f.retryPaths);
        if (again.length > 0) changed(true);
      }
      started = true;
      uploader.ready().then(pump, failWaiting);
    },
    clearFinished() {
      for (const [id, entry] of entries)
        if (entry.status === 'done' || entry.status === 'canceled' || entry.status === 'skipped') entries.delete(id);
      const live = new Set([...entries.values()].map((e) => e.batch));
      for (const batch of batches) if (!live.has(batch)) batches.delete(batch);
      queueOrder = queueOrder.filter((id) => entries.has(id));
      queueOrder.forEach((id, order) => {
        const entry = entries.get(id);
        if (entry) entry.order = order;
      });
      queueCursor = 0;
      hashCursor = 0;
      // Folders that were not created are cleared with the finished files (a refused name is not tried again).
      folderErrors = [];
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
      for (const batch of batches) batch.controller.abort();
      hashAbort?.abort();
      if (notifyTimer !== undefined) clearTimeout(notifyTimer);
      listeners.clear();
      storeListeners.clear();
      byUppyId.clear();
      for (const uppyId of Object.keys(uppy.getState().files)) quietTermination(uppyId);
      uppy.destroy();
      entries.clear();
      for (const waiter of waiters) waiter.reject(new Error('the uploader was destroyed before the upload finished'));
      waiters = [];
    },
  };
  return uploader;
}
