/**
 * A batch becomes a plan before a byte moves: names checked against the server's rules, every target folder
 * the batch touches listed (`PROPFIND`, Depth 1), each name conflict resolved by the integrator's policy,
 * read-only targets refused, and the batch's bytes summed against the space's free quota. The plan says,
 * per file, where it goes (or why not) and which folders must be created. Renamed folders ("keep both") are
 * carried as data, segment by segment, so every file below lands in the renamed tree at any depth.
 */
import { markBatchTwins, markServerTwins } from './case-collisions.js';
import { mapLimit } from './concurrency.js';
import { conflictAsker } from './conflict-asker.js';
import { defaultConflictHandler } from './conflicts.js';
import { folderUrl, joinPath } from './endpoints.js';
import { UploadError } from './errors.js';
import { canCreateIn, listFolder } from './listing.js';
import { nameSettler } from './plan-names.js';
import { collectNew, type Dir, dropTree, refusedEmpty, treePaths } from './plan-tree.js';
import {
  type BatchPlan,
  type PlanInput,
  type PlannedFile,
  type PlanOptions,
  planAborted,
  type QuotaVerdict,
} from './plan-types.js';
import { freeBytes, readSpaceQuota, type SpaceQuota } from './space-quota.js';

export {
  type ConflictDecision,
  type ConflictHandler,
  type ConflictResolution,
  defaultConflictHandler,
  type FileConflictResolution,
  type FolderConflictResolution,
  type UploadConflict,
} from './conflicts.js';
export {
  type BatchPlan,
  type PlanFileInput,
  type PlanInput,
  type PlannedFile,
  type PlanOptions,
  planAborted,
  type QuotaVerdict,
} from './plan-types.js';
export { fetchQuotaRemaining, freeBytes, readSpaceQuota, type SpaceQuota } from './space-quota.js';

const isAbortError = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';

/** Plans one batch going to one folder of one space. Rejects only when canceled (AbortError). */
export async function planBatch(input: PlanInput, options: PlanOptions): Promise<BatchPlan> {
  const concurrency = Math.max(1, options.concurrency ?? 3);
  const base = joinPath(input.baseFolder);
  const files: PlannedFile[] = input.files.map((f) => ({
    action: 'upload',
    folderPath: base,
    name: f.name.normalize('NFC'),
    folders: [...f.folders],
    replaces: undefined,
    caseCollision: undefined,
    error: undefined,
  }));
  const root = dropTree(base, input);
  const paths = treePaths(root, base);
  const { pathOf } = paths;
  const { ask, conflicts } = conflictAsker(options.onConflict ?? defaultConflictHandler, options.signal);
  const names = nameSettler(input, files, paths, ask);
  const listingOptions = {
    headers: options.headers,
    ...(options.onUnauthorized ? { onUnauthorized: options.onUnauthorized } : {}),
    ...(options.explainSilence ? { explainSilence: options.explainSilence } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const checkAborted = () => {
    if (options.signal?.aborted) throw planAborted();
  };

  // The base folder and the free space, side by side.
  const given = input.quotaRemaining;
  const quotaRequest: Promise<SpaceQuota> =
    given === undefined
      ? readSpaceQuota(input.spaceId, options)
      : // A negative or non-number quota (Graph's "unlimited"/"unknown" passed on as is) says nothing.
        Promise.resolve(
          Number.isFinite(given) && given >= 0 ? { kind: 'limited', remaining: given } : { kind: 'unknown' },
        );

  try {
    const rootUrl = folderUrl(options.serverUrl, input.spaceId, base);
    // The listing gives no answer for a missing folder: the id of the request that found it missing is kept here.
    let rootRequestId: string | undefined;
    root.listing = await listFolder(rootUrl, {
      ...listingOptions,
      headers: async () => {
        const headers = await options.headers();
        rootRequestId = headers['X-Request-ID'];
        return headers;
      },
    });
    root.state = 'existing';
    if (!root.listing)
      root.error = new UploadError(
        base === '/'
          ? `the space ${input.spaceId} was not found (check the space id and the server URL)`
          : `the folder ${base} does not exist`,
        { status: 404, method: 'PROPFIND', url: rootUrl, ...(rootRequestId ? { requestId: rootRequestId } : {}) },
      );
    else if (!canCreateIn(root.listing.self))
      root.error = new UploadError("you can't upload here: the folder is read-only", {
        status: 403,
        method: 'PROPFIND',
        ...(root.listing.requestId ? { requestId: root.listing.requestId } : {}),
      });
  } catch (error) {
    if (isAbortError(error) || options.signal?.aborted) throw planAborted();
    root.error = error instanceof UploadError ? error : new UploadError(String(error), { cause: error });
  }
  if (root.error) root.state = 'refused';

  // Breadth first: a folder's fate (merged, renamed, skipped) is settled before anything below it is looked at.
  let level: Dir[] = [root];
  while (level.length > 0) {
    checkAborted();
    // Folders that exist and were merged need their own listing before their content can be checked.
    const toList = level.filter((d) => d !== root && d.state === 'pending');
    await mapLimit(toList, concurrency, async (dir) => {
      try {
        dir.listing = await listFolder(folderUrl(options.serverUrl, input.spaceId, pathOf(dir)), listingOptions);
        dir.state = dir.listing ? 'existing' : 'new';
        if (dir.listing && !canCreateIn(dir.listing.self)) {
          dir.state = 'refused';
          dir.error = new UploadError(`you can't upload here: ${pathOf(dir)} is read-only`, { status: 403 });
        }
      } catch (error) {
        if (isAbortError(error) || options.signal?.aborted) throw planAborted();
        dir.state = 'refused';
        dir.error = error instanceof UploadError ? error : new UploadError(String(error), { cause: error });
      }
    });
    checkAborted();

    const known = names.countKnown(level);
    const next: Dir[] = [];
    for (const dir of level) {
      if (dir.state === 'refused' || dir.state === 'skip') {
        names.settleSubtree(dir, dir.state === 'skip' ? 'skip' : 'refuse', dir.error);
        continue;
      }
      const listing = dir.state === 'existing' ? dir.listing : undefined;
      // Folders first: their answer decides what happens to everything below them.
      for (const child of await names.settleFolders(dir, listing, known)) next.push(child);
      await names.settleFiles(dir, listing, known);
      if (listing) markServerTwins(dir, listing, pathOf(dir), files);
    }
    level = next;
  }
  markBatchTwins(files);

  const folders: string[] = [];
  collectNew(root, folders, pathOf);

  let quota: QuotaVerdict | undefined;
  const spaceQuota = await quotaRequest.catch((): SpaceQuota => ({ kind: 'unknown' }));
  const remaining = await freeBytes(spaceQuota, () => root.listing?.self.quotaAvailable);
  if (remaining !== undefined) {
    let needed = input.pendingBytes ?? 0;
    files.forEach((f, i) => {
      if (f.action === 'upload') needed += Math.max(0, (input.files[i]?.size ?? 0) - (f.replaces?.size ?? 0));
    });
    quota = { spaceId: input.spaceId, needed, available: remaining, missing: Math.max(0, needed - remaining) };
  }
  return { files, folders, conflicts, quota, refusedFolders: refusedEmpty(root, pathOf) };
}
