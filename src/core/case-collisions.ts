/**
 * Names that differ only by case: allowed on the server, trouble on a laptop's disk once synced. A file going up
 * notes the first such twin found (`caseCollision`), on the server or in the batch.
 */
import { joinPath, pathPrefixes, pathSegments } from './endpoints.js';
import type { FolderListing } from './listing.js';
import { type Dir, filesBelow } from './plan-tree.js';
import type { PlannedFile } from './plan-types.js';

/** Twins on the server (`listing` of `dir`, at `folderPath`) of `dir`'s files and new folders. */
export function markServerTwins(dir: Dir, listing: FolderListing, folderPath: string, files: PlannedFile[]): void {
  const lower = new Map([...listing.children.keys()].map((n) => [n.toLocaleLowerCase('en'), n]));
  const twinOf = (name: string) => {
    const other = lower.get(name.toLocaleLowerCase('en'));
    return other !== undefined && other !== name ? joinPath(folderPath, other) : undefined;
  };
  for (const index of dir.files) {
    const file = files[index] as PlannedFile;
    const twin = twinOf(file.name);
    if (file.action === 'upload' && twin) file.caseCollision ??= twin;
  }
  // A folder's twin is told on every file below it.
  for (const child of dir.children.values()) {
    const twin = child.state === 'new' ? twinOf(child.finalName) : undefined;
    if (twin) for (const index of filesBelow(child)) (files[index] as PlannedFile).caseCollision ??= twin;
  }
}

/**
 * Twins within the batch (files, or folders on the way to them): each path (and each folder prefix) indexed once,
 * so that thousands of files below two twin folders stay linear.
 */
export function markBatchTwins(files: readonly PlannedFile[]): void {
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
}
