/**
 * Where a file goes: its folder, name, path, URLs and upload metadata, all derived from one placement. Used when a
 * file comes in (where it was dropped) and again when the checks move it ("keep both", a renamed folder above it).
 */
import { encodeSegment, folderUrl, joinAsIs, joinPath } from '../endpoints.js';
import { buildUploadMetadata } from '../metadata.js';
import type { Entry } from './entry.js';
import type { Internals } from './internals.js';

/** Folder URLs by space and folder: files of one folder share it (10,000 files: 10,000 fewer encodings). */
const folderUrlOf = (s: Internals, spaceId: string, folderPath: string) => {
  const key = `${spaceId}\n${folderPath}`;
  let url = s.folders.urls.get(key);
  if (url === undefined) {
    url = folderUrl(s.serverUrl, spaceId, folderPath);
    s.folders.urls.set(key, url);
  }
  return url;
};

/** Where a file goes: its folder (below the batch's), its name, and everything derived from those. */
export function place(s: Internals, entry: Entry, folders: readonly string[], name: string, describeNow = true): void {
  const { context, baseFolder } = entry.batch;
  // A path that climbs (`../x`, only from an app's own relativePath) is refused by the checks, naming it; until
  // then it is shown as given and its URL stays in the batch's folder.
  const climbs = folders.includes('..');
  const folderPath =
    folders.length === 0 ? baseFolder : climbs ? joinAsIs(baseFolder, ...folders) : joinPath(baseFolder, ...folders);
  entry.name = name;
  entry.folderPath = folderPath;
  // A plain name (most of them) needs no normalising: 10,000 joins cost the adding task 30 ms.
  // Joined as is: a name the server refuses (`..`, `a/b`) is refused by the checks, naming it, not thrown here.
  entry.path = joinAsIs(folderPath, name);
  entry.endpoint = folderUrlOf(s, context.space.id, climbs ? baseFolder : folderPath);
  entry.fileUrl = `${entry.endpoint}/${encodeSegment(name)}`;
  if (describeNow) describe(entry, folders);
  else {
    // What a row shows until `measure` describes the file fully (it needs the date, and 10,000 full descriptions
    // would add 50 ms to the task that adds them).
    entry.meta = { name, type: entry.file.type || 'application/octet-stream', ...relativePathOf(entry, folders) };
  }
}

/** A file of a dropped folder: its path inside the drop, as placed (after "keep both" of a folder above it). */
const relativePathOf = (entry: Entry, folders: readonly string[]): { relativePath?: string } =>
  entry.continuedAs
    ? { relativePath: entry.continuedAs }
    : entry.source.folders.length > 0
      ? { relativePath: joinAsIs('/', ...folders, entry.name) }
      : {};

/** The file's upload metadata, from where it goes (`place`) and what is known of it so far. */
export function describe(entry: Entry, folders: readonly string[]): void {
  entry.meta = buildUploadMetadata(
    {
      name: entry.name,
      type: entry.file.type,
      ...(entry.lastModified !== undefined ? { lastModified: entry.lastModified } : {}),
      ...relativePathOf(entry, folders),
      ...(entry.topLevelFolderId ? { topLevelFolderId: entry.topLevelFolderId } : {}),
      ...(entry.sha1 ? { sha1: entry.sha1 } : {}),
      uploadId: entry.uploadId,
      tusEndpoint: entry.endpoint,
    },
    entry.context,
  );
}
