/** One file of the batch (`Entry`) and the files added together (`Batch`), with the few reads every room needs. */
import type { UploadContext, UploadMetadata } from '../metadata.js';
import type { Sha1InProgress } from '../sha1-alongside.js';
import type { UploadItem, UploadLogEntry } from '../state.js';
import type { FileState } from './file-machine.js';
import type { FilePlan } from './types.js';

/** Files added together to one folder: planned together. */
export interface Batch {
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
export interface Entry
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
  /** Where the file is in the file machine; `status` and `hold` are its public projection (set with it). */
  state: FileState;
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
  /** The SHA-1 being taken while the file uploads (verification), and how to stop it. */
  hashAlongside: { hash: Sha1InProgress; abort: AbortController } | undefined;
  /** Hash of the file's edges (for resume records), once computed. */
  edgeHash: string | undefined;
  /** The resume record this file continues (`continueInterrupted`). */
  resumeKey: string | undefined;
  /** Its `relativePath` when it continues a file of a dropped folder (it goes straight to that file's folder). */
  continuedAs: string | undefined;
  /** The etag of the file this one replaces, as the checks saw it (a changed one after a cancel: ours landed). */
  replacedEtag: string | undefined;
  /** Folders that must exist before this file can go (absolute in the space). */
  needsFolder: string | undefined;
  /** Failed because these folders were not created (parents first): `retry()` creates them again first. */
  retryFolders: readonly string[] | undefined;
  lastProgress: { at: number; bytes: number } | undefined;
  view: UploadItem | undefined;
  /** Position in `queueOrder`. */
  order: number;
}

/** The file's size, read now if it was not yet (see `Entry.size`). */
export const sizeOf = (entry: Entry): number => (entry.size ??= entry.file.size);
export const mtimeOf = (entry: Entry): number => (entry.lastModified ??= entry.file.lastModified);
/** The 507 rule: a file at least as big as one the server refused would be refused too (no size: every file). */
export const atLeast = (refusedSize: number | undefined, entry: Entry): boolean =>
  refusedSize === undefined || sizeOf(entry) >= refusedSize;
