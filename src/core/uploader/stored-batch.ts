/**
 * Small stored files confirmed together: one PROPFIND Depth 1 of their folder (ids, etags and, with verification,
 * the server's SHA-1s) for the files stored there meanwhile, instead of one PROPFIND per file. Per file that request
 * cost more than the upload itself (1,000 × 1 KiB with `verify`: 0.59–0.62× the rate of `off`, README).
 *
 * A listing names every child of the folder, so it only pays while the folder is small next to the batch: a folder
 * known to hold more than `ENTRIES_PER_FILE` children per waiting file is confirmed file by file, as is a batch of
 * one. Anything the listing does not settle plainly (absent, a folder there, a mismatch that deserves its second
 * reading, an error) goes the per-file way (`finish.ts`), which knows how to wait, recheck and report.
 */
import { listFolder } from '../listing.js';
import type { Entry } from './entry.js';
import type { Internals } from './internals.js';
import { move } from './machine.js';

/** Files up to this size are confirmed in batches (bigger ones: their PROPFIND is small next to their transfer). */
export const BATCH_CONFIRM_MAX_BYTES = 4 * 1024 * 1024;
/** How often a folder's waiting files are looked at, and the longest a file waits to be confirmed with others. */
const TICK_MS = 20;
const MAX_WAIT_MS = 1000;
/** A batch goes at this size at the latest; it goes earlier once it pays for the listing (see above). */
const MAX_BATCH = 100;
const MIN_BATCH = 8;
/** Children listed per confirmed file at most (a listing of a big folder costs more than per-file requests). */
const ENTRIES_PER_FILE = 20;
/**
 * A file the server still processes (`425`, ~0.2 s after its last byte on an idle OpenCloud, seconds on a busy one)
 * is listed again after 100, 200, 400, 800, 1000, 1000 ms with whatever waits then: one listing for all of them,
 * where each file alone would ask again on its own. Found processing that often, it is confirmed on its own (which
 * waits it out).
 */
const PROCESSING_RETRY_MS = 100;
const PROCESSING_RETRY_MAX_MS = 1000;
const MAX_ROUNDS = 7;

interface Waiting {
  entry: Entry;
  /** The file's SHA-1 when it is to be verified. */
  sha1: string | undefined;
  fileId: string | undefined;
  etag: string | undefined;
  rounds: number;
  /** Not to be listed before this time (a file found processing). */
  due: number;
}

export interface FolderConfirmations {
  waiting: Waiting[];
  /** Files found processing, listed again when due. */
  later: Waiting[];
  /** When the oldest waiting file began to wait. */
  since: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  listing: boolean;
  /** Children the last listing found (0 until listed). */
  knownChildren: number;
}

export type ConfirmOnItsOwn = (entry: Entry, sha1: string | undefined, fileId?: string, etag?: string) => void;

/** Waits `entry` (stored, in `resolving-id`) to be confirmed with the other files stored into its folder. */
export function confirmWithOthers(
  s: Internals,
  entry: Entry,
  found: Omit<Waiting, 'entry' | 'rounds' | 'due'>,
  alone: ConfirmOnItsOwn,
): void {
  const folder = entry.endpoint;
  let checks = s.confirmations.get(folder);
  if (!checks) {
    checks = { waiting: [], later: [], since: 0, timer: undefined, listing: false, knownChildren: 0 };
    s.confirmations.set(folder, checks);
  }
  if (checks.waiting.length === 0) checks.since = Date.now();
  checks.waiting.push({ entry, ...found, rounds: 0, due: 0 });
  schedule(s, folder, checks, alone);
}

/** The uploader goes away: no more listings. */
export function stopConfirmations(s: Internals): void {
  for (const checks of s.confirmations.values()) clearTimeout(checks.timer);
  s.confirmations.clear();
}

function schedule(s: Internals, folder: string, checks: FolderConfirmations, alone: ConfirmOnItsOwn): void {
  if (checks.listing || checks.timer || checks.waiting.length + checks.later.length === 0 || s.destroyed) return;
  checks.timer = setTimeout(() => {
    checks.timer = undefined;
    if (s.destroyed) return;
    const now = Date.now();
    const due = checks.later.filter((w) => w.due <= now);
    if (due.length > 0) {
      if (checks.waiting.length === 0) checks.since = now;
      checks.later = checks.later.filter((w) => w.due > now);
      checks.waiting.unshift(...due);
    }
    if (checks.waiting.length > 0 && timeToList(s, checks)) void list(s, folder, checks, alone);
    else schedule(s, folder, checks, alone);
  }, TICK_MS);
}

function timeToList(s: Internals, checks: FolderConfirmations): boolean {
  const count = checks.waiting.length;
  if (count >= Math.min(MAX_BATCH, Math.max(MIN_BATCH, Math.ceil(checks.knownChildren / ENTRIES_PER_FILE))))
    return true;
  // Nothing is being sent: no other file will join soon.
  if (s.transport.room() >= (s.transfer?.limit ?? 0)) return true;
  return Date.now() - checks.since >= MAX_WAIT_MS;
}

async function list(s: Internals, folder: string, checks: FolderConfirmations, alone: ConfirmOnItsOwn) {
  const batch = checks.waiting.splice(0, MAX_BATCH);
  checks.since = Date.now();
  if (batch.length < 2 || checks.knownChildren > ENTRIES_PER_FILE * batch.length) {
    for (const w of batch) alone(w.entry, w.sha1, w.fileId, w.etag);
    schedule(s, folder, checks, alone);
    return;
  }
  checks.listing = true;
  const verify = batch.some((w) => w.sha1 !== undefined);
  const listing = await listFolder(folder, { depth: '1', checksums: verify, ...s.http.requestOptions }).catch(
    () => undefined,
  );
  checks.listing = false;
  if (s.destroyed) return;
  if (listing) checks.knownChildren = listing.children.size;
  for (const w of batch) {
    const item = listing?.children.get(w.entry.name.normalize('NFC'));
    if (item?.kind === 'file' && item.processing && w.rounds + 1 < MAX_ROUNDS) {
      checks.later.push({
        ...w,
        rounds: w.rounds + 1,
        due: Date.now() + Math.min(PROCESSING_RETRY_MS * 2 ** w.rounds, PROCESSING_RETRY_MAX_MS),
      });
      continue;
    }
    const settled = item?.kind === 'file' && !item.processing && (w.sha1 === undefined || item.sha1 === w.sha1);
    if (!settled) {
      alone(w.entry, w.sha1, w.fileId, w.etag);
      continue;
    }
    move(s, w.entry, 'id-resolved', {
      result: {
        fileId: w.fileId ?? item.fileId,
        etag: w.etag ?? item.etag,
        ...(w.sha1 !== undefined ? { verified: true } : {}),
      },
    });
  }
  schedule(s, folder, checks, alone);
}
