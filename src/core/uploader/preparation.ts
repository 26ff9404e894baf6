/**
 * Preparation: the checks before a byte moves. Batches are checked one after another (conflict questions come one
 * at a time, and "keep both" sees the names an earlier batch will take): listing, conflicts, names, quota; then
 * each file is placed where the plan says, its new folders created, or the batch held for free space.
 */
import { UploadError } from '../errors.js';
import { type BatchPlan, planBatch } from '../plan.js';
import { type Batch, type Entry, sizeOf } from './entry.js';
import { isUnfinished } from './file-machine.js';
import { ensureFolders, noteFolderError } from './folder-jobs.js';
import { holdSpace, needSignIn, queuedIn } from './holds.js';
import type { Internals } from './internals.js';
import { move, scheduleEffects } from './machine.js';
import { place } from './placement.js';

/** Checks `group` of `batch` after the batches before it. */
export function schedulePlan(s: Internals, batch: Batch, group: Entry[]): void {
  s.planChain = s.planChain
    .then(() => runPlan(s, batch, group))
    .catch((error: unknown) => {
      // A bug of ours must not leave the batch "preparing" for ever: its files fail, saying so.
      if (s.destroyed) return;
      const reason = new UploadError(`the upload could not be prepared: ${String(error)}`, { cause: error });
      for (const e of group) if (!e.planned) move(s, e, 'fail', { error: reason });
      scheduleEffects(s);
    });
}

async function runPlan(s: Internals, batch: Batch, group: Entry[]): Promise<void> {
  await batch.measured;
  const live = group.filter((e) => !e.planned && (e.state === 'checking' || e.state === 'paused'));
  // A drop of empty folders only still has folders to create.
  if (s.destroyed || (live.length === 0 && batch.emptyFolders.length === 0)) return;
  const spaceId = batch.context.space.id;
  const queued = queuedIn(s, spaceId, new Set(live));
  let plan: BatchPlan;
  try {
    plan = await planBatch(
      {
        spaceId,
        baseFolder: batch.baseFolder,
        files: live.map((e) => ({ name: e.source.name, size: sizeOf(e), folders: e.source.folders })),
        emptyFolders: batch.emptyFolders,
        ...(batch.context.space.quota?.remaining !== undefined
          ? { quotaRemaining: batch.context.space.quota.remaining }
          : {}),
        pendingBytes: queued.bytes,
        reservedPaths: queued.paths,
      },
      {
        serverUrl: s.serverUrl,
        ...s.http.requestOptions,
        ...(s.options.onConflict ? { onConflict: s.options.onConflict } : {}),
        signal: batch.controller.signal,
      },
    );
  } catch {
    // Canceled (every file of the batch, or the whole uploader) while checking or asking.
    if (s.destroyed) return;
    for (const e of live) move(s, e, 'checks-canceled');
    scheduleEffects(s);
    return;
  }
  if (s.destroyed) return;
  batch.emptyFolders = [];
  for (const refused of plan.refusedFolders) noteFolderError(s, spaceId, refused.path, refused.error, []);
  const newFolders = new Set(plan.folders);
  const going: Entry[] = [];
  const refusedToken: Entry[] = [];
  live.forEach((entry, index) => {
    const planned = plan.files[index];
    if (!planned || !isUnfinished(entry.state)) return;
    if (planned.action === 'refuse') {
      // A refused token (a 401, its silence across origins, a token function that failed) is the user's to
      // cure by signing in, as during the transfer: such files wait, and are checked again on `signedIn`.
      if (planned.error?.kind === 'unauthorized' && entry.state === 'checking') refusedToken.push(entry);
      else move(s, entry, 'fail', { error: planned.error ?? new UploadError('the target could not be checked') });
      return;
    }
    entry.planned = true;
    if (planned.action === 'skip') {
      move(s, entry, 'plan-skipped');
      return;
    }
    const before = entry.path;
    // Most files keep the place they were dropped at: rebuilding their URLs and metadata would be wasted.
    const moved =
      planned.name !== entry.name ||
      planned.folders.length !== entry.source.folders.length ||
      planned.folders.some((f, i) => f !== entry.source.folders[i]);
    if (moved) place(s, entry, planned.folders, planned.name);
    entry.renamedFrom = entry.path !== before ? before : undefined;
    entry.replaces = planned.replaces !== undefined;
    entry.replacedEtag = planned.replaces?.etag;
    entry.caseCollision = planned.caseCollision;
    entry.needsFolder = newFolders.has(entry.folderPath) ? entry.folderPath : undefined;
    going.push(entry);
    if (!move(s, entry, 'plan-passed')) s.store.touch(entry);
  });
  if (refusedToken.length > 0) needSignIn(s, refusedToken);
  s.store.emit('planned', plan);
  // Folders alone need no space: a drop of empty folders is not held behind files waiting for room.
  if (plan.quota && plan.quota.missing > 0 && going.length > 0) {
    batch.foldersOnHold = plan.folders;
    holdSpace(s, spaceId, going, plan.quota);
  } else if (newFolders.size > 0) ensureFolders(s, spaceId, plan.folders);
  // A started batch that the checks settled entirely (all refused or skipped) still completes.
  if (s.started) s.wasBusy = true;
  scheduleEffects(s);
}
