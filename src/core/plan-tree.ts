/**
 * The batch's folders as a tree (the base folder at its root), each with the files directly in it (indexes into
 * the batch), its final name after "keep both", and its fate once planned.
 */
import { joinAsIs, pathSegments } from './endpoints.js';
import { UploadError } from './errors.js';
import type { FolderListing } from './listing.js';
import type { BatchPlan, PlanFileInput, PlanInput } from './plan-types.js';

/** A folder of the drop, or the base folder at the root of this tree. */
export interface Dir {
  name: string;
  /** Final name (after "keep both"). */
  finalName: string;
  parent: Dir | undefined;
  children: Map<string, Dir>;
  files: number[];
  /** `existing`: on the server (listed); `new`: to be created; `skip`/`refused`: nothing goes below. */
  state: 'existing' | 'new' | 'skip' | 'refused' | 'pending';
  listing: FolderListing | undefined;
  error: UploadError | undefined;
}

function newDir(name: string, parent: Dir | undefined): Dir {
  return {
    name,
    finalName: name,
    parent,
    children: new Map(),
    files: [],
    state: 'pending',
    listing: undefined,
    error: undefined,
  };
}

function dirAt(root: Dir, names: readonly string[]): Dir {
  let dir = root;
  for (const raw of names) {
    const name = raw.normalize('NFC');
    let child = dir.children.get(name);
    if (!child) {
      child = newDir(name, dir);
      dir.children.set(name, child);
    }
    dir = child;
  }
  return dir;
}

export function filesBelow(dir: Dir): number[] {
  return [...dir.files, ...[...dir.children.values()].flatMap(filesBelow)];
}

export function subtreeStats(dir: Dir, inputs: readonly PlanFileInput[]): { files: number; bytes: number } {
  let files = dir.files.length;
  let bytes = dir.files.reduce((sum, i) => sum + (inputs[i]?.size ?? 0), 0);
  for (const child of dir.children.values()) {
    const s = subtreeStats(child, inputs);
    files += s.files;
    bytes += s.bytes;
  }
  return { files, bytes };
}

export function collectNew(dir: Dir, out: string[], pathOf: (dir: Dir) => string): void {
  // Breadth first, so parents come before children.
  let level = [...dir.children.values()];
  while (level.length > 0) {
    const next: Dir[] = [];
    for (const d of level) {
      if (d.state === 'new') out.push(pathOf(d));
      if (d.state === 'new' || d.state === 'existing') next.push(...d.children.values());
    }
    level = next;
  }
}

/** The tree of a batch going to `base`: each file (by index) in its folder, and the drop's empty folders. */
export function dropTree(base: string, input: Pick<PlanInput, 'files' | 'emptyFolders'>): Dir {
  const root = newDir(pathSegments(base).at(-1) ?? '', undefined);
  input.files.forEach((f, index) => {
    dirAt(root, f.folders).files.push(index);
  });
  for (const folders of input.emptyFolders ?? []) dirAt(root, folders);
  return root;
}

/** Where a folder of the tree lands, after every rename above it. */
export interface TreePaths {
  /** Its final names inside the drop (the `folders` of a file in it). */
  relativeOf(dir: Dir): string[];
  /** Absolute in the space. */
  pathOf(dir: Dir): string;
}

export function treePaths(root: Dir, base: string): TreePaths {
  const relativeOf = (dir: Dir): string[] => {
    const names: string[] = [];
    for (let d: Dir | undefined = dir; d && d !== root; d = d.parent) names.unshift(d.finalName);
    return names;
  };
  // Joined as is: a refused folder name (`..`) must still give a path to report, not throw.
  return { relativeOf, pathOf: (dir) => joinAsIs(base, ...relativeOf(dir)) };
}

/** The topmost refused folders with no file below (each with the first reason found on its way up). */
export function refusedEmpty(root: Dir, pathOf: (dir: Dir) => string): BatchPlan['refusedFolders'] {
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
