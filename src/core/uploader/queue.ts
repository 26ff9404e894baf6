/**
 * The queue: which queued file goes next (in the order added, `limit` at a time) and hashing ahead of the uploads,
 * one file at a time, a few files ahead, so that a file's hash is ready when its turn comes.
 */
import { metadataChecksum } from '../checksum.js';
import { UploadError } from '../errors.js';
import { partialHash } from '../resume.js';
import type { Entry } from './entry.js';
import { sha1Of, startHashAlongside } from './hash-alongside.js';
import type { Internals } from './internals.js';
import { move, scheduleEffects } from './machine.js';
import type { Transport } from './transport.js';

/** Hashed as far as this upload needs before it may go. */
export function prepared(s: Internals, entry: Entry): boolean {
  if (s.transfer?.checksum.wholeFile && entry.sha1 === undefined) return false;
  return !s.resume.persist || entry.edgeHash !== undefined;
}

/** Queued files → the transport, as many as it has room for; then hashing ahead. */
export function pump(s: Internals, transport: Transport): void {
  if (!s.started || s.destroyed || !s.transfer) return;
  let room = transport.room();
  if (room <= 0) {
    hashAhead(s);
    return;
  }
  const adding: Entry[] = [];
  const q = s.queue;
  // The cursor only moves past files that can never be picked again from here; a file entering `queued` rewinds it
  // (see machine.ts).
  for (let i = q.cursor; i < q.order.length && room > 0; i++) {
    const entry = s.entries.get(q.order[i] as string);
    if (i === q.cursor && (!entry || (entry.state !== 'queued' && entry.status !== 'paused'))) q.cursor++;
    if (entry?.state !== 'queued' || entry.needsFolder) continue;
    if (!prepared(s, entry)) continue; // still to be hashed
    if (!transport.add(entry)) continue;
    adding.push(entry);
    room--;
  }
  hashAhead(s);
  if (adding.length === 0) return;
  s.wasBusy = true; // so that `complete` follows when this work settles
  for (const entry of adding) {
    move(s, entry, 'send');
    startHashAlongside(s, entry);
  }
  transport.start();
}

/** Hashes the next queued file that needs it, staying a few files ahead of the uploads. */
function hashAhead(s: Internals): void {
  const { transfer, queue: q } = s;
  if (!s.started || s.destroyed || !transfer || q.hashingNow) return;
  if (!transfer.checksum.wholeFile && !s.resume.persist) return;
  q.hashCursor = Math.max(q.hashCursor, q.cursor);
  // Stay a few files ahead of the uploads, not the whole batch: the CPU is shared with sending.
  let ready = 0;
  for (let i = q.cursor; i < q.hashCursor; i++) {
    const entry = s.entries.get(q.order[i] as string);
    if (entry?.state === 'queued' && prepared(s, entry) && ++ready >= transfer.limit * 2) return;
  }
  let next: Entry | undefined;
  for (; q.hashCursor < q.order.length; q.hashCursor++) {
    const entry = s.entries.get(q.order[q.hashCursor] as string);
    if (entry?.state === 'queued' && !entry.needsFolder && !prepared(s, entry)) {
      next = entry;
      break;
    }
  }
  if (!next) return;
  const entry = next;
  const abort = new AbortController();
  q.hashingNow = entry;
  q.hashAbort = abort;
  move(s, entry, 'hash-started');
  const wholeFile = transfer.checksum.wholeFile && entry.sha1 === undefined;
  Promise.all([
    wholeFile ? sha1Of(entry.file, abort.signal) : entry.sha1,
    s.resume.persist && entry.edgeHash === undefined ? partialHash(entry.file) : entry.edgeHash,
  ])
    .then(
      ([hex, edges]) => {
        if (hex !== undefined) {
          entry.sha1 = hex;
          entry.meta = { ...entry.meta, checksum: metadataChecksum(hex) };
        }
        entry.edgeHash = edges;
      },
      (error: unknown) => {
        if (abort.signal.aborted || s.destroyed) return;
        // The browser could not read the file (moved, deleted, or permission gone): say so, lose nothing quietly.
        move(s, entry, 'fail', {
          error: new UploadError('the file could not be read', { kind: 'unreadable', cause: error }),
        });
      },
    )
    .finally(() => {
      if (q.hashingNow === entry) {
        q.hashingNow = undefined;
        q.hashAbort = undefined;
      }
      // Hashed (or stopped without a verdict): back in the queue. The hashing slot is free either way.
      move(s, entry, 'hash-ended');
      scheduleEffects(s);
    });
}
