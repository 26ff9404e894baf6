/**
 * What a UI renders: the batch as our own store holds it (Uppy only ever sees the few files about to upload),
 * as immutable snapshots for `useSyncExternalStore`.
 */
import type { UploadCapabilities } from './capabilities.js';
import type { UploadError } from './errors.js';

/** One file's state. `finalizing`: every byte sent, waiting for the server's last answer. */
export type FileStatus =
  | 'queued'
  | 'preparing'
  | 'uploading'
  | 'paused'
  | 'finalizing'
  | 'done'
  | 'failed'
  | 'canceled';

/** The whole batch's state, for the summary. */
export type UploaderStatus = 'idle' | 'preparing' | 'uploading' | 'paused' | 'finalizing' | 'done' | 'failed';

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

export interface UploadItem {
  id: string;
  name: string;
  /** Where the file lands, e.g. `/Docs/A/b/c.txt`. */
  path: string;
  spaceId: string;
  /** Path inside a dropped folder (`/A/b/c.txt`), if any. */
  relativePath: string | undefined;
  size: number;
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
}

export interface UploadTotals {
  files: number;
  bytesTotal: number;
  bytesUploaded: number;
  speed: number;
  timeLeft: number | undefined;
  counts: Readonly<Record<FileStatus, number>>;
}

export interface UploaderSnapshot {
  items: readonly UploadItem[];
  totals: UploadTotals;
  status: UploaderStatus;
  /** Once read from the server (or given). */
  capabilities: UploadCapabilities | undefined;
  /** Why the uploader cannot start (e.g. the capabilities could not be read). */
  error: Error | undefined;
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
];

export function emptyCounts(): Record<FileStatus, number> {
  return { queued: 0, preparing: 0, uploading: 0, paused: 0, finalizing: 0, done: 0, failed: 0, canceled: 0 };
}

/** The snapshot of an uploader with no files (also the server snapshot: SSR renders this). */
export const EMPTY_SNAPSHOT: UploaderSnapshot = Object.freeze({
  items: Object.freeze([]) as readonly UploadItem[],
  totals: Object.freeze({
    files: 0,
    bytesTotal: 0,
    bytesUploaded: 0,
    speed: 0,
    timeLeft: undefined,
    counts: Object.freeze(emptyCounts()),
  }),
  status: 'idle',
  capabilities: undefined,
  error: undefined,
}) as UploaderSnapshot;

/** Pure: the items → totals and the batch status. */
export function summarize(items: readonly UploadItem[]): { totals: UploadTotals; status: UploaderStatus } {
  const counts = emptyCounts();
  let bytesTotal = 0;
  let bytesUploaded = 0;
  let speed = 0;
  for (const item of items) {
    counts[item.status]++;
    // Failed and canceled files are no longer work to do: their bytes leave the progress (counts still show them).
    if (item.status === 'canceled' || item.status === 'failed') continue;
    bytesTotal += item.size;
    bytesUploaded += item.status === 'done' ? item.size : item.bytesUploaded;
    speed += item.speed;
  }
  const left = bytesTotal - bytesUploaded;
  const active = counts.uploading + counts.finalizing;
  const timeLeft = speed > 0 && active > 0 ? left / speed : undefined;
  const status: UploaderStatus =
    items.length === 0 || counts.canceled === items.length
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
    totals: { files: items.length - counts.canceled, bytesTotal, bytesUploaded, speed, timeLeft, counts },
    status,
  };
}
