/**
 * The list's rows: each top-level dropped folder as one row (its files counted and summed on it), loose files as
 * rows of their own, and the files of an expanded folder below it. Pure; `createFolderGrouper` keeps what it can
 * between snapshots, so a progress tick re-sums only the folders whose files changed.
 */
import { type FolderError, summarize, type UploaderStatus, type UploadItem, type UploadTotals } from '../core/index.js';

export interface FolderGroup {
  /** Space and folder path: unique in the batch. */
  key: string;
  spaceId: string;
  /** The folder's name where it landed (a "keep both" rename included). */
  name: string;
  /** Absolute in the space, e.g. `/Photos/Trip`. */
  path: string;
  /** Its files, in the batch's order. */
  items: readonly UploadItem[];
  /** Empty folders inside it that could not be created. */
  folderErrors: readonly FolderError[];
  /** The files' figures, summed as the batch's are (failed, canceled and skipped bytes left out). */
  totals: UploadTotals;
  /** As the batch's status; `failed` once all is settled and a folder inside it could not be created. */
  status: UploaderStatus;
}

export type ListRow =
  | { kind: 'file'; item: UploadItem; nested: boolean }
  | { kind: 'folder'; group: FolderGroup; expanded: boolean }
  | { kind: 'folder-error'; error: FolderError; group: FolderGroup };

export interface Grouping {
  /** Loose files and folders, in the order they were added (a folder where its first file is). */
  entries: ReadonlyArray<UploadItem | FolderGroup>;
  groups: ReadonlyMap<string, FolderGroup>;
}

const segments = (path: string) => path.split('/').filter(Boolean);

/**
 * The key of the top-level dropped folder a file came in, or `undefined` for a loose file. The folder's path is
 * the file's path cut to the depth of the drop's first segment, so a renamed folder ("Trip (1)") is found too.
 */
export function folderKeyOf(item: Pick<UploadItem, 'path' | 'relativePath' | 'spaceId'>): string | undefined {
  if (!item.relativePath) return undefined;
  const inside = segments(item.relativePath).length;
  if (inside < 2) return undefined;
  const landed = segments(item.path);
  // A path shorter than the drop's (not from the core) is grouped by the drop's first folder alone.
  const top =
    landed.length >= inside ? landed.slice(0, landed.length - inside + 1) : segments(item.relativePath).slice(0, 1);
  return `${item.spaceId}\n/${top.join('/')}`;
}

const isFolderGroup = (entry: UploadItem | FolderGroup): entry is FolderGroup => 'totals' in entry;

export { isFolderGroup };

const sameElements = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function makeGroup(key: string, items: UploadItem[], folderErrors: FolderError[]): FolderGroup {
  const spaceId = key.slice(0, key.indexOf('\n'));
  const path = key.slice(key.indexOf('\n') + 1);
  const { totals, status } = summarize(items);
  const settled = status === 'done' || status === 'idle';
  return {
    key,
    spaceId,
    path,
    name: path.slice(path.lastIndexOf('/') + 1),
    items,
    folderErrors,
    totals,
    status: folderErrors.length > 0 && settled && totals.counts.queued === 0 ? 'failed' : status,
  };
}

/**
 * A grouping function that remembers: each file's folder (per item object, which is new only when the file
 * changed) and each folder's group (kept, same object, when its files and errors are the same objects).
 */
export function createFolderGrouper(): (
  items: readonly UploadItem[],
  folderErrors: readonly FolderError[],
) => Grouping {
  const keys = new WeakMap<UploadItem, string | null>();
  let previous = new Map<string, FolderGroup>();
  return (items, folderErrors) => {
    const members = new Map<string, UploadItem[]>();
    const order: Array<UploadItem | string> = [];
    for (const item of items) {
      let key = keys.get(item);
      if (key === undefined) {
        key = folderKeyOf(item) ?? null;
        keys.set(item, key);
      }
      if (key === null) {
        order.push(item);
        continue;
      }
      const list = members.get(key);
      if (list) list.push(item);
      else {
        members.set(key, [item]);
        order.push(key);
      }
    }
    const errorsOf = new Map<string, FolderError[]>();
    for (const error of folderErrors) {
      const key = [...members.keys()].find((k) => {
        const [spaceId, path] = k.split('\n') as [string, string];
        return spaceId === error.spaceId && `${error.path}/`.startsWith(`${path}/`);
      });
      if (key) errorsOf.set(key, [...(errorsOf.get(key) ?? []), error]);
    }
    const groups = new Map<string, FolderGroup>();
    for (const [key, list] of members) {
      const errors = errorsOf.get(key) ?? [];
      const old = previous.get(key);
      groups.set(
        key,
        old && sameElements(old.items, list) && sameElements(old.folderErrors, errors)
          ? old
          : makeGroup(key, list, errors),
      );
    }
    previous = groups;
    const entries = order.map((entry) => (typeof entry === 'string' ? (groups.get(entry) as FolderGroup) : entry));
    return { entries, groups };
  };
}

/**
 * The rows to list: folders collapsed unless their key is in `expanded`; an expanded folder's empty folders that
 * could not be created first, then its files.
 */
export function listRows(grouping: Grouping, expanded: ReadonlySet<string>): ListRow[] {
  const rows: ListRow[] = [];
  for (const entry of grouping.entries) {
    if (!isFolderGroup(entry)) {
      rows.push(fileRow(entry, false));
      continue;
    }
    const open = expanded.has(entry.key);
    rows.push({ kind: 'folder', group: entry, expanded: open });
    if (!open) continue;
    for (const error of entry.folderErrors) rows.push({ kind: 'folder-error', error, group: entry });
    for (const item of entry.items) rows.push(fileRow(item, true));
  }
  return rows;
}

/** A file's row, the same object while the item is: 10,000 rows are not allocated again on every tick. */
const looseRows = new WeakMap<UploadItem, ListRow>();
const nestedRows = new WeakMap<UploadItem, ListRow>();
function fileRow(item: UploadItem, nested: boolean): ListRow {
  const cache = nested ? nestedRows : looseRows;
  let row = cache.get(item);
  if (!row) {
    row = { kind: 'file', item, nested };
    cache.set(item, row);
  }
  return row;
}

/**
 * The folder of `path` as the list shows folders: inside the drop (`Trip/day1`), not inside the space
 * (`Photos/Trip/day1`), so an error names the same folder as the rows.
 */
export function dropFolderOf(path: string, group: Pick<FolderGroup, 'path' | 'name'>): string {
  const parent = path.slice(0, path.lastIndexOf('/'));
  return parent.startsWith(group.path) ? group.name + parent.slice(group.path.length) : parent.replace(/^\//, '');
}
