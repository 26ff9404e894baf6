/**
 * Failures grouped by cause: the failed files and the empty folders that were not created, one group per plain-words
 * reason (files and folders apart), in the order each cause first appeared. Pure.
 */
import type { FolderError, UploadItem } from '../core/index.js';
import { dropFolderOf, folderKeyOf } from './folder-groups.js';
import { folderOf } from './format.js';
import { errorText, type SpaceUploaderMessages } from './messages.js';

/** One failure: a failed file, or an empty folder that was not created. */
export interface ErrorRow {
  id: string;
  name: string;
  path: string;
  /** The folder it is in, inside the drop, for display (the rows show the same). */
  folder: string | undefined;
  error: UploadItem['error'];
  isFolder: boolean;
}

export interface ErrorGroup {
  key: string;
  /** The cause in plain words (for folders: that they were not created, and why). */
  text: string;
  kind: string;
  isFolder: boolean;
  rows: readonly ErrorRow[];
}

/** Top-level dropped folders (`spaceId\npath`) of these files: where a folder error's path is shown from. */
export function dropFoldersOf(items: readonly UploadItem[]): string[] {
  const keys = new Set<string>();
  for (const item of items) {
    const key = folderKeyOf(item);
    if (key) keys.add(key);
  }
  return [...keys];
}

export function errorRows(
  failed: readonly UploadItem[],
  folderErrors: readonly FolderError[],
  dropFolders: readonly string[],
): ErrorRow[] {
  const folderError = (f: FolderError): ErrorRow => {
    const drop = dropFolders
      .map((key) => ({ spaceId: key.slice(0, key.indexOf('\n')), path: key.slice(key.indexOf('\n') + 1) }))
      .find((d) => d.spaceId === f.spaceId && `${f.path}/`.startsWith(`${d.path}/`));
    const parent = f.path.slice(0, f.path.lastIndexOf('/')).slice(1);
    return {
      id: `folder:${f.spaceId}:${f.path}`,
      name: f.path.slice(f.path.lastIndexOf('/') + 1),
      path: f.path,
      // Inside the drop ("Trip"), like the rows; a drop that brought no file is shown from the space.
      folder:
        (drop ? dropFolderOf(f.path, { ...drop, name: drop.path.slice(drop.path.lastIndexOf('/') + 1) }) : parent) ||
        undefined,
      error: f.error,
      isFolder: true,
    };
  };
  return [
    ...failed.map((item) => ({
      id: item.id,
      name: item.name,
      path: item.path,
      folder: folderOf(item.relativePath) || undefined,
      error: item.error,
      isFolder: false,
    })),
    ...folderErrors.map(folderError),
  ];
}

export function groupErrors(rows: readonly ErrorRow[], m: SpaceUploaderMessages): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup & { rows: ErrorRow[] }>();
  for (const row of rows) {
    const reason = errorText(row, m);
    const text = row.isFolder ? m.folderNotCreated(reason) : reason;
    const key = `${row.isFolder ? 'folder' : 'file'}\n${text}`;
    const group = groups.get(key);
    if (group) group.rows.push(row);
    else groups.set(key, { key, text, kind: row.error?.kind ?? 'unknown', isFolder: row.isFolder, rows: [row] });
  }
  return [...groups.values()];
}
