/**
 * How files travel, decided from the capabilities: tus (chunk size, method override, creation-with-upload)
 * or a plain WebDAV PUT; parallelism and the retry policy. Every value can be overridden by the integrator.
 */
import type { UploadCapabilities } from './capabilities.js';
import { DEFAULT_BODILESS_STALL_MS, DEFAULT_STALL_MS } from './stall.js';

export interface TransferOptions {
  /** `auto` (default): tus when the server supports it, else PUT. */
  protocol?: 'auto' | 'tus' | 'put';
  /** Bytes per tus request; default the server's `max_chunk_size`. Never above it. */
  chunkSize?: number;
  /** Send PATCH as POST + `X-HTTP-Method-Override`; default from `http_method_override`. */
  overridePatchMethod?: boolean;
  /** Send the first chunk with the creation request; default when `creation-with-upload` is announced. */
  uploadDataDuringCreation?: boolean;
  /** Files uploading at once; default 5 (the oCIS web UI saw logouts at 20). */
  limit?: number;
  /** Waits in ms before each retry of a failed request; their number bounds the retries. */
  retryDelays?: number[];
  /** Forget a file's resume entry once it is uploaded; default true. */
  removeFingerprintOnSuccess?: boolean;
  /**
   * SHA-1 checks (README "Integrity" has what each costs and catches). `verify` (default): each file is hashed in a
   * worker while it uploads (the first byte never waits) and, once stored, compared with the SHA-1 the server
   * computed itself (PROPFIND `oc:checksums`); a difference fails the file as damaged. `whole-file`: hashed before
   * it goes and sent as metadata `checksum: SHA1 <hex>` (PUT: `OC-Checksum`), for servers that check it (oCIS
   * ignores it on tus), then verified the same way. `per-chunk`: each tus data request carries `Upload-Checksum`,
   * once the server announces the tus `checksum` extension in a header the page can read. `both`: whole-file and
   * per-chunk. `off`: none.
   */
  checksum?: ChecksumMode;
  /**
   * A request that moves no bytes for this long (ms) is aborted and the upload goes on from the server's offset;
   * default 30 s. Requests without a body (HEAD, a creation without data) get `bodilessStallMs`, default 15 s.
   */
  stallMs?: number;
  bodilessStallMs?: number;
}

export type ChecksumMode = 'verify' | 'whole-file' | 'per-chunk' | 'both' | 'off';
export const DEFAULT_CHECKSUM_MODE: ChecksumMode = 'verify';

export const DEFAULT_LIMIT = 5;
export const DEFAULT_RETRY_DELAYS: readonly number[] = [0, 1000, 3000, 5000];

export type RetryDecision = 'retry' | 'refresh-token-and-retry' | 'fail';

/** What a retry rule reads: the answer's status (none: no answer) and whether it came from the tus upload URL. */
export interface RetryCase {
  status: number | undefined;
  /** The request went to the tus upload URL (PATCH, HEAD), where 403/404 mean expired/gone. */
  onUploadUrl: boolean;
}

/**
 * The retry policy, as the table the code runs: the first row whose `applies` matches decides. A retried tus
 * request first asks the server for its offset (HEAD), so a retry never sends bytes twice. Retries stop when
 * `retryDelays` runs out.
 */
export const RETRY_POLICY: ReadonlyArray<{
  when: string;
  applies: (c: RetryCase) => boolean;
  decision: RetryDecision;
  why: string;
}> = [
  {
    when: 'no answer (network error, connection dropped)',
    applies: (c) => c.status === undefined || c.status === 0,
    decision: 'retry',
    why: 'the upload resumes from the server offset',
  },
  {
    when: '401',
    applies: (c) => c.status === 401,
    decision: 'refresh-token-and-retry',
    why: 'the token expired; one shared refresh, then the request again',
  },
  {
    when: '409',
    applies: (c) => c.status === 409,
    decision: 'retry',
    why: 'the offset moved; the retry re-reads it',
  },
  {
    when: '460',
    applies: (c) => c.status === 460,
    decision: 'retry',
    why: 'checksum mismatch: the chunk was discarded and is sent again',
  },
  {
    when: '403 or 404 on the upload URL (PATCH, HEAD)',
    applies: (c) => c.onUploadUrl && (c.status === 403 || c.status === 404),
    decision: 'retry',
    why: 'the URL expired or the upload is gone: the retry starts a fresh upload of the file (shown in its log)',
  },
  { when: '423', applies: (c) => c.status === 423, decision: 'retry', why: 'locked for now' },
  {
    when: '429',
    applies: (c) => c.status === 429,
    decision: 'retry',
    why: 'rate limited; Uppy slows the whole queue down',
  },
  {
    when: '500, 502, 503, 504',
    applies: (c) => c.status === 500 || c.status === 502 || c.status === 503 || c.status === 504,
    decision: 'retry',
    why: 'a passing server or proxy failure',
  },
  {
    when: '507',
    applies: (c) => c.status === 507,
    decision: 'fail',
    why: "the space is full: not retried; the uploader holds that space's files until space is freed",
  },
  {
    when: 'other 4xx (400, 403/404 on creation, 412, 413, …), other 5xx',
    applies: () => true,
    decision: 'fail',
    why: 'repeating the same request cannot help',
  },
];

/** `onUploadUrl`: the request went to the tus upload URL (PATCH, HEAD), where 403/404 mean expired/gone. */
export function retryDecision(status: number | undefined, onUploadUrl = false): RetryDecision {
  const c = { status, onUploadUrl };
  return (RETRY_POLICY.find((row) => row.applies(c)) as (typeof RETRY_POLICY)[number]).decision;
}

/** `tus` when the capabilities allow it: `tus_support` present, a chunk size > 0 and tus 1.0.0. */
export function supportsTus(capabilities: UploadCapabilities): boolean {
  const tus = capabilities.tus;
  if (!tus || tus.maxChunkSize <= 0) return false;
  const versions = [tus.version, tus.resumable].flatMap((v) => v?.split(',').map((s) => s.trim()) ?? []);
  return versions.includes('1.0.0');
}

/** What is hashed: the whole file before it goes (metadata), each data request, the stored file against ours. */
export interface ChecksumPlan {
  wholeFile: boolean;
  perChunk: boolean;
  /** The stored file's SHA-1 (the server's own) is compared with ours. */
  verify: boolean;
}

export interface TusTransfer {
  protocol: 'tus';
  checksum: ChecksumPlan;
  chunkSize: number;
  overridePatchMethod: boolean;
  uploadDataDuringCreation: boolean;
  removeFingerprintOnSuccess: boolean;
  limit: number;
  retryDelays: number[];
  stallMs: number;
  bodilessStallMs: number;
}

export interface PutTransfer {
  protocol: 'put';
  checksum: ChecksumPlan;
  limit: number;
  retryDelays: number[];
  stallMs: number;
}

export type Transfer = TusTransfer | PutTransfer;

function positive(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new RangeError(`${name} must be a whole number > 0, got ${value}`);
  return value;
}

/** Pure: capabilities + the integrator's options → how files travel. Throws on options that cannot work. */
export function resolveTransfer(capabilities: UploadCapabilities, options: TransferOptions = {}): Transfer {
  const limit = positive('limit', options.limit) ?? DEFAULT_LIMIT;
  const retryDelays = [...(options.retryDelays ?? DEFAULT_RETRY_DELAYS)];
  if (retryDelays.some((d) => !Number.isFinite(d) || d < 0)) throw new RangeError('retryDelays must be numbers ≥ 0');
  const protocol = options.protocol ?? 'auto';
  const tusPossible = supportsTus(capabilities);
  if (protocol === 'tus' && !tusPossible)
    throw new Error(
      'protocol "tus" was asked for, but the server announces no usable tus support (tus_support 1.0.0 with max_chunk_size > 0)',
    );
  const mode = options.checksum ?? DEFAULT_CHECKSUM_MODE;
  if (!['verify', 'whole-file', 'per-chunk', 'both', 'off'].includes(mode))
    throw new RangeError(
      `checksum must be 'verify', 'whole-file', 'per-chunk', 'both' or 'off', got ${JSON.stringify(mode)}`,
    );
  // A server that lists its checksum types without SHA-1 would refuse a SHA-1 metadata checksum (and report none).
  const sha1Known = capabilities.checksumTypes.length === 0 || capabilities.checksumTypes.includes('sha1');
  const wholeFile = sha1Known && (mode === 'whole-file' || mode === 'both');
  const checksum: ChecksumPlan = {
    wholeFile,
    perChunk: mode === 'per-chunk' || mode === 'both',
    verify: sha1Known && (mode === 'verify' || wholeFile),
  };
  const stallMs = positive('stallMs', options.stallMs) ?? DEFAULT_STALL_MS;
  const bodilessStallMs = positive('bodilessStallMs', options.bodilessStallMs) ?? DEFAULT_BODILESS_STALL_MS;
  if (protocol === 'put' || !tusPossible)
    return { protocol: 'put', limit, retryDelays, stallMs, checksum: { ...checksum, perChunk: false } };
  const tus = capabilities.tus as NonNullable<UploadCapabilities['tus']>;
  const chunkSize = Math.min(positive('chunkSize', options.chunkSize) ?? tus.maxChunkSize, tus.maxChunkSize);
  return {
    protocol: 'tus',
    checksum,
    chunkSize,
    overridePatchMethod: options.overridePatchMethod ?? tus.methodOverride,
    uploadDataDuringCreation: options.uploadDataDuringCreation ?? tus.extensions.has('creation-with-upload'),
    removeFingerprintOnSuccess: options.removeFingerprintOnSuccess ?? true,
    limit,
    retryDelays,
    stallMs,
    bodilessStallMs,
  };
}
