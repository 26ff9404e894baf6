/**
 * A batch becomes a plan before a byte moves: names checked against the server's rules, every target folder
 * the batch touches listed (`PROPFIND`, Depth 1), each name conflict resolved by the integrator's policy,
 * read-only targets refused, and the batch's bytes summed against the space's free quota. The plan says,
 * per file, where it goes (or why not) and which folders must be created. Renamed folders ("keep both") are
 * carried as data, segment by segment, so every file below lands in the renamed tree at any depth.
 */
import {
  type ConflictDecision,
  type ConflictResolution,
  defaultConflictHandler,
  type UploadConflict,
} from './conflicts.js';
import { folderUrl, joinAsIs, joinPath, pathPrefixes, pathSegments } from './endpoints.js';
import { UploadError } from './errors.js';
import { canCreateIn, canReplace, type ListedItem, listFolder } from './listing.js';
import { describeNameProblem, keepBothName, nameProblem } from './names.js';
import { collectNew, type Dir, dirAt, filesBelow, newDir, subtreeStats } from './plan-tree.js';
import type { BatchPlan, PlanInput, PlannedFile, PlanOptions, QuotaVerdict } from './plan-types.js';
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
export type { BatchPlan, PlanFileInput, PlanInput, PlannedFile, PlanOptions, QuotaVerdict } from './plan-types.js';
export { fetchQuotaRemaining, freeBytes, readSpaceQuota, type SpaceQuota } from './space-quota.js';

const isAbortError = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';

export function planAborted(): DOMException {
  return new DOMException('the batch was canceled', 'AbortError');
}

/** Plans one batch going to one folder of one space. Rejects only when canceled (AbortError). */
export async function planBatch(input: PlanInput, options: PlanOptions): Promise<BatchPlan> {
  const onConflict = options.onConflict ?? defaultConflictHandler;
  const concurrency = Math.max(1, options.concurrency ?? 3);
  const base = joinPath(input.baseFolder);
  const root: Dir = newDir(pathSegments(base).at(-1) ?? '', undefined);
  root.finalName = root.name;
  const files: PlannedFile[] = input.files.map((f) => ({
    action: 'upload',
    folderPath: base,
    name: f.name.normalize('NFC'),
    folders: [...f.folders],
    replaces: undefined,
    caseCollision: undefined,
    error: undefined,
  }));
  input.files.forEach((f, index) => {
    dirAt(root, f.folders).files.push(index);
  });
  for (const folders of input.emptyFolders ?? []) dirAt(root, folders);

  const conflicts: BatchPlan['conflicts'] = [];
  /** Paths this batch's files take so far (a second file to the same path is a conflict with the first). */
  const claimed = new Map<string, ListedItem>();
  /** A file that is not on the server yet: queued earlier, or earlier in this batch. */
  const comingFile: ListedItem = {
    name: '',
    kind: 'file',
    fileId: undefined,
    etag: undefined,
    size: undefined,
    permissions: undefined,
    quotaAvailable: undefined,
  };
  const remembered: { file?: ConflictResolution; folder?: ConflictResolution } = {};
  const listingOptions = {
    headers: options.headers,
    ...(options.onUnauthorized ? { onUnauthorized: options.onUnauthorized } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const relativeOf = (dir: Dir): string[] => {
    const names: string[] = [];
    for (let d: Dir | undefined = dir; d && d !== root; d = d.parent) names.unshift(d.finalName);
    return names;
  };
  // Joined as is: a refused folder name (`..`) must still give a path to report, not throw.
  const pathOf = (dir: Dir): string => joinAsIs(base, ...relativeOf(dir));
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
  // Queued files' paths and the folders above them.
  const reserved = new Set<string>();
  for (const path of input.reservedPaths ?? [])
    for (const prefix of pathPrefixes(path.split('/').filter((segment) => segment !== ''))) reserved.add(prefix);
  /** What a queued file of an earlier batch will be at `path` (a conflict like one on the server). */
  const queuedAt = (path: string): ListedItem | undefined => (input.reservedPaths?.has(path) ? comingFile : undefined);
  try {
    root.listing = await listFolder(folderUrl(options.serverUrl, input.spaceId, base), listingOptions);
    root.state = 'existing';
    if (!root.listing)
      root.error = new UploadError(`the folder ${base} does not exist`, { status: 404, method: 'PROPFIND' });
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

  const ask = async (
    conflict: Omit<UploadConflict, 'remaining'>,
    pendingOfKind: number,
  ): Promise<ConflictResolution> => {
    const known = remembered[conflict.kind];
    let resolution: ConflictResolution | undefined = known && conflict.options.includes(known) ? known : undefined;
    if (!resolution) {
      checkAborted();
      let answer: ConflictDecision | ConflictResolution;
      const signal = options.signal ?? new AbortController().signal;
      try {
        answer = await new Promise<ConflictDecision | ConflictResolution>((resolve, reject) => {
          const onAbort = () => reject(planAborted());
          signal.addEventListener('abort', onAbort, { once: true });
          Promise.resolve()
            .then(() => onConflict({ ...conflict, remaining: pendingOfKind }, { signal }))
            .then(resolve, reject)
            .finally(() => signal.removeEventListener('abort', onAbort));
        });
      } catch {
        throw planAborted();
      }
      checkAborted();
      const decision = typeof answer === 'string' ? { resolution: answer } : answer;
      // An answer that does not fit this conflict (e.g. "replace" where a folder stands) falls back to the default.
      resolution = conflict.options.includes(decision.resolution)
        ? decision.resolution
        : (conflict.options[0] ?? 'skip');
      if (decision.applyToAll) remembered[conflict.kind] = decision.resolution;
    }
    conflicts.push({ ...conflict, remaining: pendingOfKind, resolution });
    return resolution;
  };

  /** Names taken in `dir` for "keep both": on the server, by this batch, or by files queued before. */
  const takenIn = (dir: Dir, self: string) => {
    const folderPath = pathOf(dir);
    const batchNames = new Set<string>();
    for (const child of dir.children.values()) if (child.finalName !== self) batchNames.add(child.finalName);
    for (const index of dir.files) {
      const f = files[index];
      if (f && f.action === 'upload' && f.name !== self) batchNames.add(f.name);
    }
    return (candidate: string) =>
      dir.listing?.children.has(candidate) === true ||
      batchNames.has(candidate) ||
      reserved.has(joinPath(folderPath, candidate));
  };

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

    // Conflicts known on this level, per kind, for the "apply to all N" count (deeper ones are found later).
    const known = { folder: 0, file: 0 };
    for (const dir of level) {
      const listed = dir.state === 'existing' ? dir.listing : undefined;
      if (!listed) continue;
      for (const child of dir.children.values())
        if (!nameProblem(child.name) && listed.children.has(child.name)) known.folder++;
      for (const i of dir.files) {
        const name = files[i]?.name ?? '';
        if (!nameProblem(name) && listed.children.has(name)) known.file++;
      }
    }
    const next: Dir[] = [];
    for (const dir of level) {
      if (dir.state === 'refused' || dir.state === 'skip') {
        markSubtree(dir, dir.state === 'skip' ? 'skip' : 'refuse', dir.error);
        continue;
      }
      const listing = dir.state === 'existing' ? dir.listing : undefined;
      // Folders first: their answer decides what happens to everything below them.
      for (const child of dir.children.values()) {
        const problem = nameProblem(child.name);
        if (problem) {
          child.state = 'refused';
          child.error = nameError(child.name, problem);
          next.push(child);
          continue;
        }
        const existing = listing?.children.get(child.name);
        if (!existing) {
          child.state = 'new';
          next.push(child);
          continue;
        }
        known.folder--;
        const stats = subtreeStats(child, input.files);
        const resolution = await ask(
          {
            kind: 'folder',
            name: child.name,
            spaceId: input.spaceId,
            folderPath: pathOf(dir),
            path: joinPath(pathOf(dir), child.name),
            existing: describe(existing),
            size: stats.bytes,
            files: stats.files,
            options: existing.kind === 'folder' ? ['merge', 'keep-both', 'skip'] : ['keep-both', 'skip'],
          },
          known.folder,
        );
        if (resolution === 'skip') child.state = 'skip';
        else if (resolution === 'keep-both') {
          child.finalName = keepBothName(child.name, takenIn(dir, child.finalName), true);
          child.state = 'new';
        } else child.state = 'pending'; // merge: list it on the next level
        next.push(child);
      }

      for (const index of dir.files) {
        const file = files[index] as PlannedFile;
        file.folderPath = pathOf(dir);
        file.folders = relativeOf(dir);
        const problem = nameProblem(file.name);
        if (problem) {
          refuse(file, nameError(file.name, problem));
          continue;
        }
        const path = joinPath(file.folderPath, file.name);
        // On the server, queued earlier, or brought by an earlier file of this batch: the same question each time.
        const existing = listing?.children.get(file.name) ?? queuedAt(path) ?? claimed.get(path);
        if (!existing) {
          claimed.set(path, { ...comingFile, size: input.files[index]?.size });
          continue;
        }
        if (listing?.children.has(file.name)) known.file--;
        const replaceable = existing.kind === 'file' && canReplace(existing);
        const resolution = await ask(
          {
            kind: 'file',
            name: file.name,
            spaceId: input.spaceId,
            folderPath: file.folderPath,
            path: joinPath(file.folderPath, file.name),
            existing: describe(existing),
            size: input.files[index]?.size ?? 0,
            files: 1,
            options: replaceable ? ['keep-both', 'replace', 'skip'] : ['keep-both', 'skip'],
          },
          known.file,
        );
        if (resolution === 'skip') file.action = 'skip';
        else if (resolution === 'replace') file.replaces = { fileId: existing.fileId, size: existing.size };
        else
          file.name = keepBothName(
            file.name,
            (n) => takenIn(dir, file.name)(n) || claimed.has(joinPath(file.folderPath, n)),
          );
        if (file.action === 'upload')
          claimed.set(joinPath(file.folderPath, file.name), { ...comingFile, size: input.files[index]?.size });
      }
      // A name (file or new folder) differing only by case from one on the server: allowed there, trouble on a
      // laptop's disk (a folder's twin is told on every file below it).
      if (listing) {
        const lower = new Map([...listing.children.keys()].map((n) => [n.toLocaleLowerCase('en'), n]));
        const twinOf = (name: string) => {
          const other = lower.get(name.toLocaleLowerCase('en'));
          return other !== undefined && other !== name ? joinPath(pathOf(dir), other) : undefined;
        };
        for (const index of dir.files) {
          const file = files[index] as PlannedFile;
          const twin = twinOf(file.name);
          if (file.action === 'upload' && twin) file.caseCollision ??= twin;
        }
        for (const child of dir.children.values()) {
          const twin = child.state === 'new' ? twinOf(child.finalName) : undefined;
          if (twin) for (const index of filesBelow(child)) (files[index] as PlannedFile).caseCollision ??= twin;
        }
      }
    }
    level = next;
  }

  // Two paths of this batch (files, or folders on the way to them) that differ only by case: each path (and each
  // folder prefix) indexed once, so that thousands of files below two twin folders stay linear.
  const going = files.filter((f) => f.action === 'upload');
  const spellings = new Map<string, string[]>();
  const prefixes = going.map((f) => pathPrefixes([...pathSegments(f.folderPath), f.name]));
  for (const list of prefixes)
    for (const path of list) {
      const key = path.toLocaleLowerCase('en');
      const seen = spellings.get(key);
      if (!seen) spellings.set(key, [path]);
      else if (!seen.includes(path)) seen.push(path);
    }
  going.forEach((f, i) => {
    for (const path of prefixes[i] ?? []) {
      const twin = spellings.get(path.toLocaleLowerCase('en'))?.find((other) => other !== path);
      if (twin !== undefined) {
        f.caseCollision ??= twin;
        break;
      }
    }
  });

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
  return { files, folders, conflicts, quota, refusedFolders: refusedEmpty() };

  /** The topmost refused folders with no file below (each with the first reason found on its way up). */
  function refusedEmpty(): BatchPlan['refusedFolders'] {
    const out: BatchPlan['refusedFolders'] = [];
    const visit = (dir: Dir, inherited: UploadError | undefined) => {
      for (const child of dir.children.values()) {
        const error = child.error ?? inherited;
        if (child.state === 'refused' && filesBelow(child).length === 0)
          out.push({ path: pathOf(child), error: error ?? new UploadError('the folder could not be checked') });
        else if (child.state !== 'refused') visit(child, error);
      }
    };
    visit(root, root.error);
    return out;
  }

  function markSubtree(dir: Dir, action: 'skip' | 'refuse', error: UploadError | undefined): void {
    for (const index of dir.files) {
      const file = files[index] as PlannedFile;
      file.folderPath = pathOf(dir);
      file.folders = relativeOf(dir);
      if (action === 'skip') file.action = 'skip';
      else refuse(file, error ?? new UploadError('the folder could not be checked'));
    }
    for (const child of dir.children.values()) {
      child.state = action === 'skip' ? 'skip' : 'refused';
      markSubtree(child, action, error);
    }
  }
}

function refuse(file: PlannedFile, error: UploadError): void {
  file.action = 'refuse';
  file.error = error;
}

function nameError(name: string, problem: Parameters<typeof describeNameProblem>[1]): UploadError {
  return new UploadError(describeNameProblem(name, problem), { kind: 'invalid-name', invalidName: { name, problem } });
}

const describe = (item: ListedItem): UploadConflict['existing'] => ({
  kind: item.kind,
  fileId: item.fileId,
  size: item.size,
});

async function mapLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
}
