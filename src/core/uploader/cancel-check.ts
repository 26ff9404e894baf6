/**
 * After a cancel that stopped bytes on their way: did the server store the file anyway? The last request (a small
 * file's creation with its data, a file's last PATCH, a PUT) may have arrived whole before the abort did; the tus
 * DELETE that follows cannot take back a finished upload. Such a file is reported as uploaded (with a line in its
 * log), never as canceled while it is on the server. It is not removed: deleting what the server stored is not the
 * uploader's call (and a replaced file's earlier version would be lost with it).
 */
import { listFolder } from '../listing.js';
import { type Entry, sizeOf } from './entry.js';
import type { Internals } from './internals.js';
import { move } from './machine.js';

/** The abort reaches the server, and a request that arrived whole is stored, well within this (oCIS: ~100 ms). */
export const CANCEL_SETTLE_MS = 1000;

export function confirmCancel(s: Internals, entry: Entry): void {
  setTimeout(async () => {
    if (s.destroyed) return;
    const found = await listFolder(entry.fileUrl, {
      depth: '0',
      untilProcessed: true,
      ...s.http.requestOptions,
    }).catch(() => undefined);
    const self = found?.self;
    const landed =
      self?.kind === 'file' &&
      self.size === sizeOf(entry) &&
      // A file it replaces was there before: only a new version (another etag) is ours.
      (!entry.replaces || (self.etag !== undefined && self.etag !== entry.replacedEtag));
    if (s.destroyed) return;
    if (landed) {
      entry.log.push({
        at: Date.now(),
        message: 'its last bytes reached the server before the cancel did: the file is stored (kept)',
      });
      move(s, entry, 'stored', { result: { fileId: self.fileId, etag: self.etag } });
    } else move(s, entry, 'cancel-confirmed');
  }, CANCEL_SETTLE_MS);
}
