/**
 * What a UI renders: the batch as our own store holds it (Uppy only ever sees the few files about to upload),
 * as immutable snapshots for `useSyncExternalStore`.
 */
import type { UploadCapabilities } from './capabilities.js';
import type { UploadError } from './errors.js';

/**
 * One file's state. `preparing`: the target is being checked or its folders created; `finalizing`: every byte
 * sent, waiting for the server's last answer; `skipped`: a name conflict was resolved by not uploading it.
 */
export type FileStatus =
  | 'queued'
  | 'preparing'
  | 'uploading'
  | 'paused'
  | 'finalizing'
  | 'done'
  | 'failed'
  | 'canceled'
  | 'skipped';

/**
 * Why a paused file waits for something other than the user: `quota`, its space is full; `sign-in`, the
 * server refused the token and no new one came (it continues from its offset once one is given).
 */
export type UploadHold = 'quota' | 'sign-in';

/** A space whose files wait for free space (resume checks again; cancel gives up on them). */
export interface SpaceHold {
  spaceId: string;
  spaceName: string | undefined;
  reason: 'quota';
  /** Files waiting. */
  files: number;
  /** Bytes they need, the free bytes, and the difference, when known (the pre-check); a 507 says none. */
  needed: number | undefined;
  available: number | undefined;
  missing: number | undefined;
}

/** What the batch is doing before bytes move. */
export interface Preparation {
  /** Files whose target is being checked (listing, conflicts, quota). */
  checking: number;
  /** Folders of dropped trees: to create in all, and settled (created, found, or failed). */
  foldersTotal: number;
  foldersSettled: number;
}

/** The whole batch's state, for the summary. */
export type UploaderStatus = 'idle' | 'preparing' | 'uploading' | 'paused' | 'finalizing' | 'done' | 'failed';

export interface UploadResult {
  id: string;
  name: string;
  spaceId: string;
  path: string;
  size: number;
  /** `Oc-Fileid` of the stored file; `undefined` when the answer hid it and looking the file up failed too. */
  fileId: string | undefined;
  /** Only when the server sent one (creation-with-upload, PUT); a final tus PATCH carries none. */
  etag: string | undefined;
  uploadId: string;
  /**
   * With checksum verification (the default): `true` when the server's own SHA-1 of the stored file equals the
   * file's; `false` when it could not be compared (the server reported none in time; the file's log says why).
   * Absent when verification is off.
   */
  verified?: boolean;
}

export interface UploadItem {
  id: string;
  name: string;
  /** Where the file lands, e.g. `/Docs/A/b/c.txt`. */
  path: string;
  spaceId: string;
  /** Path inside a dropped folder (`/A/b/c.txt`), if any. */
  relativePath: string | undefined;
  /** Bytes; 0 until `measured`. */
  size: number;
  /**
   * Whether `size` is known. Picked files' sizes are read a slice at a time right after they are added (the browser
   * answers each one slowly): a row can show before its size does. Always true once the file is past `preparing`.
   */
  measured: boolean;
  type: string;
  status: FileStatus;
  bytesUploaded: number;
  /** Bytes per second, smoothed; 0 when not moving. */
  speed: number;
  /** Seconds, or `undefined` when unknown. */
  timeLeft: number | undefined;
  error: UploadError | undefined;
  result: UploadResult | undefined;
  /** Times this file was retried by the user. */
  attempts: number;
  /** Set while the file waits for free space (status `paused`). */
  hold: UploadHold | undefined;
  /** It replaces an existing file (a new version of it). */
  replaces: boolean;
  /** Its name before "keep both" renamed it (or a folder above it). */
  renamedFrom: string | undefined;
  /** Another path (in the batch or on the server) that differs only by case. */
  caseCollision: string | undefined;
  /** Times the upload started over with a fresh upload URL (the old one expired or was gone). */
  restarts: number;
  /** What happened to this file beyond its status (restarts, retries by the user), oldest first. */
  log: readonly UploadLogEntry[];
}

export interface UploadLogEntry {
  /** Milliseconds since the epoch. */
  at: number;
  message: string;
}

export interface UploadTotals {
  files: number;
  /**
   * Files whose size is still being read (not yet in `bytesTotal`): while above 0, `bytesTotal` is still growing.
   */
  measuring: number;
  bytesTotal: number;
  bytesUploaded: number;
  speed: number;
  timeLeft: number | undefined;
  counts: Readonly<Record<FileStatus, number>>;
}

/** A folder of a drop that could not be created and has no file of the batch below it to say so. */
export interface FolderError {
  spaceId: string;
  /** Absolute in the space. */
  path: string;
  error: UploadError;
  /**
   * `retry()` sends its MKCOL again (set in the uploader's snapshot). False for a folder the checks refused (a name
   * the server does not allow, a read-only target): it would only be refused again.
   */
  retryable?: boolean;
}

export interface UploaderSnapshot {
  items: readonly UploadItem[];
  totals: UploadTotals;
  status: UploaderStatus;
  /** Once read from the server (or given). */
  capabilities: UploadCapabilities | undefined;
  /** Why the uploader cannot start (e.g. the capabilities could not be read). */
  error: Error | undefined;
  /** Spaces whose files wait for free space. */
  holds: readonly SpaceHold[];
  /** The server refused the token and refreshing it failed: files wait (hold `sign-in`) for `signedIn()`. */
  signInRequired: boolean;
  preparation: Preparation;
  /**
   * Empty folders of a drop that could not be created (a refused name, no permission, a failed MKCOL). Folders
   * with files below them are reported through their files. `retry()` sends a failed MKCOL again (a refused
   * folder is not: drop it again); `clearFinished()` clears the list.
   */
  folderErrors: readonly FolderError[];
}

export const FILE_STATUSES: readonly FileStatus[] = [
  'queued',
  'preparing',
  'uploading',
  'paused',
  'finalizing',
  'done',
  'failed',
  'canceled',
  'skipped',
];

export function emptyCounts(): Record<FileStatus, number> {
  return {
    queued: 0,
    preparing: 0,
    uploading: 0,
    paused: 0,
    finalizing: 0,
    done: 0,
    failed: 0,
    canceled: 0,
    skipped: 0,
  };
}

/** The snapshot of an uploader with no files (also the server snapshot: SSR renders this). */
export const EMPTY_SNAPSHOT: UploaderSnapshot = Object.freeze({
  items: Object.freeze([]) as readonly UploadItem[],
  totals: Object.freeze({
    files: 0,
    measuring: 0,
    bytesTotal: 0,
    bytesUploaded: 0,
    speed: 0,
    timeLeft: undefined,
    counts: Object.freeze(emptyCounts()),
  }),
  status: 'idle',
  capabilities: undefined,
  error: undefined,
  holds: Object.freeze([]) as readonly SpaceHold[],
  signInRequired: false,
  preparation: Object.freeze({ checking: 0, foldersTotal: 0, foldersSettled: 0 }),
  folderErrors: Object.freeze([]) as readonly FolderError[],
}) as UploaderSnapshot;

/** Pure: the items → totals and the batch status. */
export function summarize(items: readonly UploadItem[]): { totals: UploadTotals; status: UploaderStatus } {
  const counts = emptyCounts();
  let bytesTotal = 0;
  let bytesUploaded = 0;
  let speed = 0;
  let measuring = 0;
  for (const item of items) {
    counts[item.status]++;
    // Failed, canceled and skipped files are no longer work to do: their bytes leave the progress (counts show them).
    if (item.status === 'canceled' || item.status === 'failed' || item.status === 'skipped') continue;
    if (!item.measured) measuring++;
    bytesTotal += item.size;
    bytesUploaded += item.status === 'done' ? item.size : item.bytesUploaded;
    speed += item.speed;
  }
  const left = bytesTotal - bytesUploaded;
  const active = counts.uploading + counts.finalizing;
  const timeLeft = speed > 0 && active > 0 ? left / speed : undefined;
  const status: UploaderStatus =
    items.length === 0 || counts.canceled + counts.skipped === items.length
      ? 'idle'
      : counts.preparing > 0 && active === 0
        ? 'preparing'
        : counts.uploading > 0 || (counts.queued > 0 && active + counts.preparing > 0)
          ? 'uploading'
          : counts.finalizing > 0
            ? 'finalizing'
            : counts.paused > 0
              ? 'paused'
              : counts.queued > 0
                ? 'idle'
                : counts.failed > 0
                  ? 'failed'
                  : 'done';
  return {
    totals: {
      files: items.length - counts.canceled - counts.skipped,
      measuring,
      bytesTotal,
      bytesUploaded,
      speed,
      timeLeft,
      counts,
    },
    status,
  };
}
