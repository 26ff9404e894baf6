/**
 * The names of one folder of the batch, settled: a name the server would refuse is refused, a free one is taken,
 * and a taken one (on the server, by a file queued before, or by an earlier file of this batch) is put to the
 * conflict handler; "keep both" then picks a name free of all of those.
 */
import type { AskConflict } from './conflict-asker.js';
import type { UploadConflict } from './conflicts.js';
import { joinPath, pathPrefixes } from './endpoints.js';
import { UploadError } from './errors.js';
import { canReplace, type FolderListing, type ListedItem } from './listing.js';
import { describeNameProblem, keepBothName, nameProblem } from './names.js';
import { type Dir, subtreeStats, type TreePaths } from './plan-tree.js';
import type { PlanInput, PlannedFile } from './plan-types.js';

/** Conflicts with listed names on the current level not asked about yet, per kind (for "apply to all N"). */
export interface KnownConflicts {
  folder: number;
  file: number;
}

export interface NameSettler {
  /** The conflicts with listed names on this level (deeper ones are found later). */
  countKnown(level: readonly Dir[]): KnownConflicts;
  /** Settles `dir`'s subfolders: refused, new, skipped, renamed, or merged (then listed on the next level). */
  settleFolders(dir: Dir, listing: FolderListing | undefined, known: KnownConflicts): Promise<Dir[]>;
  /** Settles the files directly in `dir`: their final folder and name, or why they do not go. */
  settleFiles(dir: Dir, listing: FolderListing | undefined, known: KnownConflicts): Promise<void>;
  /** Skips or refuses everything below a skipped or refused folder. */
  settleSubtree(dir: Dir, action: 'skip' | 'refuse', error: UploadError | undefined): void;
}

export function nameSettler(input: PlanInput, files: PlannedFile[], paths: TreePaths, ask: AskConflict): NameSettler {
  const { pathOf, relativeOf } = paths;
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
  // Queued files' paths and the folders above them.
  const reserved = new Set<string>();
  for (const path of input.reservedPaths ?? [])
    for (const prefix of pathPrefixes(path.split('/').filter((segment) => segment !== ''))) reserved.add(prefix);
  /** What a queued file of an earlier batch will be at `path` (a conflict like one on the server). */
  const queuedAt = (path: string): ListedItem | undefined => (input.reservedPaths?.has(path) ? comingFile : undefined);

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

  const settleSubtree = (dir: Dir, action: 'skip' | 'refuse', error: UploadError | undefined): void => {
    for (const index of dir.files) {
      const file = files[index] as PlannedFile;
      file.folderPath = pathOf(dir);
      file.folders = relativeOf(dir);
      if (action === 'skip') file.action = 'skip';
      else refuse(file, error ?? new UploadError('the folder could not be checked'));
    }
    for (const child of dir.children.values()) {
      child.state = action === 'skip' ? 'skip' : 'refused';
      settleSubtree(child, action, error);
    }
  };

  return {
    settleSubtree,

    countKnown(level) {
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
      return known;
    },

    async settleFolders(dir, listing, known) {
      const settled: Dir[] = [];
      for (const child of dir.children.values()) {
        settled.push(child);
        const problem = nameProblem(child.name);
        if (problem) {
          child.state = 'refused';
          child.error = nameError(child.name, problem);
          continue;
        }
        const existing = listing?.children.get(child.name);
        if (!existing) {
          child.state = 'new';
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
      }
      return settled;
    },

    async settleFiles(dir, listing, known) {
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
        else if (resolution === 'replace')
          file.replaces = { fileId: existing.fileId, size: existing.size, etag: existing.etag };
        else
          file.name = keepBothName(
            file.name,
            (n) => takenIn(dir, file.name)(n) || claimed.has(joinPath(file.folderPath, n)),
          );
        if (file.action === 'upload')
          claimed.set(joinPath(file.folderPath, file.name), { ...comingFile, size: input.files[index]?.size });
      }
    },
  };
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
