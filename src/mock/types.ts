/**
 * Public types of the mock oCIS server. The mock is a separate server: it shares no code with the
 * client (`src/core`), so that it cannot share the client's bugs.
 */

/** The `files.tus_support` block of the capabilities, exactly as oCIS sends it. */
export interface MockTusSupport {
  version: string;
  resumable: string;
  /** Comma-separated, e.g. `creation,creation-with-upload`. */
  extension: string;
  /** oCIS sends a number; some proxies rewrite it to a string, so both are allowed here. */
  max_chunk_size: number | string;
  /** A string in oCIS (`""` = off), e.g. `"PATCH"`. */
  http_method_override: string;
}

/** A bearer token the mock accepts. Without a lifetime it never expires. */
export interface MockToken {
  token: string;
  /** Seconds from when the token is added (or the mock is reset) until it stops being accepted. */
  lifetimeSeconds?: number;
}

/** Route names used by fault rules and by the request log. */
export type MockRoute =
  | 'capabilities'
  | 'tus-create'
  | 'tus-patch'
  | 'tus-head'
  | 'tus-delete'
  | 'tus-options'
  | 'webdav-put'
  | 'webdav-get'
  | 'webdav-head'
  | 'webdav-delete'
  | 'webdav-options'
  | 'mkcol'
  | 'propfind'
  | 'graph'
  | 'mock-admin'
  | 'unknown';

/** Drop the connection after `afterBytes` bytes of one request body have been received (and stored). */
export interface MockDropFault {
  type: 'drop';
  afterBytes: number;
  /** Which body-carrying route; default `tus-patch`. */
  route?: 'tus-patch' | 'tus-create' | 'webdav-put';
  /** The rule fires first on the nth matching request (1-based, default 1)… */
  nth?: number;
  /** …and then on this many matching requests in a row (default 1; `'always'` for every one). */
  times?: number | 'always';
}

/** Answer a matching request with a status instead of handling it. */
export interface MockStatusFault {
  type: 'status';
  status: number;
  /** Effective method (after `X-HTTP-Method-Override`), e.g. `PATCH`. Any method when absent. */
  method?: string;
  /** Any route when absent. */
  route?: MockRoute;
  nth?: number;
  times?: number | 'always';
  /** `Retry-After` header in seconds (429 and 503 get 1 by default). */
  retryAfterSeconds?: number;
  /** Response body; 502 gets an HTML page by default, every other status an empty body. */
  body?: string;
  contentType?: string;
}

export type MockFaultRule = MockDropFault | MockStatusFault;

/** Faults and run-time conditions. `setFaults` replaces the whole set; rule counters start again. */
export interface MockFaults {
  rules?: MockFaultRule[];
  /** Added to every request except `/__mock/*`. */
  latencyMs?: number;
  /** Upload bandwidth limit: request bodies are read no faster than this. */
  bandwidthBytesPerSecond?: number;
  /** Lifetime of new upload URLs (the JWT `exp`); oCIS default 86400. */
  uploadUrlLifetimeSeconds?: number;
  /** Moves the mock's clock forward: upload URLs and tokens expire as if this much time had passed. */
  clockOffsetSeconds?: number;
  /** After the last byte, the file is "processing" this long: GET/HEAD on its WebDAV URL answer 425. */
  processingDelayMs?: number;
  /** Quota total per space id, in bytes (overrides the fixture's). */
  quotas?: Record<string, number>;
  /** Paths that are locked (423), as `{ spaceId, path }`. */
  locks?: Array<{ spaceId: string; path: string }>;
}

export interface MockCapabilitiesOptions {
  /** The `tus_support` block; `false` leaves it out (clients then upload with a plain PUT). */
  tus?: Partial<MockTusSupport> | false;
  /** `checksums.supportedTypes`; default `['sha1', 'md5', 'adler32']`. */
  checksumTypes?: string[];
}

/**
 * Where uploaded bytes are kept. The core only appends in order, so a store can hash as it goes.
 * `createMemoryStore()` (default, works anywhere) and `createFileStore()` from `space-uploader/mock/node`.
 */
export interface MockBlobStore {
  /** Starts an empty blob and returns its key. */
  create(): Promise<string>;
  append(key: string, bytes: Uint8Array): Promise<void>;
  /** Size in bytes and lower-case hex SHA-1 of everything appended so far. */
  stat(key: string): Promise<{ size: number; sha1: string }>;
  read(key: string): ReadableStream<Uint8Array>;
  delete(key: string): Promise<void>;
  /** Releases everything (the file store removes its directory). */
  close(): Promise<void>;
}

/**
 * Cross-origin access, as the real server's proxy grants it. Default: same-origin only (the mock's own origin,
 * i.e. `publicOrigin` or the origin each request was addressed to), like an oCIS without `OC_CORS_ALLOW_ORIGINS`:
 * a page on another origin fails in tests exactly as it fails in production.
 */
export interface MockCorsOptions {
  /** Page origins allowed besides the mock's own (`OC_CORS_ALLOW_ORIGINS`); `'*'` allows any origin. Default `[]`. */
  allowedOrigins?: string[] | '*';
  /** Request headers a preflight may ask for (`OC_CORS_ALLOW_HEADERS`); default: oCIS's default list. */
  allowedHeaders?: string[];
}

export interface MockOcisOptions {
  /** Accepted bearer tokens; default `['dev-token']`. */
  tokens?: Array<string | MockToken>;
  capabilities?: MockCapabilitiesOptions;
  /** Follow the tus 1.0.0 spec where oCIS does not: checksums verified (460/400), 415, `Tus-Version` on 412. */
  strict?: boolean;
  faults?: MockFaults;
  /** Default: an in-memory store. */
  store?: MockBlobStore;
  /** HS256 secret of upload-URL tokens; default a random one per mock. */
  jwtSecret?: string;
  /** Clock in milliseconds (tests move time forward); default `Date.now`. */
  now?: () => number;
  /** Origin used in `Location` headers; default: the origin of each request. */
  publicOrigin?: string;
  /** Serve every route below this path, e.g. `/ocis` (no trailing slash). Default: the root. */
  basePath?: string;
  /** Which page origins may call the mock cross-origin; default: its own origin only. `/__mock/*` allows any. */
  cors?: MockCorsOptions;
}

/** Options that can be changed while the mock runs (`configure`, `POST /__mock/config`). */
export interface MockRuntimeConfig {
  capabilities?: MockCapabilitiesOptions;
  strict?: boolean;
  faults?: MockFaults;
  /** Tokens to add (each lifetime counts from now). */
  tokens?: Array<string | MockToken>;
  /** Replaces the CORS settings (`reset()` restores the ones given at creation). */
  cors?: MockCorsOptions;
}

export interface MockRequestLogEntry {
  seq: number;
  /** Milliseconds since the epoch (the mock's clock). */
  at: number;
  method: string;
  /** After `X-HTTP-Method-Override`; equal to `method` when there is none. */
  effectiveMethod: string;
  route: MockRoute;
  /** URL path as received (still percent-encoded), without the base path. */
  path: string;
  status: number;
  requestId: string;
  /** Request body bytes that were received and kept. */
  bytesReceived: number;
  /** The request headers that matter to an upload (see `LOGGED_HEADERS`), names lower-case. */
  headers: Record<string, string>;
  /** Set when a fault rule answered or dropped this request. */
  fault?: 'status' | 'drop';
  /** The upload this request belongs to, if any. */
  uploadId?: string;
}

export interface MockUploadState {
  id: string;
  /** The space id as the client addressed it (a share id for uploads into a received share). */
  spaceId: string;
  /** Path of the target file below the addressed space root, e.g. `/Docs/a.txt`. */
  targetPath: string;
  filename: string;
  length: number;
  offset: number;
  complete: boolean;
  /** Deleted by the client (tus termination) or discarded by a failed checksum. */
  terminated: boolean;
  /** `Upload-Metadata` exactly as received, each value base64-decoded (UTF-8). Keys without a value map to `''`. */
  metadata: Record<string, string>;
  /** Keys in the order the client sent them. */
  metadataKeys: string[];
  /** `Oc-Fileid` of the target file. */
  fileId: string;
  /** Unix seconds, as in `Upload-Expires`. */
  expiresAt: number;
  createdAt: number;
  /** Whole-file checksum check in strict mode: `true`/`false` once checked, absent otherwise. */
  checksumVerified?: boolean;
  requests: Array<
    Pick<
      MockRequestLogEntry,
      'seq' | 'method' | 'effectiveMethod' | 'status' | 'bytesReceived' | 'requestId' | 'fault'
    > & { offset?: number }
  >;
}

export interface MockFileState {
  /** The space the file really lives in (for a share: the owner's space). */
  spaceId: string;
  path: string;
  size: number;
  sha1: string;
  fileId: string;
  etag: string;
  /** Unix seconds as the server understood the client's mtime (oCIS reads `a.b` as a seconds + b nanoseconds). */
  mtime: number;
  /** 1 for a new file, +1 for each overwrite. */
  versions: number;
  processing: boolean;
}

export interface MockFolderState {
  spaceId: string;
  path: string;
  fileId: string;
}

export interface MockSpaceState {
  id: string;
  name: string;
  driveAlias: string;
  driveType: string;
  quota?: { total: number; used: number; remaining: number; state: string };
}

export interface MockState {
  uploads: MockUploadState[];
  files: MockFileState[];
  folders: MockFolderState[];
  spaces: MockSpaceState[];
  /** The most recent requests (at most 10,000), oldest first. */
  requests: MockRequestLogEntry[];
  faults: MockFaults;
  strict: boolean;
  capabilities: MockCapabilitiesOptions;
}

export interface MockOcis {
  /** Answers one request; never throws (a bug answers 500). */
  handle(request: Request): Promise<Response>;
  state(): MockState;
  /** Back to the fixtures and the options given at creation; uploads, faults and log are cleared. */
  reset(): Promise<void>;
  setFaults(faults: MockFaults): void;
  configure(config: MockRuntimeConfig): void;
  addToken(token: string | MockToken): void;
  /** Stored bytes of a file, or `undefined` if there is none (path below the addressed space or share). */
  readFile(spaceId: string, path: string): Promise<Uint8Array | undefined>;
  /** Releases the store. */
  close(): Promise<void>;
}
