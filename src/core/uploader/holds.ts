/**
 * Files that wait for something other than the user: free space in their space (a pre-check verdict, or a 507),
 * or a new token. Files of a full space wait (`held-quota`) instead of failing one by one; `liftHolds` checks the
 * space again and lets go what fits.
 */
import { folderUrl } from '../endpoints.js';
import { UploadError } from '../errors.js';
import { listFolder } from '../listing.js';
import { freeBytes, readSpaceQuota } from '../plan.js';
import { atLeast, type Entry, sizeOf } from './entry.js';
import { isUnfinished } from './file-machine.js';
import { ensureFolders } from './folder-jobs.js';
import type { Internals, QuotaFigures } from './internals.js';
import { move, scheduleEffects } from './machine.js';

/** The token was refused for good: every planned, unfinished file waits (in-flight uploads keep their URL and offset). */
export function needSignIn(s: Internals): void {
  if (s.destroyed) return;
  s.signInNeeded = true;
  // Files still being checked are not stopped: their checks fail or pass on their own.
  for (const entry of s.entries.values()) if (move(s, entry, 'token-refused')) s.transport.pause(entry);
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

/** Checks the free space again; lifts the hold of those that fit now. */
export async function liftHolds(s: Internals, waiting: Entry[]): Promise<void> {
  const bySpace = new Map<string, Entry[]>();
  for (const e of waiting) bySpace.set(e.context.space.id, [...(bySpace.get(e.context.space.id) ?? []), e]);
  for (const [spaceId, group] of bySpace) {
    const first = group[0] as Entry;
    const others = queuedIn(s, spaceId, new Set(group));
    let needed = others.bytes;
    for (const e of group) needed += sizeOf(e);
    const quota = await readSpaceQuota(spaceId, { serverUrl: s.serverUrl, ...s.http.requestOptions });
    const available = await freeBytes(quota, async () => {
      const listing = await listFolder(
        folderUrl(s.serverUrl, spaceId, first.batch.baseFolder),
        s.http.requestOptions,
      ).catch(() => undefined);
      return listing?.self.quotaAvailable;
    });
    if (s.destroyed) return;
    if (available !== undefined && needed > available) {
      const figures = { needed, available, missing: needed - available };
      s.quotaHolds.set(spaceId, figures);
      const error = quotaError(figures);
      for (const e of group) {
        if (e.state === 'held-quota') e.error = error;
        s.store.touch(e);
      }
      continue;
    }
    s.quotaHolds.delete(spaceId);
    s.refusedSizes.delete(spaceId);
    const folders = new Set<string>();
    for (const entry of group) {
      if (entry.state !== 'held-quota') continue;
      entry.error = undefined;
      for (const f of entry.batch.foldersOnHold) folders.add(f);
      entry.batch.foldersOnHold = [];
      move(s, entry, 'hold-lifted');
    }
    if (folders.size > 0) ensureFolders(s, spaceId, [...folders]);
  }
  scheduleEffects(s);
}
