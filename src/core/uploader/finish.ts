/**
 * After the transfer says "stored": the file's id (and etag) and, with verification (the default), the server's own
 * SHA-1 of what it stored compared with the file's, in one PROPFIND (waiting out the server's short processing
 * state); small files in one listing of their folder with others stored meanwhile (`stored-batch.ts`). tus gives
 * `Oc-Fileid` where it is readable; across origins oCIS hides it, and the PROPFIND says it. An empty file is PUT
 * once more with its date where `X-OC-Mtime` may be sent (oCIS stamps a 0-byte tus upload with the upload time).
 */
import { UploadError } from '../errors.js';
import { discardBody } from '../http.js';
import { listFolder } from '../listing.js';
import { verifyStoredSha1 } from '../verify.js';
import { type Entry, mtimeOf, sizeOf } from './entry.js';
import { sha1ForVerify } from './hash-alongside.js';
import type { Internals } from './internals.js';
import { move } from './machine.js';
import { BATCH_CONFIRM_MAX_BYTES, confirmWithOthers } from './stored-batch.js';

/** The transfer stored `entry`; `fileId`/`etag` as its answer told them (when readable). */
export function stored(s: Internals, entry: Entry, fileId: string | undefined, etag: string | undefined): void {
  entry.error = undefined;
  entry.bytesUploaded = sizeOf(entry);
  const verify = !!s.transfer?.checksum.verify && sizeOf(entry) > 0;
  if (fileId && !verify) {
    move(s, entry, 'stored', { result: { fileId, etag } });
    return;
  }
  if (!move(s, entry, 'stored-without-id')) return;
  const alone = (e: Entry, sha1: string | undefined, id?: string, tag?: string) => {
    (sha1 !== undefined ? verifyStored(s, e, sha1, id, tag) : resolveId(s, e, tag)).catch(() =>
      move(s, e, 'id-resolved', { result: { fileId: id, etag: tag } }),
    );
  };
  const batched = sizeOf(entry) > 0 && sizeOf(entry) <= BATCH_CONFIRM_MAX_BYTES;
  if (!verify) {
    if (batched) confirmWithOthers(s, entry, { sha1: undefined, fileId, etag }, alone);
    else alone(entry, undefined, fileId, etag);
    return;
  }
  sha1ForVerify(entry).then(
    (sha1) => {
      entry.sha1 = sha1;
      if (batched) confirmWithOthers(s, entry, { sha1, fileId, etag }, alone);
      else alone(entry, sha1, fileId, etag);
    },
    () => {
      // The browser could no longer read the file (moved, deleted): it was sent whole; only the check is lost.
      note(s, entry, 'the file could not be read again to verify it: stored, not verified');
      alone(entry, undefined, fileId, etag);
    },
  );
}

/** A line in the file's log, shown with its item. */
function note(s: Internals, entry: Entry, message: string): void {
  entry.log.push({ at: Date.now(), message });
  s.store.touch(entry);
}

async function resolveId(s: Internals, entry: Entry, etag: string | undefined): Promise<void> {
  const found =
    (await stampEmptyFile(s, entry).catch(() => undefined)) ??
    (await listFolder(entry.fileUrl, { depth: '0', untilProcessed: true, ...s.http.requestOptions })
      .then((listing) => listing && { fileId: listing.self.fileId, etag: listing.self.etag })
      .catch(() => undefined));
  move(s, entry, 'id-resolved', { result: { fileId: found?.fileId, etag: etag ?? found?.etag } });
}

async function verifyStored(
  s: Internals,
  entry: Entry,
  expected: string,
  fileId: string | undefined,
  etag: string | undefined,
) {
  const result = await verifyStoredSha1(entry.fileUrl, expected, s.http.requestOptions);
  const stored = { fileId: fileId ?? result.fileId, etag: etag ?? result.etag };
  if (result.verdict === 'mismatch') {
    move(s, entry, 'mismatch', {
      error: new UploadError('the file arrived damaged: the server stored other bytes than were sent', {
        kind: 'integrity',
        ...(result.requestId ? { requestId: result.requestId } : {}),
        cause: result.reason,
      }),
    });
    return;
  }
  if (result.verdict === 'unknown') note(s, entry, `not verified: ${result.reason ?? 'the server reported no SHA-1'}`);
  move(s, entry, 'id-resolved', { result: { ...stored, verified: result.verdict === 'verified' } });
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
