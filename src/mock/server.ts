/**
 * The mock oCIS server: one fetch-style handler `(Request) => Promise<Response>` over in-memory state.
 * It answers as oCIS does (../../../shared/notes/ocis-server-facts.md), quirks included; `strict` follows the
 * tus 1.0.0 spec where oCIS does not. No Node-only API here: adapters serve it over Node HTTP or msw.
 */
import { crc32, createMD5, createSHA1 } from 'hash-wasm';
import { Cors, corsGroupOf, corsOptionsError } from './cors.js';
import { dropResponse, isDropResponse } from './drop.js';
import { fixtureShares, fixtureSpaces, type MockFixtureShare, mockFixtures } from './fixtures.js';
import { signUploadToken, verifyUploadToken } from './jwt.js';
import { createMemoryStore } from './memory-store.js';
import {
  fileIdOf,
  isInside,
  lookup,
  type Mount,
  newEtag,
  newNode,
  newSpace,
  parseSpaceId,
  pathOf,
  permissionsOf,
  quotaOf,
  type Space,
  type TreeNode,
  walk,
} from './tree.js';
import type {
  MockBlobStore,
  MockCapabilitiesOptions,
  MockFaultRule,
  MockFaults,
  MockOcis,
  MockOcisOptions,
  MockRequestLogEntry,
  MockRoute,
  MockRuntimeConfig,
  MockState,
  MockToken,
  MockTusSupport,
  MockUploadState,
} from './types.js';
import {
  concatBytes,
  decodeSegment,
  encodeSegment,
  fromBase64,
  fromUtf8,
  ocisDate,
  randomHex,
  randomUuid,
  sleep,
  toBase64,
  utf8,
} from './util.js';
import { contentTypeOf, davErrorXml, multistatusXml, requestedProps, unauthorizedXml } from './webdav-xml.js';

export const DEFAULT_TUS_SUPPORT: MockTusSupport = {
  version: '1.0.0',
  resumable: '1.0.0',
  extension: 'creation,creation-with-upload',
  max_chunk_size: 10000000,
  http_method_override: '',
};

const TUS_EXTENSION_ON_CREATE = 'creation,creation-with-upload,checksum,expiration';
const TUS_EXTENSION_ON_OPTIONS = 'creation,creation-with-upload,termination,concatenation,creation-defer-length';
const TUS_CHECKSUM_ALGORITHMS = 'md5,sha1,crc32';
const OFFSET_STREAM = 'application/offset+octet-stream';
/** Headers a cross-origin client needs to read; creation answers keep oCIS's shorter list. */
const EXPOSE_HEADERS = [
  'Tus-Resumable',
  'Tus-Version',
  'Tus-Extension',
  'Tus-Checksum-Algorithm',
  'Upload-Offset',
  'Upload-Length',
  'Upload-Expires',
  'Location',
  'Oc-Fileid',
  'Oc-Etag',
  'Oc-Perm',
  'Etag',
  'Last-Modified',
  'Content-Type',
  'X-Request-Id',
  'Retry-After',
  'X-OC-Mtime',
].join(', ');
/** ocdav's headers on every PROPFIND answer. */
const PROPFIND_HEADERS = {
  DAV: '1, 3, extended-mkcol',
  Vary: 'Origin, Prefer',
  'Access-Control-Expose-Headers': 'Tus-Resumable, Tus-Version, Tus-Extension',
  'Tus-Resumable': '1.0.0',
  'Tus-Version': '1.0.0',
  'Tus-Extension': 'creation, creation-with-upload, checksum, expiration',
};
const LOG_LIMIT = 10_000;
/** Request headers kept in the log: what an upload client decides, so tests and the inspector can see it. */
export const LOGGED_HEADERS = [
  'authorization',
  'x-request-id',
  'accept-language',
  'initiator-id',
  'tus-resumable',
  'upload-length',
  'upload-offset',
  'upload-metadata',
  'upload-checksum',
  'upload-defer-length',
  'content-type',
  'content-length',
  'x-http-method-override',
  'x-oc-mtime',
  'oc-checksum',
  'if-match',
  'depth',
  'origin',
] as const;
const DEFAULT_UPLOAD_LIFETIME_SECONDS = 86_400;
const LOCK_WAIT_MS = 3_000;
/** Largest body without `Content-Length` held in memory before it is stored (see `receive`). */
const HOLD_UNDECLARED_LIMIT = 64 * 1024 * 1024;
const MAX_FILENAME_BYTES = 255;
const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';
const STATUS_TEXT: Record<number, string> = { 425: 'Too Early', 460: 'Checksum Mismatch' };

interface Upload {
  id: string;
  token: string;
  mount: Mount;
  parent: TreeNode;
  filename: string;
  targetPath: string;
  length: number;
  offset: number;
  complete: boolean;
  terminated: boolean;
  metadata: Record<string, string>;
  metadataKeys: string[];
  blobKey: string;
  nodeId: string;
  expiresAt: number;
  createdAt: number;
  checksumVerified: boolean | undefined;
  requests: MockUploadState['requests'];
  /** Settles when the request currently writing to this upload ends (tusd's upload lock). */
  busy: Promise<void> | undefined;
}

interface ArmedDrop {
  rule: RuleState;
  afterBytes: number;
}

interface RuleState {
  rule: MockFaultRule;
  seen: number;
  fired: number;
  /** Requests holding this drop rule while their body is read. */
  armed: number;
}

interface Ctx {
  request: Request;
  url: URL;
  method: string;
  effectiveMethod: string;
  route: MockRoute;
  /** Path below the base path, still percent-encoded. */
  path: string;
  segments: string[];
  requestId: string;
  /** Origin plus base path, for `Location` and hrefs. */
  base: string;
  log: MockRequestLogEntry;
  drop: ArmedDrop | undefined;
  upload: Upload | undefined;
  /** `uploadOf`'s answer for this request, computed once (it verifies the token's HMAC). */
  uploadLookup: Promise<Upload | Response> | undefined;
}

type BodyOutcome = 'complete' | 'dropped' | 'aborted' | 'too-large';

/** Thrown inside handlers to answer with a status; caught in `dispatch`. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly dav = false,
  ) {
    super(message);
  }
}

const empty = (status: number, headers: Record<string, string> = {}): Response =>
  new Response(null, {
    status,
    statusText: STATUS_TEXT[status] ?? '',
    headers: status === 204 || status === 304 ? headers : { ...headers, 'Content-Length': '0' },
  });

const json = (
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json; charset=utf-8',
): Response => new Response(JSON.stringify(value), { status, headers: { 'Content-Type': contentType, ...headers } });

/** Graph answers `application/json` without a charset. */
const graphJson = (status: number, value: unknown): Response => json(status, value, {}, 'application/json');

const xml = (status: number, body: string, contentType = 'application/xml; charset=utf-8'): Response =>
  new Response(body, {
    status,
    statusText: STATUS_TEXT[status] ?? '',
    headers: { 'Content-Type': contentType },
  });

/** Methods whose 401 carries an XML body (the proxy's list of WebDAV methods). */
const XML_401_METHODS = new Set(['DELETE', 'MKCOL', 'PROPFIND', 'PROPPATCH', 'MOVE', 'COPY', 'LOCK', 'UNLOCK']);

/** Answers of the auth layer: they carry no CORS header at all (a cross-origin page sees a network error). */
const bare = new WeakSet<Response>();

/**
 * The proxy's 401: both schemes offered, none to `X-Requested-With: XMLHttpRequest` (a page's script must not
 * meet the browser's login prompt); a PROPFIND (WebDAV clients) also gets a Sabre-style XML body.
 */
function unauthorized(method: string, host: string, fromScript: boolean): Response {
  const headers = new Headers();
  if (!fromScript) {
    headers.append('WWW-Authenticate', `Bearer realm="${host}", charset="UTF-8"`);
    headers.append('WWW-Authenticate', `Basic realm="${host}", charset="UTF-8"`);
  }
  const body = XML_401_METHODS.has(method) ? unauthorizedXml : null;
  if (body) headers.set('Content-Type', 'text/xml; charset=utf-8');
  else headers.set('Content-Length', '0');
  const response = new Response(body, { status: 401, headers });
  bare.add(response);
  return response;
}

function normalizeTokens(tokens: ReadonlyArray<string | MockToken>): MockToken[] {
  return tokens.map((t) => (typeof t === 'string' ? { token: t } : t));
}

/** Checks a faults object from JSON; returns it or a message saying what is wrong. */
export function validateFaults(input: unknown): MockFaults | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'faults must be a JSON object';
  const f = input as Record<string, unknown>;
  for (const key of [
    'latencyMs',
    'bandwidthBytesPerSecond',
    'uploadUrlLifetimeSeconds',
    'processingDelayMs',
    'clockOffsetSeconds',
  ]) {
    const v = f[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0))
      return `${key} must be a number ≥ 0`;
  }
  if (f.bandwidthBytesPerSecond === 0) return 'bandwidthBytesPerSecond must be > 0';
  if (f.rules !== undefined) {
    if (!Array.isArray(f.rules)) return 'rules must be an array';
    for (const [i, r] of f.rules.entries()) {
      if (typeof r !== 'object' || r === null) return `rules[${i}] must be an object`;
      const rule = r as Record<string, unknown>;
      if (rule.type === 'drop') {
        if (typeof rule.afterBytes !== 'number' || rule.afterBytes < 0)
          return `rules[${i}].afterBytes must be a number ≥ 0`;
      } else if (rule.type === 'status') {
        if (typeof rule.status !== 'number' || rule.status < 200 || rule.status > 599)
          return `rules[${i}].status must be an HTTP status (200–599)`;
      } else return `rules[${i}].type must be "drop" or "status"`;
      if (rule.nth !== undefined && (typeof rule.nth !== 'number' || rule.nth < 1))
        return `rules[${i}].nth must be ≥ 1`;
      if (rule.times !== undefined && rule.times !== 'always' && (typeof rule.times !== 'number' || rule.times < 1))
        return `rules[${i}].times must be ≥ 1 or "always"`;
    }
  }
  if (f.quotas !== undefined && (typeof f.quotas !== 'object' || f.quotas === null)) return 'quotas must be an object';
  if (f.locks !== undefined && !Array.isArray(f.locks)) return 'locks must be an array';
  return f as MockFaults;
}

/** tusd's `Upload-Metadata` parsing: `key base64,key base64,key`. `undefined` if a value is not base64. */
function parseMetadata(header: string | null): { values: Record<string, string>; keys: string[] } | undefined {
  const values: Record<string, string> = {};
  const keys: string[] = [];
  if (!header) return { values, keys };
  for (const element of header.split(',')) {
    const parts = element.trim().split(' ');
    const key = parts[0] ?? '';
    if (!key || parts.length > 2) {
      if (!key && parts.length === 1) continue;
      return undefined;
    }
    let value = '';
    if (parts.length === 2) {
      const bytes = fromBase64(parts[1] ?? '');
      if (!bytes) return undefined;
      value = fromUtf8(bytes);
    }
    if (!(key in values)) keys.push(key);
    values[key] = value;
  }
  return { values, keys };
}

/** reva reads `a.b` as a seconds and b *nanoseconds* (so a float from the web UI loses its fraction). */
function parseMtime(value: string | undefined | null): number | undefined {
  if (!value || !/^\d+(\.\d+)?$/.test(value)) return undefined;
  const [sec = '0', frac] = value.split('.');
  return Number(sec) + (frac ? Number(frac) / 1e9 : 0);
}

function invalidFilename(name: string | undefined): boolean {
  if (name === undefined || name.trim() === '' || name === '.' || name === '..') return true;
  if (/[\r\n\f\\/]/.test(name)) return true;
  return utf8(name).length > MAX_FILENAME_BYTES;
}

const stripQuotes = (etag: string): string => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');

const UINT = /^\d+$/;

export function createMockOcis(options: MockOcisOptions = {}): MockOcis {
  return new MockOcisServer(options);
}

class MockOcisServer implements MockOcis {
  private readonly store: MockBlobStore;
  private readonly now: () => number;
  private readonly secret: string;
  private readonly basePath: string;
  private cors: Cors;
  private spaces = new Map<string, Space>();
  private shares = new Map<string, MockFixtureShare>();
  private uploads = new Map<string, Upload>();
  private tokens = new Map<string, number | undefined>();
  private faults: MockFaults = {};
  private rules: RuleState[] = [];
  private strict = false;
  private capabilities: MockCapabilitiesOptions = {};
  private log: MockRequestLogEntry[] = [];
  private seq = 0;
  private ready: Promise<void>;

  constructor(private readonly options: MockOcisOptions) {
    this.store = options.store ?? createMemoryStore();
    const clock = options.now ?? Date.now;
    // A clock offset fault moves the mock's time (upload URLs and tokens expire as if that time had passed).
    this.now = () => clock() + (this.faults.clockOffsetSeconds ?? 0) * 1000;
    this.secret = options.jwtSecret ?? randomHex(32);
    this.basePath = (options.basePath ?? '').replace(/\/+$/, '');
    this.cors = new Cors(options.cors);
    this.ready = this.load();
  }

  // ---- lifecycle -------------------------------------------------------------------------------------------

  private async load(): Promise<void> {
    const o = this.options;
    this.strict = o.strict ?? false;
    this.capabilities = o.capabilities ?? {};
    this.cors = new Cors(o.cors);
    this.setFaults(o.faults ?? {});
    this.tokens.clear();
    for (const t of normalizeTokens(o.tokens ?? ['dev-token'])) this.addToken(t);
    this.log = [];
    this.uploads.clear();
    this.spaces.clear();
    this.shares.clear();
    for (const fixture of fixtureSpaces) {
      const space = newSpace(fixture, mockFixtures.mtime);
      this.spaces.set(space.id, space);
      for (const item of [...fixture.items].sort((a, b) => a.path.localeCompare(b.path))) {
        const segments = item.path.split('/').filter(Boolean);
        const name = segments.pop() ?? '';
        const parent = lookup(space.root, segments);
        if (!parent) throw new Error(`fixture parent missing for ${item.path}`);
        const node = newNode(
          space,
          parent,
          name,
          item.content === undefined ? 'folder' : 'file',
          item.nodeId,
          mockFixtures.mtime,
        );
        if (item.content !== undefined) {
          node.blobKey = await this.store.create();
          await this.store.append(node.blobKey, utf8(item.content));
          const { size, sha1 } = await this.store.stat(node.blobKey);
          node.size = size;
          node.sha1 = sha1;
          space.usedBytes += size;
        }
      }
    }
    for (const share of fixtureShares) this.shares.set(share.id, share);
  }

  async reset(): Promise<void> {
    await this.ready.catch(() => undefined);
    const keys = new Set<string>();
    for (const space of this.spaces.values()) for (const n of walk(space.root)) if (n.blobKey) keys.add(n.blobKey);
    for (const u of this.uploads.values()) keys.add(u.blobKey);
    await Promise.all([...keys].map((k) => this.store.delete(k).catch(() => undefined)));
    this.ready = this.load();
    await this.ready;
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    await this.store.close();
  }

  setFaults(faults: MockFaults): void {
    this.faults = { ...faults, rules: [...(faults.rules ?? [])] };
    this.rules = (faults.rules ?? []).map((rule) => ({ rule, seen: 0, fired: 0, armed: 0 }));
  }

  configure(config: MockRuntimeConfig): void {
    if (config.capabilities) this.capabilities = config.capabilities;
    if (config.strict !== undefined) this.strict = config.strict;
    if (config.cors) this.cors = new Cors(config.cors);
    if (config.faults) this.setFaults(config.faults);
    for (const t of config.tokens ?? []) this.addToken(t);
  }

  addToken(token: string | MockToken): void {
    const t = typeof token === 'string' ? { token } : token;
    this.tokens.set(t.token, t.lifetimeSeconds === undefined ? undefined : this.now() + t.lifetimeSeconds * 1000);
  }

  async readFile(spaceId: string, path: string): Promise<Uint8Array | undefined> {
    await this.ready;
    const mount = this.resolveMount(spaceId);
    if (typeof mount === 'number') return undefined;
    const node = lookup(mount.root, path.split('/').filter(Boolean));
    if (node?.kind !== 'file' || !node.blobKey) return undefined;
    const chunks: Uint8Array[] = [];
    const reader = this.store.read(node.blobKey).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    return concatBytes(chunks);
  }

  // ---- inspection ------------------------------------------------------------------------------------------

  state(): MockState {
    const files: MockState['files'] = [];
    const folders: MockState['folders'] = [];
    for (const space of this.spaces.values()) {
      for (const node of walk(space.root)) {
        if (node === space.root) continue;
        if (node.kind === 'folder') folders.push({ spaceId: space.id, path: pathOf(node), fileId: fileIdOf(node) });
        else
          files.push({
            spaceId: space.id,
            path: pathOf(node),
            size: node.size,
            sha1: node.sha1,
            fileId: fileIdOf(node),
            etag: node.etag,
            mtime: node.mtime,
            versions: node.versions,
            processing: node.processingUntil > this.now(),
          });
      }
    }
    return {
      uploads: [...this.uploads.values()].map((u) => ({
        id: u.id,
        spaceId: u.mount.addressedId,
        targetPath: u.targetPath,
        filename: u.filename,
        length: u.length,
        offset: u.offset,
        complete: u.complete,
        terminated: u.terminated,
        metadata: { ...u.metadata },
        metadataKeys: [...u.metadataKeys],
        fileId: `${u.mount.space.storageId}$${u.mount.space.uuid}!${u.nodeId}`,
        expiresAt: u.expiresAt,
        createdAt: u.createdAt,
        ...(u.checksumVerified === undefined ? {} : { checksumVerified: u.checksumVerified }),
        requests: u.requests.map((r) => ({ ...r })),
      })),
      files,
      folders,
      spaces: [...this.spaces.values()].map((s) => ({
        id: s.id,
        name: s.name,
        driveAlias: s.driveAlias,
        driveType: s.driveType,
        quota: this.quota(s),
      })),
      requests: this.log.map((e) => ({ ...e, headers: { ...e.headers } })),
      faults: structuredClone(this.faults),
      strict: this.strict,
      capabilities: structuredClone(this.capabilities),
    };
  }

  // ---- dispatch --------------------------------------------------------------------------------------------

  async handle(request: Request): Promise<Response> {
    let ctx: Ctx | undefined;
    let response: Response;
    try {
      await this.ready;
      ctx = this.context(request);
      response = await this.dispatch(ctx);
    } catch (error) {
      const method = ctx?.method ?? request.method;
      // oCIS answers a failed GET/HEAD with an empty body, other WebDAV methods with Sabre's XML.
      const davBody = error instanceof HttpError && error.dav && method !== 'GET' && method !== 'HEAD';
      response =
        error instanceof HttpError
          ? error.status === 401
            ? unauthorized(
                method,
                new URL(request.url).host,
                request.headers.get('x-requested-with')?.toLowerCase() === 'xmlhttprequest',
              )
            : davBody
              ? xml(error.status, davErrorXml(error.status, error.message), 'text/xml; charset=utf-8')
              : empty(error.status)
          : empty(500);
      if (!(error instanceof HttpError) && typeof console !== 'undefined') console.error('[mock oCIS]', error);
    }
    return this.finish(ctx, response);
  }

  private context(request: Request): Ctx {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    let path = url.pathname;
    if (this.basePath) path = path.startsWith(`${this.basePath}/`) ? path.slice(this.basePath.length) : '/';
    const segments = path.split('/').slice(1);
    const override = request.headers.get('x-http-method-override');
    const effectiveMethod =
      method === 'POST' && segments[0] === 'data' && override ? override.trim().toUpperCase() : method;
    const route = this.classify(method, effectiveMethod, segments);
    const requestId = request.headers.get('x-request-id') || randomUuid();
    const log: MockRequestLogEntry = {
      seq: ++this.seq,
      at: this.now(),
      method,
      effectiveMethod,
      route,
      path,
      status: 0,
      requestId,
      bytesReceived: 0,
      headers: Object.fromEntries(
        LOGGED_HEADERS.flatMap((name) => {
          const value = request.headers.get(name);
          return value === null ? [] : [[name, value.length > 2048 ? `${value.slice(0, 2048)}…` : value]];
        }),
      ),
    };
    const base = this.options.publicOrigin
      ? this.options.publicOrigin.replace(/\/+$/, '')
      : `${url.origin}${this.basePath}`;
    return {
      request,
      url,
      method,
      effectiveMethod,
      route,
      path,
      segments,
      requestId,
      base,
      log,
      drop: undefined,
      upload: undefined,
      uploadLookup: undefined,
    };
  }

  private classify(method: string, effective: string, s: string[]): MockRoute {
    if (s[0] === '__mock') return 'mock-admin';
    if (
      s[0] === 'ocs' &&
      (s[1] === 'v1.php' || s[1] === 'v2.php') &&
      s[2] === 'cloud' &&
      s[3] === 'capabilities' &&
      s.length === 4
    )
      return 'capabilities';
    if (s[0] === 'remote.php' && s[1] === 'dav' && s[2] === 'spaces' && s[3]) {
      const byMethod: Record<string, MockRoute> = {
        POST: 'tus-create',
        PUT: 'webdav-put',
        GET: 'webdav-get',
        HEAD: 'webdav-head',
        DELETE: 'webdav-delete',
        MKCOL: 'mkcol',
        PROPFIND: 'propfind',
        OPTIONS: 'webdav-options',
      };
      return byMethod[method] ?? 'unknown';
    }
    if (s[0] === 'data' && s[1] && s.length === 2) {
      const byMethod: Record<string, MockRoute> = {
        PATCH: 'tus-patch',
        HEAD: 'tus-head',
        DELETE: 'tus-delete',
        OPTIONS: 'tus-options',
      };
      return byMethod[effective] ?? 'unknown';
    }
    if (s[0] === 'graph' && s[1] === 'v1.0') return 'graph';
    return 'unknown';
  }

  private async dispatch(ctx: Ctx): Promise<Response> {
    const { request, route } = ctx;
    if (ctx.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {
      if (route === 'mock-admin') return this.preflight(ctx);
      const response = this.cors.preflight(request, corsGroupOf(ctx.segments), this.ownOrigin(ctx));
      bare.add(response);
      return response;
    }
    if (route === 'mock-admin') return this.admin(ctx);
    await sleep(this.faults.latencyMs ?? 0);
    // Attach the upload first, so a fault answer shows in that upload's own log too.
    if (ctx.segments[0] === 'data' && route.startsWith('tus-')) {
      const upload = await this.uploadOf(ctx);
      // Past the gateway, tusd itself answers 403 to an origin it does not allow.
      const origin = request.headers.get('origin');
      if (
        !(upload instanceof Response && upload.status === 403) &&
        origin &&
        !this.cors.allows(origin, this.ownOrigin(ctx))
      )
        return new Response(null, {
          status: 403,
          headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': '0' },
        });
    }
    const fault = this.matchStatusFault(ctx);
    if (fault) return fault;
    ctx.drop = this.armDrop(ctx);
    if (ctx.drop) ctx.drop.rule.armed++;
    try {
      return await this.route(ctx);
    } finally {
      // Cut or not, this request no longer holds the rule (a cut already counted it as fired).
      if (ctx.drop) ctx.drop.rule.armed--;
    }
  }

  private async route(ctx: Ctx): Promise<Response> {
    const { route } = ctx;
    switch (route) {
      case 'capabilities':
        return this.capabilitiesResponse(ctx);
      case 'tus-create':
        return this.tusCreate(ctx);
      case 'tus-patch':
        return this.tusdError(ctx, await this.tusPatch(ctx));
      case 'tus-head':
        return this.tusdError(ctx, await this.tusHead(ctx));
      case 'tus-delete':
        return this.tusdError(ctx, await this.tusDelete(ctx));
      case 'tus-options':
        return this.tusOptions(ctx);
      case 'webdav-put':
        return this.davPut(ctx);
      case 'webdav-get':
      case 'webdav-head':
        return this.davGet(ctx);
      case 'webdav-delete':
        return this.davDelete(ctx);
      case 'mkcol':
        return this.mkcol(ctx);
      case 'propfind':
        return this.propfind(ctx);
      case 'webdav-options':
        return this.davOptions();
      case 'graph':
        return this.graph(ctx);
      default:
        if (ctx.segments[0] === 'data' && ctx.segments.length === 2) return empty(405);
        if (ctx.segments[0] === 'remote.php' && ctx.segments[2] === 'spaces') return empty(405);
        return empty(404);
    }
  }

  /** Common headers, the request log, and the upload's own log. */
  private finish(ctx: Ctx | undefined, response: Response): Response {
    if (!ctx) return response;
    const h = response.headers;
    if (!h.has('x-request-id')) h.set('X-Request-Id', ctx.requestId);
    if (ctx.route === 'mock-admin') {
      // The inspection endpoints are the mock's own: any page may use them.
      if (!h.has('access-control-allow-origin')) h.set('Access-Control-Allow-Origin', '*');
      if (!h.has('access-control-expose-headers')) h.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
      if (!h.has('vary')) h.set('Vary', 'Origin');
    } else if (!bare.has(response) && !isDropResponse(response)) {
      const group = corsGroupOf(ctx.segments);
      // The gateway refuses a bad upload token (403) before tusd sees the request.
      const tusd = group === 'data' && ctx.route.startsWith('tus-') && response.status !== 403;
      this.cors.decorate(ctx.request, response, group, this.ownOrigin(ctx), tusd);
    }
    ctx.log.status = response.status;
    if (ctx.route !== 'mock-admin') {
      this.log.push(ctx.log);
      if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
    }
    if (ctx.upload) {
      ctx.log.uploadId = ctx.upload.id;
      ctx.upload.requests.push({
        seq: ctx.log.seq,
        method: ctx.log.method,
        effectiveMethod: ctx.log.effectiveMethod,
        status: ctx.log.status,
        bytesReceived: ctx.log.bytesReceived,
        requestId: ctx.log.requestId,
        ...(ctx.log.fault ? { fault: ctx.log.fault } : {}),
        offset: ctx.upload.offset,
      });
    }
    return response;
  }

  /** What the mock calls itself: a page there is same-origin, always allowed. */
  private ownOrigin(ctx: Ctx): string {
    return this.options.publicOrigin ? new URL(this.options.publicOrigin).origin : ctx.url.origin;
  }

  private preflight(ctx: Ctx): Response {
    return empty(204, {
      'Access-Control-Allow-Origin': ctx.request.headers.get('origin') ?? '*',
      'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, MKCOL, PROPFIND, MOVE, COPY',
      'Access-Control-Allow-Headers':
        ctx.request.headers.get('access-control-request-headers') ??
        'Authorization, Tus-Resumable, Upload-Length, Upload-Metadata, Upload-Offset, Upload-Checksum, Content-Type, X-HTTP-Method-Override, X-Request-Id, If-Match, Depth, X-OC-Mtime',
      'Access-Control-Max-Age': '600',
    });
  }

  // ---- faults ----------------------------------------------------------------------------------------------

  private ruleMatches(state: RuleState, ctx: Ctx): boolean {
    const { rule } = state;
    if (rule.type === 'status' && rule.method && rule.method.toUpperCase() !== ctx.effectiveMethod) return false;
    const route = rule.route ?? (rule.type === 'drop' ? 'tus-patch' : undefined);
    return route === undefined || route === ctx.route;
  }

  /** Counts the request against the rule; true when this one is among those it fires on. */
  private ruleFires(state: RuleState): boolean {
    state.seen++;
    const nth = state.rule.nth ?? 1;
    const times = state.rule.times ?? 1;
    // Drops armed on requests still being read count too: two bodies in flight must not share one `times: 1`.
    return state.seen >= nth && (times === 'always' || state.fired + state.armed < times);
  }

  private matchStatusFault(ctx: Ctx): Response | undefined {
    for (const state of this.rules) {
      if (state.rule.type !== 'status' || !this.ruleMatches(state, ctx) || !this.ruleFires(state)) continue;
      state.fired++;
      const rule = state.rule;
      ctx.log.fault = 'status';
      const headers: Record<string, string> = {};
      const retryAfter = rule.retryAfterSeconds ?? (rule.status === 429 || rule.status === 503 ? 1 : undefined);
      if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
      const body = rule.body ?? (rule.status === 502 ? BAD_GATEWAY_HTML : undefined);
      if (body === undefined) return empty(rule.status, headers);
      headers['Content-Type'] =
        rule.contentType ?? (rule.status === 502 && rule.body === undefined ? 'text/html' : 'text/plain');
      return new Response(body, { status: rule.status, headers });
    }
    return undefined;
  }

  private armDrop(ctx: Ctx): ArmedDrop | undefined {
    let armed: ArmedDrop | undefined;
    for (const state of this.rules) {
      if (state.rule.type !== 'drop' || !this.ruleMatches(state, ctx)) continue;
      if (this.ruleFires(state) && !armed) armed = { rule: state, afterBytes: state.rule.afterBytes };
    }
    return armed;
  }

  // ---- auth, spaces, paths ---------------------------------------------------------------------------------

  private authorize(ctx: Ctx): void {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(ctx.request.headers.get('authorization') ?? '');
    const token = m?.[1];
    if (!token || !this.tokens.has(token)) throw new HttpError(401, 'unauthorized');
    const expires = this.tokens.get(token);
    if (expires !== undefined && expires <= this.now()) throw new HttpError(401, 'token expired');
  }

  /** A space, share or folder id → what it mounts; 400 when unparseable, 404 when unknown. */
  private resolveMount(id: string): Mount | 400 | 404 {
    const parsed = parseSpaceId(id);
    if (!parsed) return 400;
    const space = this.spaces.get(`${parsed.storageId}$${parsed.spaceUuid}`);
    if (!space) return 404;
    const canonical = `${space.id}${parsed.nodeUuid ? `!${parsed.nodeUuid}` : ''}`;
    const share = this.shares.get(canonical);
    if (share) {
      const root = lookup(space.root, share.ownerPath.split('/').filter(Boolean));
      if (!root) return 404;
      return { addressedId: id, space, root, writable: share.writable, share };
    }
    if (!space.listed) return 404;
    if (!parsed.nodeUuid || parsed.nodeUuid === space.uuid)
      return { addressedId: id, space, root: space.root, writable: true, share: undefined };
    for (const node of walk(space.root))
      if (node.id === parsed.nodeUuid && node.kind === 'folder')
        return { addressedId: id, space, root: node, writable: true, share: undefined };
    return 404;
  }

  /** `/remote.php/dav/spaces/{id}/a/b` → the mount and the decoded segments below it. */
  private davTarget(ctx: Ctx): { mount: Mount; segments: string[] } {
    const id = decodeSegment(ctx.segments[3] ?? '');
    if (id === undefined) throw new HttpError(400, 'malformed space id');
    const mount = this.resolveMount(id);
    // reva answers a bare 400 when the id does not parse.
    if (mount === 400) throw new HttpError(400, `invalid space id ${id}`);
    if (mount === 404) throw new HttpError(404, `space ${id} not found`, true);
    const segments: string[] = [];
    for (const raw of ctx.segments.slice(4)) {
      if (raw === '') continue;
      const s = decodeSegment(raw);
      if (s === undefined || s === '.' || s === '..') throw new HttpError(400, 'malformed path', true);
      segments.push(s);
    }
    return { mount, segments };
  }

  private quota(space: Space) {
    const override = this.faults.quotas?.[space.id];
    return quotaOf(override === undefined ? space : { ...space, quotaTotal: override });
  }

  private locked(node: TreeNode): boolean {
    for (const lock of this.faults.locks ?? []) {
      const mount = this.resolveMount(lock.spaceId);
      if (typeof mount === 'number') continue;
      const locked = lookup(mount.root, lock.path.split('/').filter(Boolean));
      if (locked && isInside(node, locked)) return true;
    }
    return false;
  }

  // ---- bodies ----------------------------------------------------------------------------------------------

  /**
   * Reads the request body chunk by chunk into `sink`, never more than `limit` bytes: applies the bandwidth
   * limit and drop faults. A client that goes away leaves what arrived so far (as tusd keeps it).
   */
  private async readBody(ctx: Ctx, limit: number, sink: (bytes: Uint8Array) => Promise<void>): Promise<BodyOutcome> {
    const body = ctx.request.body;
    if (!body) return 'complete';
    const reader = body.getReader();
    const rate = this.faults.bandwidthBytesPerSecond;
    const started = performance.now();
    let received = 0;
    const take = async (bytes: Uint8Array) => {
      if (bytes.length === 0) return;
      await sink(bytes);
      received += bytes.length;
      ctx.log.bytesReceived = received;
    };
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return 'complete';
        let chunk = value;
        const drop = ctx.drop;
        if (drop && received + chunk.length >= drop.afterBytes) {
          await take(chunk.subarray(0, drop.afterBytes - received));
          drop.rule.fired++;
          ctx.log.fault = 'drop';
          // No reader.cancel(): msw's fetch never settles once a partly read body is cancelled. The Node
          // adapter destroys the socket, which ends the stream.
          return 'dropped';
        }
        if (received + chunk.length > limit) {
          await take(chunk.subarray(0, limit - received));
          return 'too-large';
        }
        if (rate) chunk = chunk.slice();
        await take(chunk);
        if (rate) await sleep((received / rate) * 1000 - (performance.now() - started));
      }
    } catch {
      return 'aborted';
    } finally {
      reader.releaseLock?.();
    }
  }

  // ---- capabilities ----------------------------------------------------------------------------------------

  private capabilitiesResponse(ctx: Ctx): Response {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return empty(405);
    const v2 = ctx.segments[1] === 'v2.php';
    // v1 is anonymous; the proxy lets v2 through only with credentials.
    if (v2) this.authorize(ctx);
    const tus = this.capabilities.tus === false ? undefined : { ...DEFAULT_TUS_SUPPORT, ...this.capabilities.tus };
    const files: Record<string, unknown> = {
      bigfilechunking: false,
      privateLinks: true,
      undelete: true,
      versioning: true,
      favorites: true,
      full_text_search: false,
      blacklisted_files: ['.htaccess'],
      ...(tus ? { tus_support: tus } : {}),
    };
    return json(200, {
      ocs: {
        meta: { status: 'ok', statuscode: v2 ? 200 : 100, message: 'OK' },
        data: {
          version: { major: 7, minor: 1, micro: 0, string: '7.1.0', edition: 'Community', product: 'Infinite Scale' },
          capabilities: {
            core: {
              pollinterval: 60,
              'webdav-root': 'remote.php/webdav',
              status: { installed: true, version: '10.0.11.5', productversion: '7.1.0', product: 'Infinite Scale' },
            },
            files,
            dav: { chunking: '', reports: ['search-files'] },
            spaces: { version: '1.0.0', enabled: true, projects: true, share_jail: true, max_quota: 0 },
            checksums: {
              supportedTypes: this.capabilities.checksumTypes ?? ['sha1', 'md5', 'adler32'],
              preferredUploadType: 'sha1',
            },
          },
        },
      },
    });
  }

  // ---- tus: creation ---------------------------------------------------------------------------------------

  private tusHeaders(upload: Upload): Record<string, string> {
    return {
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': String(upload.offset),
      'Upload-Expires': String(upload.expiresAt),
      'Oc-Fileid': `${upload.mount.space.storageId}$${upload.mount.space.uuid}!${upload.nodeId}`,
    };
  }

  private requireTusResumable(ctx: Ctx): Response | undefined {
    if (ctx.request.headers.get('tus-resumable') === '1.0.0') return undefined;
    return empty(412, this.strict ? { 'Tus-Version': '1.0.0' } : {});
  }

  /** reva sets these before its first check, so every creation answer past auth carries them. */
  private async tusCreate(ctx: Ctx): Promise<Response> {
    this.authorize(ctx);
    let response: Response;
    try {
      response = await this.createUpload(ctx);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      response = empty(error.status);
    }
    if (isDropResponse(response)) return response;
    const h = response.headers;
    h.set('Tus-Resumable', '1.0.0');
    h.set('Tus-Extension', TUS_EXTENSION_ON_CREATE);
    // oCIS names its algorithms only on OPTIONS; strict mode (a spec server) also tells them here.
    if (this.strict) h.set('Tus-Checksum-Algorithm', TUS_CHECKSUM_ALGORITHMS);
    h.set('Access-Control-Allow-Headers', 'Tus-Resumable, Upload-Length, Upload-Metadata, If-Match');
    h.set('Access-Control-Expose-Headers', 'Tus-Resumable, Upload-Offset, Location');
    h.set('Content-Security-Policy', "default-src 'none';");
    return response;
  }

  private async createUpload(ctx: Ctx): Promise<Response> {
    const h = ctx.request.headers;
    const { mount, segments } = this.davTarget(ctx);
    const badVersion = this.requireTusResumable(ctx);
    if (badVersion) return badVersion;
    const lengthHeader = h.get('upload-length');
    if (lengthHeader === null) return empty(412);
    // reva takes a negative length for a quota question it cannot answer.
    if (/^-\d+$/.test(lengthHeader.trim())) return empty(507);
    if (!UINT.test(lengthHeader.trim()) || !Number.isSafeInteger(Number(lengthHeader))) return empty(400);
    const length = Number(lengthHeader);
    const meta = parseMetadata(h.get('upload-metadata'));
    if (!meta) return empty(412);
    const filename = meta.values.filename;
    if (invalidFilename(filename)) return empty(412);
    const name = filename as string;
    const parent = lookup(mount.root, segments);
    if (parent?.kind !== 'folder') return empty(412);
    if (!mount.writable) return empty(403);
    const existing = parent.children.get(name);
    if (existing?.kind === 'folder') return empty(409);
    if (this.locked(existing ?? parent)) return empty(423);
    const ifMatch = h.get('if-match');
    // reva checks If-Match against an existing file only; a new file is created whatever it says.
    if (ifMatch !== null && existing && stripQuotes(ifMatch) !== stripQuotes(existing.etag)) return empty(412);
    if (length - (existing?.size ?? 0) > this.quota(mount.space).remaining) return empty(507);

    const id = randomUuid();
    const issued = Math.floor(this.now() / 1000);
    const exp = issued + (this.faults.uploadUrlLifetimeSeconds ?? DEFAULT_UPLOAD_LIFETIME_SECONDS);
    const token = await signUploadToken(this.secret, {
      aud: 'reva',
      exp,
      iat: issued,
      target: `http://localhost:9158/data/tus/${id}`,
    });
    const upload: Upload = {
      id,
      token,
      mount,
      parent,
      filename: name,
      targetPath: `/${[...segments, name].join('/')}`,
      length,
      offset: 0,
      complete: false,
      terminated: false,
      metadata: meta.values,
      metadataKeys: meta.keys,
      blobKey: await this.store.create(),
      nodeId: existing?.id ?? randomUuid(),
      expiresAt: exp,
      createdAt: this.now(),
      checksumVerified: undefined,
      requests: [],
      busy: undefined,
    };
    this.uploads.set(id, upload);
    ctx.upload = upload;
    const headers: Record<string, string> = { Location: `${ctx.base}/data/${token}` };
    if (length === 0) {
      const done = await this.finalize(upload);
      if (done instanceof Response) return done;
      // The file exists at once, yet the answer tells nothing of it: only an empty Location.
      return empty(201, { Location: '' });
    }
    if ((h.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() === OFFSET_STREAM && ctx.request.body) {
      const done = await this.receive(ctx, upload);
      if (done instanceof Response) return done;
      // Only creation-with-upload tells the etag; a final PATCH does not (clients PROPFIND for it).
      return empty(201, {
        ...headers,
        ...this.tusHeaders(upload),
        ...(done ? this.completedHeaders(upload, done) : {}),
      });
    }
    return empty(201, headers);
  }

  private completedHeaders(upload: Upload, node: TreeNode): Record<string, string> {
    return {
      'Oc-Fileid': fileIdOf(node),
      'Oc-Etag': node.etag,
      Etag: node.etag,
      'Oc-Perm': permissionsOf(node, upload.mount),
      'Content-Type': contentTypeOf(node.name),
      'Last-Modified': ocisDate(this.now()),
    };
  }

  /**
   * Writes a request body into an upload at its offset (PATCH, creation-with-upload). Returns the file node
   * when this request completed the upload, `undefined` when more is to come, or the error Response.
   */
  private async receive(ctx: Ctx, upload: Upload): Promise<TreeNode | Response | undefined> {
    if (upload.busy) {
      await Promise.race([upload.busy, sleep(LOCK_WAIT_MS)]);
      // Re-read: the await above may have let the other request finish.
      if ((upload as { busy: Upload['busy'] }).busy) return empty(423);
    }
    let release = () => {};
    upload.busy = new Promise<void>((resolve) => {
      release = () => {
        upload.busy = undefined;
        resolve();
      };
    });
    try {
      const remaining = upload.length - upload.offset;
      const declared = ctx.request.headers.get('content-length');
      if (declared !== null && UINT.test(declared) && Number(declared) > remaining) return empty(413);
      const checksum = this.strict ? ctx.request.headers.get('upload-checksum') : null;
      let verify: ((bytes: Uint8Array) => Promise<boolean>) | undefined;
      if (checksum !== null) {
        const [algorithm = '', expected = ''] = checksum.trim().split(/\s+/);
        const hasher = await this.checksumHasher(algorithm.toLowerCase());
        if (!hasher) return empty(400);
        verify = async (bytes) => (await hasher(bytes)) === expected;
      }
      // A body is held until it is whole when it must be verified (the spec discards a chunk whose checksum
      // fails), or when its length was not declared (msw; chunked encoding): one that turns out longer than
      // the upload then stores nothing. Bounded by what is left of the upload.
      const hold = verify !== undefined || (declared === null && remaining <= HOLD_UNDECLARED_LIMIT);
      let outcome: BodyOutcome;
      if (hold) {
        const parts: Uint8Array[] = [];
        outcome = await this.readBody(ctx, remaining, async (bytes) => {
          parts.push(bytes.slice());
        });
        const whole = outcome === 'complete';
        // A partial chunk cannot be verified, and one past the length is refused whole.
        const keep = outcome !== 'too-large' && (whole || !verify);
        const chunk = concatBytes(keep ? parts : []);
        if (whole && verify && !(await verify(chunk))) {
          ctx.log.bytesReceived = 0;
          return empty(460);
        }
        if (!keep) ctx.log.bytesReceived = 0;
        await this.store.append(upload.blobKey, chunk);
        upload.offset += chunk.length;
      } else {
        outcome = await this.readBody(ctx, remaining, async (bytes) => {
          await this.store.append(upload.blobKey, bytes);
          upload.offset += bytes.length;
        });
      }
      if (outcome === 'dropped' || outcome === 'aborted') return dropResponse();
      if (outcome === 'too-large') return empty(413);
      if (upload.offset === upload.length) return await this.finalize(upload);
      return undefined;
    } finally {
      release();
    }
  }

  private async checksumHasher(algorithm: string): Promise<((bytes: Uint8Array) => Promise<string>) | undefined> {
    const digest = async (create: typeof createSHA1, bytes: Uint8Array) => {
      const h = await create();
      h.init();
      h.update(bytes);
      return toBase64(h.digest('binary'));
    };
    if (algorithm === 'sha1') return (b) => digest(createSHA1, b);
    if (algorithm === 'md5') return (b) => digest(createMD5, b);
    if (algorithm === 'crc32')
      return async (b) => {
        const hex = await crc32(b);
        return toBase64(new Uint8Array(hex.match(/../g)?.map((x) => Number.parseInt(x, 16)) ?? []));
      };
    return undefined;
  }

  /** The last byte arrived: the file appears (or gets a new version). Strict mode checks metadata `checksum`. */
  private async finalize(upload: Upload): Promise<TreeNode | Response> {
    const { size, sha1 } = await this.store.stat(upload.blobKey);
    if (this.strict && upload.metadata.checksum) {
      const [algorithm = '', value = ''] = upload.metadata.checksum.trim().split(/\s+/);
      if (algorithm.toLowerCase() === 'sha1') {
        upload.checksumVerified = value.toLowerCase() === sha1;
        if (!upload.checksumVerified) {
          upload.terminated = true;
          await this.store.delete(upload.blobKey);
          return empty(460);
        }
      }
    }
    const { parent, filename } = upload;
    const space = upload.mount.space;
    let node = parent.children.get(filename);
    if (node?.kind === 'folder' || !isInside(parent, space.root)) {
      upload.terminated = true;
      await this.store.delete(upload.blobKey);
      return empty(409);
    }
    const mtime = parseMtime(upload.metadata.mtime) ?? this.now() / 1000;
    if (node) {
      if (node.blobKey) await this.store.delete(node.blobKey);
      space.usedBytes -= node.size;
      node.versions++;
      node.mtime = mtime;
    } else node = newNode(space, parent, filename, 'file', upload.nodeId, mtime);
    node.size = size;
    node.sha1 = sha1;
    node.blobKey = upload.blobKey;
    node.etag = newEtag();
    node.processingUntil = this.now() + (this.faults.processingDelayMs ?? 0);
    space.usedBytes += size;
    this.propagate(parent);
    upload.complete = true;
    return node;
  }

  /** oCIS propagates a change up the tree: every ancestor gets a new etag. */
  private propagate(node: TreeNode | undefined): void {
    for (let n = node; n; n = n.parent) n.etag = newEtag();
  }

  // ---- tus: the upload URL ---------------------------------------------------------------------------------

  /**
   * tusd's refusals on the upload URL: plain text type and `Tus-Resumable`; once the upload is known and the
   * version accepted, also its expiry and file id. The gateway's 403 (bad token) has none of these.
   */
  private tusdError(ctx: Ctx, response: Response): Response {
    if (response.status < 400 || response.status === 403 || isDropResponse(response)) return response;
    const h = response.headers;
    h.set('Content-Type', 'text/plain; charset=utf-8');
    h.set('Tus-Resumable', '1.0.0');
    const upload = ctx.upload;
    if (upload && ctx.route === 'tus-patch' && [400, 409, 413, 415, 460].includes(response.status)) {
      h.set('Upload-Expires', String(upload.expiresAt));
      h.set('Oc-Fileid', `${upload.mount.space.storageId}$${upload.mount.space.uuid}!${upload.nodeId}`);
    }
    return response;
  }

  /** The upload behind `/data/{token}`: 403 (empty) for a bad or expired token, 404 when finished or gone. */
  private uploadOf(ctx: Ctx): Promise<Upload | Response> {
    ctx.uploadLookup ??= this.lookUpUpload(ctx);
    return ctx.uploadLookup;
  }

  private async lookUpUpload(ctx: Ctx): Promise<Upload | Response> {
    const claims = await verifyUploadToken(this.secret, ctx.segments[1] ?? '');
    if (!claims) return empty(403);
    const upload = this.uploads.get(claims.target.split('/').pop() ?? '');
    // Attached before the expiry check, so the refusal shows in the upload's own log too.
    if (upload) ctx.upload = upload;
    if (claims.exp * 1000 <= this.now()) return empty(403);
    if (!upload || upload.complete || upload.terminated) return empty(404);
    return upload;
  }

  private async tusPatch(ctx: Ctx): Promise<Response> {
    const upload = await this.uploadOf(ctx);
    if (upload instanceof Response) return upload;
    const badVersion = this.requireTusResumable(ctx);
    if (badVersion) return badVersion;
    const h = ctx.request.headers;
    if ((h.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() !== OFFSET_STREAM)
      return empty(this.strict ? 415 : 400);
    const offset = h.get('upload-offset');
    if (offset === null || !UINT.test(offset.trim()) || !Number.isSafeInteger(Number(offset))) return empty(400);
    if (upload.busy) await Promise.race([upload.busy, sleep(LOCK_WAIT_MS)]);
    if (Number(offset) !== upload.offset) return empty(409);
    const done = await this.receive(ctx, upload);
    if (done instanceof Response) return done;
    return empty(204, this.tusHeaders(upload));
  }

  private async tusHead(ctx: Ctx): Promise<Response> {
    const upload = await this.uploadOf(ctx);
    if (upload instanceof Response) return upload;
    return empty(200, {
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': String(upload.offset),
      'Upload-Length': String(upload.length),
      'Cache-Control': 'no-store',
    });
  }

  private async tusDelete(ctx: Ctx): Promise<Response> {
    const upload = await this.uploadOf(ctx);
    if (upload instanceof Response) return upload;
    upload.terminated = true;
    await this.store.delete(upload.blobKey);
    return empty(204, { 'Tus-Resumable': '1.0.0' });
  }

  private async tusOptions(ctx: Ctx): Promise<Response> {
    const upload = await this.uploadOf(ctx);
    if (upload instanceof Response && upload.status === 403) return upload;
    return empty(200, {
      'Tus-Resumable': '1.0.0',
      'Tus-Version': '1.0.0',
      'Tus-Extension': this.strict ? `${TUS_EXTENSION_ON_OPTIONS},checksum` : TUS_EXTENSION_ON_OPTIONS,
      ...(this.strict ? { 'Tus-Checksum-Algorithm': TUS_CHECKSUM_ALGORITHMS } : {}),
    });
  }

  // ---- WebDAV ----------------------------------------------------------------------------------------------

  private writableFolder(
    mount: Mount,
    segments: string[],
  ): { parent: TreeNode; name: string; existing: TreeNode | undefined } {
    const name = segments.at(-1);
    if (name === undefined) throw new HttpError(405, 'the space root cannot be replaced', true);
    const parent = lookup(mount.root, segments.slice(0, -1));
    // ocdav refuses a PUT into a missing folder with an empty 409.
    if (parent?.kind !== 'folder') throw new HttpError(409, 'parent folder does not exist');
    if (!mount.writable) throw new HttpError(403, 'no permission to write here', true);
    const existing = parent.children.get(name);
    if (this.locked(existing ?? parent)) throw new HttpError(423, 'locked', true);
    return { parent, name, existing };
  }

  private async davPut(ctx: Ctx): Promise<Response> {
    this.authorize(ctx);
    const { mount, segments } = this.davTarget(ctx);
    const { parent, name, existing } = this.writableFolder(mount, segments);
    if (existing?.kind === 'folder') throw new HttpError(409, 'a folder has this name', true);
    if (invalidFilename(name)) throw new HttpError(400, 'invalid file name', true);
    const h = ctx.request.headers;
    const ifMatch = h.get('if-match');
    if (ifMatch !== null && (!existing || stripQuotes(ifMatch) !== stripQuotes(existing.etag)))
      throw new HttpError(412, 'etag does not match', true);
    const declared = h.get('content-length');
    const space = mount.space;
    const room = this.quota(space).remaining + (existing?.size ?? 0);
    if (declared !== null && UINT.test(declared) && Number(declared) > room)
      throw new HttpError(507, 'quota exceeded', true);
    const key = await this.store.create();
    const outcome = await this.readBody(ctx, room, (bytes) => this.store.append(key, bytes));
    if (outcome !== 'complete') {
      await this.store.delete(key);
      if (outcome === 'too-large') throw new HttpError(507, 'quota exceeded', true);
      return dropResponse();
    }
    const { size, sha1 } = await this.store.stat(key);
    // oCIS checks a PUT body against `OC-Checksum: SHA1:<hex>` and stores nothing on a mismatch.
    const [algorithm, expected] = (h.get('oc-checksum') ?? '').trim().split(':');
    if (algorithm?.toLowerCase() === 'sha1' && expected && expected.toLowerCase() !== sha1) {
      await this.store.delete(key);
      throw new HttpError(400, 'The computed checksum does not match the one received from the client.', true);
    }
    const mtimeHeader = h.get('x-oc-mtime');
    const mtime = parseMtime(mtimeHeader) ?? this.now() / 1000;
    let node = existing;
    if (node) {
      if (node.blobKey) await this.store.delete(node.blobKey);
      space.usedBytes -= node.size;
      node.versions++;
      node.mtime = mtime;
    } else node = newNode(space, parent, name, 'file', randomUuid(), mtime);
    Object.assign(node, {
      size,
      sha1,
      blobKey: key,
      etag: newEtag(),
      processingUntil: this.now() + (this.faults.processingDelayMs ?? 0),
    });
    space.usedBytes += size;
    this.propagate(parent);
    return empty(existing ? 204 : 201, {
      'Oc-Fileid': fileIdOf(node),
      'Oc-Etag': node.etag,
      Etag: node.etag,
      'Last-Modified': ocisDate(node.mtime * 1000),
      ...(mtimeHeader !== null ? { 'X-OC-Mtime': 'accepted' } : {}),
    });
  }

  private davGet(ctx: Ctx): Response {
    this.authorize(ctx);
    const { mount, segments } = this.davTarget(ctx);
    const node = lookup(mount.root, segments);
    if (!node) throw new HttpError(404, 'not found', true);
    // ocdav answers a GET of a folder 200 with nothing in it.
    if (node.kind === 'folder') return new Response(null, { status: 200, headers: { 'Content-Length': '0' } });
    if (node.processingUntil > this.now()) throw new HttpError(425, 'file is processing', true);
    const type = contentTypeOf(node.name);
    const headers = {
      // Go's file server adds the charset on GET only.
      'Content-Type': ctx.method === 'GET' ? `${type}; charset=UTF-8` : type,
      'Content-Length': String(node.size),
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(node.name)}; filename="${node.name.replace(/["\\]/g, '_')}"`,
      'Accept-Ranges': 'bytes',
      Etag: node.etag,
      'Oc-Etag': node.etag,
      'Oc-Fileid': fileIdOf(node),
      ...(node.size > 0 ? { 'Oc-Checksum': `SHA1:${node.sha1}` } : {}),
      'Last-Modified': ocisDate(node.mtime * 1000),
    };
    const body = ctx.method === 'HEAD' || !node.blobKey ? null : this.store.read(node.blobKey);
    return new Response(body, { status: 200, headers });
  }

  private async davDelete(ctx: Ctx): Promise<Response> {
    this.authorize(ctx);
    const { mount, segments } = this.davTarget(ctx);
    const node = lookup(mount.root, segments);
    if (!node) throw new HttpError(404, 'not found', true);
    if (node === mount.root) throw new HttpError(403, 'the root cannot be deleted', true);
    if (!mount.writable) throw new HttpError(403, 'no permission to delete', true);
    if (this.locked(node)) throw new HttpError(423, 'locked', true);
    for (const n of walk(node)) {
      if (n.kind === 'file') n.space.usedBytes -= n.size;
      if (n.blobKey) await this.store.delete(n.blobKey);
    }
    node.parent?.children.delete(node.name);
    this.propagate(node.parent);
    return empty(204);
  }

  private mkcol(ctx: Ctx): Response {
    this.authorize(ctx);
    const { mount, segments } = this.davTarget(ctx);
    if (segments.length === 0) throw new HttpError(405, 'the resource exists', true);
    const parent = lookup(mount.root, segments.slice(0, -1));
    if (parent?.kind !== 'folder') throw new HttpError(409, 'parent folder does not exist', true);
    const name = segments.at(-1) as string;
    if (parent.children.has(name)) throw new HttpError(405, 'the resource exists', true);
    if (!mount.writable) throw new HttpError(403, 'no permission to create a folder here', true);
    if (invalidFilename(name)) throw new HttpError(400, 'invalid folder name', true);
    if (this.locked(parent)) throw new HttpError(423, 'locked', true);
    newNode(mount.space, parent, name, 'folder', randomUuid(), this.now() / 1000);
    this.propagate(parent);
    return empty(201);
  }

  private async propfind(ctx: Ctx): Promise<Response> {
    this.authorize(ctx);
    const { mount, segments } = this.davTarget(ctx);
    const depth = (ctx.request.headers.get('depth') ?? '1').trim().toLowerCase();
    if (depth !== '0' && depth !== '1') throw new HttpError(400, 'Depth must be 0 or 1', true);
    const node = lookup(mount.root, segments);
    if (!node) throw new HttpError(404, 'not found', true);
    const nodes = [node, ...(depth === '1' && node.kind === 'folder' ? node.children.values() : [])];
    const hrefBase = `${new URL(ctx.base).pathname.replace(/\/$/, '')}/remote.php/dav/spaces/${encodeSegment(mount.addressedId)}`;
    const asked = requestedProps(await ctx.request.text());
    const response = xml(207, multistatusXml(nodes, mount, hrefBase, this.quota(mount.space), asked));
    for (const [name, value] of Object.entries(PROPFIND_HEADERS)) response.headers.set(name, value);
    return response;
  }

  private davOptions(): Response {
    // reva answers OPTIONS on a space 204 with the tus announcement, without auth.
    return new Response(null, {
      status: 204,
      headers: {
        Allow:
          'OPTIONS, LOCK, GET, HEAD, POST, DELETE, PROPPATCH, COPY, MOVE, UNLOCK, PROPFIND, MKCOL, REPORT, SEARCH, PUT',
        DAV: '1, 2',
        'MS-Author-Via': 'DAV',
        'Content-Type': 'application/xml',
        'Access-Control-Allow-Headers': 'Tus-Resumable',
        'Access-Control-Expose-Headers': 'Tus-Resumable,Tus-Version,Tus-Extension',
        'Tus-Resumable': '1.0.0',
        'Tus-Version': '1.0.0',
        'Tus-Extension': TUS_EXTENSION_ON_CREATE,
        'Tus-Checksum-Algorithm': TUS_CHECKSUM_ALGORITHMS,
      },
    });
  }

  // ---- Graph -----------------------------------------------------------------------------------------------

  private driveJson(ctx: Ctx, space: Space) {
    return {
      id: space.id,
      name: space.name,
      driveAlias: space.driveAlias,
      driveType: space.driveType,
      // A personal drive names its owner (the user whose space it is).
      ...(space.driveType === 'personal' ? { owner: { user: { displayName: space.name, id: space.uuid } } } : {}),
      quota: this.quota(space),
      root: {
        id: `${space.id}!${space.uuid}`,
        eTag: space.root.etag,
        webDavUrl: `${ctx.base}/remote.php/dav/spaces/${encodeSegment(space.id)}`,
      },
      webUrl: `${ctx.base}/f/${encodeSegment(space.id)}`,
      lastModifiedDateTime: new Date(space.root.mtime * 1000).toISOString(),
    };
  }

  private shareDriveJson(ctx: Ctx, share: MockFixtureShare) {
    return {
      id: share.id,
      name: share.name,
      driveAlias: share.driveAlias,
      driveType: 'mountpoint',
      root: {
        id: share.id,
        webDavUrl: `${ctx.base}/remote.php/dav/spaces/${encodeSegment(share.id)}`,
        remoteItem: {
          id: share.id,
          name: share.name,
          permissions: [{ id: share.shareId, roles: [share.writable ? 'editor' : 'viewer'] }],
        },
      },
    };
  }

  /** Graph's error body: code, message and an `innererror` with the request's id and date. */
  private graphError(ctx: Ctx, message: string): Response {
    const innererror = { date: new Date(this.now()).toISOString(), 'request-id': ctx.requestId };
    return graphJson(404, { error: { code: 'itemNotFound', innererror, message } });
  }

  private graph(ctx: Ctx): Response {
    this.authorize(ctx);
    if (ctx.method !== 'GET') return empty(405);
    const s = ctx.segments;
    if (s[2] === 'me' && s[3] === 'drives' && s.length === 4) {
      const value = [
        ...[...this.spaces.values()].filter((sp) => sp.listed).map((sp) => this.driveJson(ctx, sp)),
        ...[...this.shares.values()].map((sh) => this.shareDriveJson(ctx, sh)),
      ];
      return graphJson(200, { value });
    }
    if (s[2] === 'drives' && s[3] && s.length === 4) {
      const id = decodeSegment(s[3]);
      const space = id === undefined ? undefined : this.spaces.get(id);
      if (space?.listed) return graphJson(200, this.driveJson(ctx, space));
      const share = id === undefined ? undefined : this.shares.get(id);
      if (share) return graphJson(200, this.shareDriveJson(ctx, share));
      return this.graphError(ctx, `drive ${id} not found`);
    }
    return this.graphError(ctx, 'no such Graph resource');
  }

  // ---- /__mock ---------------------------------------------------------------------------------------------

  private async admin(ctx: Ctx): Promise<Response> {
    const what = ctx.segments[1];
    const { method } = ctx;
    if (what === 'state' && method === 'GET') return json(200, this.state(), { 'Cache-Control': 'no-store' });
    if (what === 'reset' && method === 'POST') {
      await this.reset();
      return empty(204);
    }
    if (what === 'faults' && method === 'GET') return json(200, this.faults);
    if ((what === 'faults' || what === 'config') && method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse(await ctx.request.text());
      } catch {
        return json(400, { error: 'the body must be JSON' });
      }
      if (what === 'faults') {
        const faults = validateFaults(body);
        if (typeof faults === 'string') return json(400, { error: faults });
        this.setFaults(faults);
        return empty(204);
      }
      if (typeof body !== 'object' || body === null) return json(400, { error: 'config must be a JSON object' });
      const config = body as MockRuntimeConfig;
      const corsError = config.cors === undefined ? undefined : corsOptionsError(config.cors);
      if (corsError) return json(400, { error: corsError });
      if (config.faults) {
        const faults = validateFaults(config.faults);
        if (typeof faults === 'string') return json(400, { error: faults });
      }
      this.configure(config);
      return empty(204);
    }
    return json(404, { error: 'unknown /__mock route: GET state, POST reset, GET|POST faults, POST config' });
  }
}
