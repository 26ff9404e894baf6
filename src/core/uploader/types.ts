/** The uploader's public types: its options, the API it returns, its events. */

import type Uppy from '@uppy/core';
import type { UppyFile } from '@uppy/core';
import type { AccessTokenSource } from '../auth.js';
import type { UploadCapabilities } from '../capabilities.js';
import type { UploadError } from '../errors.js';
import type { MetadataField, UploadContext, UploadMetadata } from '../metadata.js';
import type { BatchPlan, ConflictHandler } from '../plan.js';
import type { ResumeRecord, ResumeStorageBackend } from '../resume.js';
import type { FolderError, UploaderSnapshot, UploadItem, UploadResult } from '../state.js';
import type { Transfer, TransferOptions } from '../transfer.js';

export type { UploadResult } from '../state.js';

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
  /**
   * Nothing is queued or moving any more (paused files excepted): every file still listed, earlier batches
   * included (`clearFinished()` drops the uploaded ones).
   */
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
  /** The file an item uploads (for previews), while the uploader knows the item. */
  file(id: string): File | undefined;
  /** Changes where files given to Uppy directly go (see `SpaceUploaderOptions.target`). */
  setTarget(context: UploadContext | undefined): void;
  /** Starts (or continues) uploading what is queued, without waiting. */
  start(): void;
  /**
   * Starts, and resolves when every file queued now has succeeded, failed or been canceled (a paused file
   * keeps it waiting until resumed).
   */
  upload(): Promise<{ successful: UploadResult[]; failed: UploadFailure[] }>;
  /** Pauses a file, several (e.g. a folder's), or every one. */
  pause(id?: string | readonly string[]): void;
  /**
   * Resumes a paused file, several, or every one. A file waiting for free space (`hold: 'quota'`) goes only when
   * the server reports enough free space for what waits in its space (checked again here, once for all of them;
   * the hold's figures are updated).
   */
  resume(id?: string | readonly string[]): void;
  /** Resumes only the files waiting for free space (of one space, or all), after checking the space again. */
  resumeHeld(spaceId?: string): void;
  /**
   * After `signInRequired`: the user signed in again. Optionally a new token (source); files waiting for it go
   * on from their offsets (files whose checks the token failed are checked again).
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
  /**
   * Cancels a file (tus DELETE when started), several, or every unfinished file. A failed file named here is given
   * up on (canceled, so `clearFinished` forgets it); a cancel of everything leaves failed files to be retried.
   */
  cancel(id?: string | readonly string[]): void;
  /**
   * Queues a failed file again, several (checked again together), or every failed file. A folder that was not
   * created for a file is created again first; without an id, failed empty folders are created again too.
   */
  retry(id?: string | readonly string[]): void;
  /** Forgets finished (done, canceled and skipped) files, and the empty folders that were not created. */
  clearFinished(): void;
  subscribe(listener: () => void): () => void;
  getSnapshot(): UploaderSnapshot;
  on<E extends keyof SpaceUploaderEvents>(event: E, handler: SpaceUploaderEvents[E]): () => void;
  /** Cancels what is unfinished (tus DELETE), aborts requests and releases Uppy. Cannot be used afterwards. */
  destroy(): void;
}
