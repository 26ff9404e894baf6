/**
 * End-to-end verification: once a file is stored, the server's own SHA-1 of it (oCIS computes SHA1, MD5 and
 * ADLER32 of every stored file, whatever the client sent) is compared with the one hashed here. oCIS checks no tus
 * checksum itself, so this is the only check of a tus upload that a stock server makes possible.
 *
 * Measured against OpenCloud: PROPFIND Depth 0 with `<oc:checksums/>` answers
 * `<oc:checksum>SHA1:<hex> MD5:<hex> ADLER32:<hex></oc:checksum>`, readable across origins (the body is; the
 * `Oc-Checksum` header of HEAD/GET is not exposed), under a `425 TOO EARLY` propstat for up to ~0.2 s after the
 * last byte, and with no checksum at all (a 404 propstat) for an empty file. While a replacement uploads, the old
 * version's checksum is reported until the new one's last byte.
 */
import { type ListFolderOptions, listFolder } from './listing.js';

export type VerifyVerdict = 'verified' | 'mismatch' | 'unknown';

export interface VerifyResult {
  /** `unknown` when the server could not say (no SHA-1 in time, no answer, an error): never a guess. */
  verdict: VerifyVerdict;
  /** The server's SHA-1 (lower-case hex), when it reported one (an empty file: the SHA-1 of nothing). */
  serverSha1?: string;
  /** Why the verdict is `unknown` or `mismatch`, in a few words (for logs and error details). */
  reason?: string;
  /** From the same answer: the file's id and etag (what a cross-origin page cannot read from the upload's headers). */
  fileId?: string;
  etag?: string;
  /** `X-Request-Id` of the last PROPFIND. */
  requestId?: string;
}

export interface VerifyOptions extends ListFolderOptions {
  /** How long to wait out the server's processing state (`425 TOO EARLY`), in all. Default 15 s. */
  waitMs?: number;
  /** Before a mismatch is reported it is read once more after this long (default 300 ms; see below). */
  recheckMs?: number;
}

/** SHA-1 of zero bytes: oCIS reports no checksum for an empty file, whose content its size alone settles. */
export const EMPTY_SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';

const DEFAULT_WAIT_MS = 15_000;
const DEFAULT_RECHECK_MS = 300;

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

type Reading = VerifyResult & { settled: boolean };

async function read(fileUrl: string, options: VerifyOptions, waitMs: number): Promise<Reading> {
  let listing: Awaited<ReturnType<typeof listFolder>>;
  try {
    listing = await listFolder(fileUrl, {
      ...options,
      depth: '0',
      checksums: true,
      untilProcessed: true,
      processingWaitMs: waitMs,
    });
  } catch (error) {
    const reason = options.signal?.aborted ? 'aborted' : error instanceof Error ? error.message : String(error);
    const requestId = (error as { details?: { requestId?: string } }).details?.requestId;
    return { verdict: 'unknown', reason, settled: false, ...(requestId ? { requestId } : {}) };
  }
  if (!listing) return { verdict: 'unknown', reason: 'the file is not on the server (404)', settled: false };
  const { self, requestId } = listing;
  const known = {
    ...(self.fileId ? { fileId: self.fileId } : {}),
    ...(self.etag ? { etag: self.etag } : {}),
    ...(requestId ? { requestId } : {}),
  };
  if (options.signal?.aborted) return { verdict: 'unknown', reason: 'aborted', settled: false, ...known };
  if (listing.tooEarly)
    return { verdict: 'unknown', reason: `still processing after ${waitMs} ms`, settled: false, ...known };
  if (self.kind === 'folder') return { verdict: 'unknown', reason: 'a folder is there', settled: false, ...known };
  const serverSha1 = self.sha1 ?? (self.size === 0 ? EMPTY_SHA1 : undefined);
  if (!serverSha1) return { verdict: 'unknown', reason: 'the server reports no SHA-1', settled: false, ...known };
  return { verdict: 'verified', serverSha1, settled: true, ...known };
}

/**
 * Asks the server for its SHA-1 of the file at `fileUrl` (PROPFIND Depth 0, through `sendAuthorized`: fresh headers,
 * one refresh on a refused token) and compares it with `expectedHex`. Never rejects for the server's sake: anything
 * that keeps the server from answering plainly is `unknown` with a reason (an abort too).
 *
 * A mismatch is read twice (`recheckMs` apart): a replacement's new version only replaces the old one's checksum once
 * the server has it, so a reading that raced it must not fail a good upload. A corrupted file mismatches both times.
 */
export async function verifyStoredSha1(
  fileUrl: string,
  expectedHex: string,
  options: VerifyOptions,
): Promise<VerifyResult> {
  if (!/^[0-9a-f]{40}$/i.test(expectedHex))
    throw new TypeError(`a SHA-1 is 40 hex digits, got ${JSON.stringify(expectedHex)}`);
  const expected = expectedHex.toLowerCase();
  const started = Date.now();
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  let reading = await read(fileUrl, options, waitMs);
  if (reading.settled && reading.serverSha1 !== expected) {
    await sleep(options.recheckMs ?? DEFAULT_RECHECK_MS, options.signal);
    const again = await read(fileUrl, options, Math.max(0, waitMs - (Date.now() - started)));
    // A second reading that says nothing keeps the first one's mismatch, unless the caller gave up.
    if (again.settled || options.signal?.aborted) reading = again;
  }
  const { settled: _, ...result } = reading;
  if (!reading.settled || reading.serverSha1 === expected) return result;
  return {
    ...result,
    verdict: 'mismatch',
    reason: `the server's SHA-1 is ${reading.serverSha1}, the file's is ${expected}`,
  };
}
