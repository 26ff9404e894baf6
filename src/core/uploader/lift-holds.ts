/** Lifting quota holds: the space is checked again (Graph, else the folder's own figure) and what fits goes on. */
import { folderUrl } from '../endpoints.js';
import { listFolder } from '../listing.js';
import { freeBytes, readSpaceQuota } from '../plan.js';
import { type Entry, sizeOf } from './entry.js';
import { ensureFolders } from './folder-jobs.js';
import { queuedIn, quotaError } from './holds.js';
import type { Internals } from './internals.js';
import { move, scheduleEffects } from './machine.js';

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
