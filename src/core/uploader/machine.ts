/**
 * Applies the file machine (`file-machine.ts`) to the uploader's files: the one place a file's state changes.
 * Entering a state sets its public projection (`status`, `hold`), runs that state's own effects (a failure is
 * reported, a success announced, a queued file made visible to the pump again, a hash under way stopped), and
 * schedules the pump and the settling once for the whole turn, so that no caller has to remember them.
 */
import type { UploadError } from '../errors.js';
import type { UploadResult } from '../state.js';
import { type Entry, sizeOf } from './entry.js';
import { type FileEvent, type FileState, holdOf, nextState, STATUS_OF } from './file-machine.js';
import { dropHashAlongside } from './hash-alongside.js';
import type { Internals } from './internals.js';

export interface MoveDetail {
  /** Why it failed, or why it waits (`quota-refused`): shown on the file. */
  error?: UploadError;
  /** What the server stored (`stored`, `id-resolved`). */
  result?: Pick<UploadResult, 'fileId' | 'etag' | 'verified'>;
}

/** Moves `entry` by `event`; false when the event does not apply in its state (nothing changes then). */
export function move(s: Internals, entry: Entry, event: FileEvent, detail: MoveDetail = {}): boolean {
  const next = nextState(entry.state, event, {
    planned: entry.planned,
    inTransfer: entry.uppyId !== undefined,
    needsFolder: entry.needsFolder !== undefined,
  });
  if (next === undefined) return false;
  enter(s, entry, next, detail);
  return true;
}

function enter(s: Internals, entry: Entry, next: FileState, detail: MoveDetail): void {
  const left = entry.state;
  entry.state = next;
  entry.status = STATUS_OF[next];
  entry.hold = holdOf(next);
  if (entry.status !== 'uploading' && entry.status !== 'finalizing') {
    entry.speed = 0;
    entry.timeLeft = undefined;
    entry.lastProgress = undefined;
  }
  // A file hashed now that goes anywhere but back to the queue needs its hash no more (a pause, a hold, a cancel).
  if (left === 'hashing' && next !== 'queued' && s.queue.hashingNow === entry) s.queue.hashAbort?.abort();
  // The hash taken alongside the upload is for verifying what gets stored: a file that ends otherwise drops it.
  if (next === 'failed' || next === 'canceled' || next === 'canceling' || next === 'skipped') dropHashAlongside(entry);
  switch (next) {
    case 'queued':
      // The pump's and the hasher's cursors only move past files that cannot be picked again: rewound for this one.
      if (entry.order < s.queue.cursor) s.queue.cursor = entry.order;
      if (entry.order < s.queue.hashCursor) s.queue.hashCursor = entry.order;
      break;
    case 'held-quota':
      entry.error = detail.error;
      entry.bytesUploaded = 0;
      break;
    case 'done':
      entry.error = undefined;
      entry.result = {
        id: entry.id,
        name: entry.name,
        spaceId: entry.context.space.id,
        path: entry.path,
        size: sizeOf(entry),
        fileId: detail.result?.fileId,
        etag: detail.result?.etag,
        uploadId: entry.uploadId,
        ...(detail.result?.verified !== undefined ? { verified: detail.result.verified } : {}),
      };
      break;
    case 'failed':
      entry.error = detail.error;
      break;
    case 'canceling':
      s.effects.confirmCancel(entry);
      break;
  }
  s.store.touch(entry);
  if (next === 'done' && entry.result) s.store.emit('upload-success', entry.result);
  if (next === 'failed' && entry.error)
    s.store.emit('upload-error', { id: entry.id, name: entry.name, path: entry.path, error: entry.error });
  scheduleEffects(s);
}

/** The pump and the settling run once after this turn's changes (not once per file: a cancel of 10,000 is one). */
export function scheduleEffects(s: Internals): void {
  if (s.effects.queued) return;
  s.effects.queued = true;
  queueMicrotask(() => {
    s.effects.queued = false;
    if (s.destroyed) return;
    s.effects.pump();
    s.effects.settle();
  });
}
