/**
 * Everything that knows @uppy/tus: its options for our transfer, and (in `tus-internals.ts`, re-exported here) the
 * two places we rely on its internals. An Uppy update that changes either fails
 * `test/unit/tus-adapter-contract.test.ts`, which reads them from @uppy/tus itself. The uploader loads this file
 * (with @uppy/tus and tus-js-client) when its first upload starts, while the capabilities are read.
 */
import Tus from '@uppy/tus';
import { DefaultHttpStack } from 'tus-js-client';
import { createChecksumHttpStack } from '../checksum.js';
import { createReadableHeadersHttpStack } from '../readable-headers.js';
import { uploadUrlExpiry } from '../resume.js';
import { createStallDetectingHttpStack, isStall } from '../stall.js';
import { retryDecision, type TusTransfer } from '../transfer.js';
import { wholeFileReader } from '../whole-file-reader.js';
import { type Entry, sizeOf } from './entry.js';
import { needSignIn } from './holds.js';
import type { Internals } from './internals.js';
import { carriedUploadError, MAX_RETRY_AFTER_MS, retryAfterMs } from './transport-errors.js';
import { TUS_PLUGIN_ID } from './tus-internals.js';
import type { SpaceUploadBody, SpaceUploadMeta } from './types.js';

export { TUS_PLUGIN_ID, terminationOf, tusFingerprint, tusUploadUrlOf } from './tus-internals.js';

/** One value of a tus `Upload-Metadata` header (`key base64,key base64`), decoded as UTF-8. */
export function metadataValue(header: string | undefined, key: string): string | undefined {
  for (const pair of header?.split(',') ?? []) {
    const [name, value] = pair.trim().split(' ');
    if (name !== key) continue;
    try {
      return new TextDecoder().decode(Uint8Array.from(atob(value ?? ''), (c) => c.charCodeAt(0)));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

type TusRequest = { getURL(): string; getMethod(): string; getHeader(name: string): string | undefined };

/** A creation: the one tus request the bearer token authorises (PATCH and HEAD go by the upload URL's own). */
const isCreation = (request: TusRequest) =>
  request.getMethod().toUpperCase() === 'POST' && !request.getHeader('X-HTTP-Method-Override');

/** The file a tus request belongs to: a PATCH goes to its upload URL; a creation to its folder, naming the file. */
function entryOfRequest(s: Internals, request: TusRequest | null | undefined): Entry | undefined {
  if (!request) return undefined;
  const url = request.getURL();
  const filename = metadataValue(request.getHeader('Upload-Metadata'), 'filename');
  for (const e of s.byUppyId.values())
    if (e.uploadUrl === url || (e.endpoint === url && filename !== undefined && e.name === filename)) return e;
  return undefined;
}

/**
 * A data request carrying a file's last bytes, when the file has a whole-file checksum. A 460 there may be the
 * server's check of the whole file (strict tus servers then drop the upload): sending again would start over
 * with the same checksum and fail the same way, so the file fails as damaged at once (a retry hashes it again).
 */
function reachesEnd(s: Internals, t: TusTransfer, request: TusRequest | null | undefined): boolean {
  const entry = entryOfRequest(s, request);
  const offset = Number(request?.getHeader('Upload-Offset') ?? 0);
  return !!entry?.sha1 && offset + t.chunkSize >= sizeOf(entry);
}

export function installTus(s: Internals, t: TusTransfer): void {
  const { http } = s;
  // Right around the stack that does the I/O: hashing a chunk first (the checksum stack) is not silence.
  const io = createStallDetectingHttpStack(new DefaultHttpStack({}), {
    stallMs: t.stallMs,
    bodilessStallMs: t.bodilessStallMs,
    onStall(stall) {
      const entry = entryOfRequest(s, stall.request);
      if (!entry) return;
      const id = stall.request.getHeader('X-Request-ID');
      entry.log.push({
        at: Date.now(),
        message: `${stall.method} moved no bytes for ${Math.round(stall.idleMs / 1000)} s${id ? ` (request ${id})` : ''}: aborted, going on from the server's offset`,
      });
      s.store.touch(entry);
    },
  });
  s.uppy.use(Tus<SpaceUploadMeta, SpaceUploadBody>, {
    id: TUS_PLUGIN_ID,
    chunkSize: t.chunkSize,
    overridePatchMethod: t.overridePatchMethod,
    uploadDataDuringCreation: t.uploadDataDuringCreation,
    removeFingerprintOnSuccess: t.removeFingerprintOnSuccess,
    limit: t.limit,
    retryDelays: t.retryDelays,
    allowedMetaFields: [...s.wireFields],
    urlStorage: s.resume.store,
    // Headers are read only when readable (across origins most are hidden); per-chunk checksums only once the
    // server announced the tus checksum extension (an unknown header could fail CORS).
    // A file that one request takes whole goes unsliced (see whole-file-reader.ts).
    fileReader: wholeFileReader,
    httpStack: createReadableHeadersHttpStack(
      t.checksum.perChunk ? createChecksumHttpStack(io, { enabled: () => s.chunkChecksums }) : io,
    ),
    onAfterResponse(
      req: { getURL(): string },
      res: { getHeader(name: string): string | undefined; getStatus(): number },
    ) {
      const extensions = res.getHeader('Tus-Extension') ?? '';
      const algorithms = res.getHeader('Tus-Checksum-Algorithm') ?? '';
      if (/(^|,)\s*checksum\s*(,|$)/i.test(extensions) && /(^|,)\s*sha1\s*(,|$)/i.test(algorithms))
        s.chunkChecksums = true;
      // oCIS sends Upload-Expires (unix seconds) on creation and on each PATCH: the resume record keeps it.
      // Across origins it is hidden; the upload URL's own token says the same.
      if (res.getStatus() < 300) {
        const location = res.getHeader('Location');
        const uploadUrl = location ? new URL(location, req.getURL()).href : req.getURL();
        const expires = Number(res.getHeader('Upload-Expires')) || uploadUrlExpiry(uploadUrl);
        if (expires !== undefined && expires > 0) s.resume.store.noteExpiry(uploadUrl, expires);
      }
    },
    async onBeforeRequest(req) {
      // A Retry-After the server sent for this URL (or for everyone, with 429) is waited out first.
      const wait = Math.max(s.notBefore.get(req.getURL()) ?? 0, s.notBefore.get('*') ?? 0) - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(wait, MAX_RETRY_AFTER_MS)));
      for (const [name, value] of Object.entries(await http.headersFor(req))) req.setHeader(name, value);
      // A creation carrying a token the server was just found to refuse would only meet the same silence: the
      // file waits for sign-in instead (tus does not retry our own error).
      const refused = isCreation(req) ? http.refusal(http.tokenSentWith(req)) : undefined;
      if (refused) throw refused;
    },
    onShouldRetry(error, attempt, _options, next) {
      // No token could be had: asking again at once would only call the failing token function again.
      if (carriedUploadError(error)?.kind === 'unauthorized') return false;
      const status = error.originalResponse?.getStatus();
      const request = error.originalRequest;
      const method = (request?.getHeader('X-HTTP-Method-Override') ?? request?.getMethod())?.toUpperCase();
      const decision = retryDecision(status, method === 'PATCH' || method === 'HEAD');
      if (decision === 'fail') return false;
      // A creation (the one tus request the token authorises) that got no answer across origins may have met a
      // refused token (not one we aborted ourselves as stalled): refreshed once; after that the server is asked
      // whether it refuses the token, and the retry waits for the verdict (see onBeforeRequest).
      if (status === undefined && method === 'POST' && !isStall(error) && http.crossOrigin) {
        const sent = http.tokenSentWith(request);
        if (http.refusal(sent)) return false;
        const refreshing = http.refreshAfterSilence(sent);
        if (refreshing) {
          refreshing.catch(() => needSignIn(s));
          return true;
        }
        void http.explainSilence(sent);
      }
      if (decision === 'refresh-token-and-retry') {
        if (!http.tokens.refreshable) return false;
        // The next request's onBeforeRequest waits for this shared refresh; if it fails, everything waits for
        // the user to sign in again (see `signedIn`).
        http.tokens.refresh(http.tokenSentWith(request)).catch(() => needSignIn(s));
        return true;
      }
      // Retried 4xx that tus-js-client's own rule would not retry: 460 (the chunk was discarded: send it again)
      // and 403/404 on the upload URL (the retry's HEAD fails the same way, and tus-js-client then creates a
      // fresh upload of the file, counted in its log).
      // (With per-chunk checksums on, a 460 there may be that chunk's own: it is sent again, bounded.)
      const chunksChecked = t.checksum.perChunk && s.chunkChecksums;
      if (status === 460 && !chunksChecked && reachesEnd(s, t, request)) return false;
      if (status === 460 || status === 403 || status === 404) return true;
      const retryAfter = retryAfterMs(error.originalResponse?.getHeader('Retry-After'));
      if (retryAfter !== undefined && (status === 423 || status === 429 || status === 503)) {
        const url = request?.getURL();
        // 429 is about this client as a whole; 423 and 503 about this resource.
        s.notBefore.set(status === 429 ? '*' : (url ?? '*'), Date.now() + retryAfter);
      }
      // 429 slows the whole queue (the wait above, or the next retry delay) and is retried like any other
      // failure: bounded per stretch without progress by tus-js-client. (@uppy/tus's own 429 rule draws from one
      // delay list for the uploader's whole life: the fifth 429 ever failed the file.)
      if (status === 429) {
        if (retryAfter === undefined)
          s.notBefore.set('*', Math.max(s.notBefore.get('*') ?? 0, Date.now() + (t.retryDelays[attempt] ?? 1000)));
        return true;
      }
      // Uppy's own rule for the rest: offline pauses the queue until the browser is online again.
      return next(error);
    },
  });
}
