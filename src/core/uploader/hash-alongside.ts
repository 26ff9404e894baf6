/**
 * The SHA-1 each file gets while it uploads (checksum `verify`, the default): started when the file starts sending,
 * so its first byte never waits; paced a little ahead of the bytes sent, so that on two cores hashing does not
 * compete with sending in one burst; compared with the server's own SHA-1 once the file is stored (`finish.ts`).
 * Small files are hashed when they are stored instead: one WebCrypto digest costs less than a worker round trip.
 */
import { sha1OfBlob } from '../checksum.js';
import { startSha1 } from '../sha1-alongside.js';
import { sha1Digest, toHex } from '../sha1-thread.js';
import { type Entry, sizeOf } from './entry.js';
import type { Internals } from './internals.js';

/** Files up to this size are hashed with WebCrypto in one read: a worker round trip would cost more than it saves. */
export const SMALL_FILE_HASH_BYTES = 4 * 1024 * 1024;
/** How far hashing may run ahead of the bytes sent. */
const LEAD_BYTES = 16 * 1024 * 1024;

/** Whole-file SHA-1 (hex): small files at once (WebCrypto where there is one), bigger ones streamed in the worker. */
export async function sha1Of(file: Blob, signal: AbortSignal): Promise<string> {
  if (file.size > SMALL_FILE_HASH_BYTES) return sha1OfBlob(file, { signal });
  const digest = await sha1Digest(await file.arrayBuffer());
  signal.throwIfAborted();
  return toHex(digest);
}

/** The file starts sending: a big one is hashed alongside (unless its hash is known or already under way). */
export function startHashAlongside(s: Internals, entry: Entry): void {
  if (!s.transfer?.checksum.verify || entry.sha1 !== undefined || entry.hashAlongside) return;
  if (sizeOf(entry) <= SMALL_FILE_HASH_BYTES) return;
  const abort = new AbortController();
  entry.hashAlongside = { hash: startSha1(entry.file, { signal: abort.signal, lead: LEAD_BYTES }), abort };
}

/** Bytes sent so far: the paced hash may go that far (and `LEAD_BYTES` beyond). */
export function hashMayReach(entry: Entry, bytes: number): void {
  entry.hashAlongside?.hash.allow(bytes);
}

/** The file's SHA-1 for verifying it: known, taken alongside, or (small files) taken now. */
export async function sha1ForVerify(entry: Entry): Promise<string> {
  if (entry.sha1 !== undefined) return entry.sha1;
  const alongside = entry.hashAlongside;
  if (alongside) {
    alongside.hash.allow(sizeOf(entry));
    return alongside.hash.done;
  }
  return sha1Of(entry.file, new AbortController().signal);
}

/** The file ended otherwise (failed, canceled, skipped): its hash is not needed. */
export function dropHashAlongside(entry: Entry): void {
  entry.hashAlongside?.abort.abort();
  entry.hashAlongside = undefined;
}
