/**
 * Files that wait for something other than the user: free space in their space (a pre-check verdict, or a 507),
 * or a new token. Files of a full space wait (`held-quota`) instead of failing one by one; `liftHolds` checks the
 * space again and lets go what fits (`lift-holds.ts`).
 */
import { UploadError } from '../errors.js';
import { atLeast, type Entry, sizeOf } from './entry.js';
import { isUnfinished } from './file-machine.js';
import type { Internals, QuotaFigures } from './internals.js';
import { move } from './machine.js';

/**
 * The token was refused for good: every planned, unfinished file waits (in-flight uploads keep their URL and
 * offset), and so do `refusedChecks`, files whose checks the server refused; `signedIn` checks them again.
 */
export function needSignIn(s: Internals, refusedChecks: readonly Entry[] = []): void {
  if (s.destroyed) return;
  s.signInNeeded = true;
  const checked = new Set(refusedChecks);
  for (const entry of s.entries.values()) {
    // Files still being checked are not stopped: their checks fail or pass on their own.
    if (entry.state === 'checking' && !checked.has(entry)) continue;
    if (move(s, entry, 'token-refused')) s.transport.pause(entry);
  }
  s.store.changed(true);
}

export const quotaError = (figures: QuotaFigures | undefined) =>
  new UploadError(
    figures?.missing !== undefined
      ? `not enough free space: ${figures.missing} more bytes are needed`
      : 'the space is full (quota exceeded)',
    { kind: 'quota', status: 507 },
  );

/** A space's hold covers a file: a pre-check hold covers all, a 507 those at least as big as a refused one. */
export const holdsFile = (s: Internals, spaceId: string, entry: Entry) =>
  s.quotaHolds.has(spaceId) && atLeast(s.refusedSizes.get(spaceId), entry);

/** Files of a full space wait. `refusedSize`: the size of a file the server refused with 507. */
export function holdSpace(
  s: Internals,
  spaceId: string,
  waiting: Entry[],
  figures: QuotaFigures | undefined,
  refusedSize?: number,
): void {
  s.quotaHolds.set(spaceId, figures ?? s.quotaHolds.get(spaceId) ?? {});
  if (refusedSize !== undefined)
    s.refusedSizes.set(spaceId, Math.min(refusedSize, s.refusedSizes.get(spaceId) ?? Infinity));
  // Every file of that space that has not started and is at least as big as the refused one would get the same
  // answer (the server checks each creation's length against what is free); smaller ones may still fit, so they
  // go and are held by their own 507 if they don't. That also keeps the outcome independent of timing.
  const all = new Set(waiting);
  for (const e of s.entries.values())
    if (
      e.context.space.id === spaceId &&
      (e.state === 'queued' || e.state === 'hashing' || e.state === 'waiting-for-folder') &&
      !e.uppyId &&
      atLeast(refusedSize, e)
    )
      all.add(e);
  const error = quotaError(figures);
  for (const entry of all) move(s, entry, 'quota-refused', { error });
}

/** Bytes still to go and paths taken by planned, unfinished files of a space (outside `except`). */
export function queuedIn(s: Internals, spaceId: string, except: ReadonlySet<Entry>) {
  let bytes = 0;
  const paths = new Set<string>();
  for (const e of s.entries.values()) {
    if (e.context.space.id !== spaceId || !e.planned || except.has(e) || !isUnfinished(e.state)) continue;
    bytes += Math.max(0, sizeOf(e) - e.bytesUploaded);
    paths.add(e.path);
  }
  return { bytes, paths };
}
