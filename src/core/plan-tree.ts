/**
 * The batch's folders as a tree (the base folder at its root), each with the files directly in it (indexes into
 * the batch), its final name after "keep both", and its fate once planned.
 */
import type { UploadError } from './errors.js';
import type { FolderListing } from './listing.js';
import type { PlanFileInput } from './plan-types.js';

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

export function newDir(name: string, parent: Dir | undefined): Dir {
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

export function dirAt(root: Dir, names: readonly string[]): Dir {
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
