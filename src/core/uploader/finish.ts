/**
 * After the transfer says "stored": the file's id (and etag). tus gives `Oc-Fileid` where it is readable; across
 * origins oCIS hides it, so the file is asked for it (PROPFIND, Depth 0, waiting out the server's short processing
 * state). An empty file is PUT once more with its date where `X-OC-Mtime` may be sent (oCIS stamps a 0-byte tus
 * upload with the upload time).
 */
import { discardBody } from '../http.js';
import { listFolder } from '../listing.js';
import { type Entry, mtimeOf, sizeOf } from './entry.js';
import type { Internals } from './internals.js';
import { move } from './machine.js';

/** The transfer stored `entry`; `fileId`/`etag` as its answer told them (when readable). */
export function stored(s: Internals, entry: Entry, fileId: string | undefined, etag: string | undefined): void {
  entry.error = undefined;
  entry.bytesUploaded = sizeOf(entry);
  if (fileId) {
    move(s, entry, 'stored', { result: { fileId, etag } });
    return;
  }
  if (!move(s, entry, 'stored-without-id')) return;
  stampEmptyFile(s, entry)
    .then(
      (stamped) =>
        stamped ??
        listFolder(entry.fileUrl, { depth: '0', untilProcessed: true, ...s.http.requestOptions }).then(
          (found) => found && { fileId: found.self.fileId, etag: found.self.etag },
        ),
    )
    .catch(() => undefined)
    .then((found) => {
      move(s, entry, 'id-resolved', { result: { fileId: found?.fileId, etag: etag ?? found?.etag } });
    });
}

/**
 * oCIS stores a 0-byte tus upload with the time of upload, whatever its `mtime` metadata says (a plain PUT with
 * `X-OC-Mtime` keeps it). Where that header may be sent, the empty file is PUT once more with its date: its id
 * and etag come with the answer. Across origins without the header the server's date stays (README).
 */
async function stampEmptyFile(s: Internals, entry: Entry): Promise<{ fileId?: string; etag?: string } | undefined> {
  if (s.transfer?.protocol !== 'tus' || sizeOf(entry) !== 0 || !s.http.optIn('X-OC-Mtime')) return undefined;
  const { response } = await s.http.send(entry.fileUrl, {
    method: 'PUT',
    headers: { 'X-OC-Mtime': String(Math.floor(mtimeOf(entry) / 1000)) },
    body: '',
  });
  await discardBody(response);
  if (!response.ok) {
    entry.log.push({ at: Date.now(), message: `keeping the empty file's date answered ${response.status}` });
    return undefined;
  }
  const fileId = response.headers.get('Oc-Fileid') ?? undefined;
  return fileId
    ? { fileId, etag: response.headers.get('Oc-Etag') ?? response.headers.get('Etag') ?? undefined }
    : undefined;
}
