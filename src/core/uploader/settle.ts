/**
 * Settling: `upload()` promises resolve when every file they waited for has an outcome, and `complete` follows
 * each stretch of work once nothing is queued or moving any more (paused files excepted).
 */
import { UploadError } from '../errors.js';
import type { UploadResult } from '../state.js';
import { isUnfinished } from './file-machine.js';
import type { Internals } from './internals.js';
import { move } from './machine.js';
import type { UploadFailure } from './types.js';

export function outcomeOf(s: Internals, ids: string[]): { successful: UploadResult[]; failed: UploadFailure[] } {
  const successful: UploadResult[] = [];
  const failed: UploadFailure[] = [];
  for (const id of ids) {
    const e = s.entries.get(id);
    if (e?.state === 'done' && e.result) successful.push(e.result);
    else if ((e?.state === 'failed' || e?.state === 'held-quota') && e.error)
      failed.push({ id, name: e.name, path: e.path, error: e.error });
  }
  return { successful, failed };
}

export function settle(s: Internals): void {
  s.waiters = s.waiters.filter((w) => {
    // A file waiting for free space settles the wait (reported as failed with the reason; resumable).
    const open = w.ids.some((id) => {
      const entry = s.entries.get(id);
      return entry !== undefined && isUnfinished(entry.state) && entry.state !== 'held-quota';
    });
    if (!open) w.resolve(outcomeOf(s, w.ids));
    return open;
  });
  let busy = false;
  for (const e of s.entries.values())
    if (isUnfinished(e.state) && e.status !== 'paused') {
      busy = true;
      break;
    }
  if (s.wasBusy && !busy) s.store.emit('complete', outcomeOf(s, [...s.entries.keys()]));
  s.wasBusy = busy;
}

/** Without capabilities nothing can go: every file waiting to go fails with the reason (and can be retried). */
export function failWaiting(s: Internals, error: unknown): void {
  const reason =
    error instanceof UploadError
      ? error
      : new UploadError(error instanceof Error ? error.message : String(error), { cause: error });
  for (const entry of s.entries.values()) if (entry.state === 'queued') move(s, entry, 'fail', { error: reason });
}
