/**
 * The mock oCIS server: one fetch-style handler `(Request) => Promise<Response>` over in-memory state.
 * It answers as oCIS does (../../../shared/notes/ocis-server-facts.md), quirks included; `strict` follows the
 * tus 1.0.0 spec where oCIS does not. No Node-only API here: adapters serve it over Node HTTP or msw.
 * This file is the dispatcher; each route family lives in ./routes, sharing state through a `MockContext`.
 */
import { Cors, corsGroupOf } from './cors.js';
import { isDropResponse } from './drop.js';
import { createMemoryStore } from './memory-store.js';
import { resolveMount } from './routes/access.js';
import { admin, EXPOSE_HEADERS, preflight, snapshot } from './routes/admin.js';
import { capabilitiesResponse } from './routes/capabilities.js';
import type { Ctx, MockContext } from './routes/context.js';
import { armDrop, matchStatusFault } from './routes/faults.js';
import { graph } from './routes/graph.js';
import { requestContext } from './routes/request.js';
import { bare, empty, HttpError, unauthorized, xml } from './routes/responses.js';
import { seedFixtures } from './routes/seed.js';
import { tusCreate } from './routes/tus-creation.js';
import { tusDelete, tusdError, tusHead, tusOptions, tusPatch, uploadOf } from './routes/tus-upload.js';
import { davDelete, davGet, davOptions, davPut, mkcol, propfind } from './routes/webdav.js';
import { lookup, walk } from './tree.js';
import type { MockFaults, MockOcis, MockOcisOptions, MockRuntimeConfig, MockState, MockToken } from './types.js';
import { concatBytes, randomHex, sleep } from './util.js';
import { davErrorXml } from './webdav-xml.js';

export { DEFAULT_TUS_SUPPORT } from './routes/capabilities.js';
export { validateFaults } from './routes/faults.js';
export { LOGGED_HEADERS } from './routes/request.js';

const LOG_LIMIT = 10_000;

function normalizeTokens(tokens: ReadonlyArray<string | MockToken>): MockToken[] {
  return tokens.map((t) => (typeof t === 'string' ? { token: t } : t));
}

export function createMockOcis(options: MockOcisOptions = {}): MockOcis {
  return new MockOcisServer(options);
}

class MockOcisServer implements MockOcis {
  private readonly m: MockContext;
  private ready: Promise<void>;

  constructor(private readonly options: MockOcisOptions) {
    const clock = options.now ?? Date.now;
    const m: MockContext = {
      options,
      store: options.store ?? createMemoryStore(),
      secret: options.jwtSecret ?? randomHex(32),
      basePath: (options.basePath ?? '').replace(/\/+$/, ''),
      // A clock offset fault moves the mock's time (upload URLs and tokens expire as if that time had passed).
      now: () => clock() + (m.faults.clockOffsetSeconds ?? 0) * 1000,
      cors: new Cors(options.cors),
      strict: false,
      capabilities: {},
      faults: {},
      rules: [],
      spaces: new Map(),
      shares: new Map(),
      uploads: new Map(),
      tokens: new Map(),
      log: [],
      seq: 0,
    };
    this.m = m;
    this.ready = this.load();
  }

  // ---- lifecycle -------------------------------------------------------------------------------------------

  private async load(): Promise<void> {
    const o = this.options;
    const m = this.m;
    m.strict = o.strict ?? false;
    m.capabilities = o.capabilities ?? {};
    m.cors = new Cors(o.cors);
    this.setFaults(o.faults ?? {});
    m.tokens.clear();
    for (const t of normalizeTokens(o.tokens ?? ['dev-token'])) this.addToken(t);
    m.log = [];
    m.uploads.clear();
    m.spaces.clear();
    m.shares.clear();
    await seedFixtures(m);
  }

  async reset(): Promise<void> {
    await this.ready.catch(() => undefined);
    const keys = new Set<string>();
    for (const space of this.m.spaces.values()) for (const n of walk(space.root)) if (n.blobKey) keys.add(n.blobKey);
    for (const u of this.m.uploads.values()) keys.add(u.blobKey);
    await Promise.all([...keys].map((k) => this.m.store.delete(k).catch(() => undefined)));
    this.ready = this.load();
    await this.ready;
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    await this.m.store.close();
  }

  setFaults(faults: MockFaults): void {
    this.m.faults = { ...faults, rules: [...(faults.rules ?? [])] };
    this.m.rules = (faults.rules ?? []).map((rule) => ({ rule, seen: 0, fired: 0, armed: 0 }));
  }

  configure(config: MockRuntimeConfig): void {
    if (config.capabilities) this.m.capabilities = config.capabilities;
    if (config.strict !== undefined) this.m.strict = config.strict;
    if (config.cors) this.m.cors = new Cors(config.cors);
    if (config.faults) this.setFaults(config.faults);
    for (const t of config.tokens ?? []) this.addToken(t);
  }

  addToken(token: string | MockToken): void {
    const t = typeof token === 'string' ? { token } : token;
    this.m.tokens.set(t.token, t.lifetimeSeconds === undefined ? undefined : this.m.now() + t.lifetimeSeconds * 1000);
  }

  async readFile(spaceId: string, path: string): Promise<Uint8Array | undefined> {
    await this.ready;
    const mount = resolveMount(this.m, spaceId);
    if (typeof mount === 'number') return undefined;
    const node = lookup(mount.root, path.split('/').filter(Boolean));
    if (node?.kind !== 'file' || !node.blobKey) return undefined;
    const chunks: Uint8Array[] = [];
    const reader = this.m.store.read(node.blobKey).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    return concatBytes(chunks);
  }

  // ---- inspection ------------------------------------------------------------------------------------------

  state(): MockState {
    return snapshot(this.m);
  }

  // ---- dispatch --------------------------------------------------------------------------------------------

  async handle(request: Request): Promise<Response> {
    let ctx: Ctx | undefined;
    let response: Response;
    try {
      await this.ready;
      ctx = requestContext(this.m, request);
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

  private async dispatch(ctx: Ctx): Promise<Response> {
    const { request, route } = ctx;
    if (ctx.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {
      if (route === 'mock-admin') return preflight(ctx);
      const response = this.m.cors.preflight(request, corsGroupOf(ctx.segments), this.ownOrigin(ctx));
      bare.add(response);
      return response;
    }
    if (route === 'mock-admin') return admin(this.m, this, ctx);
    await sleep(this.m.faults.latencyMs ?? 0);
    // Attach the upload first, so a fault answer shows in that upload's own log too.
    if (ctx.segments[0] === 'data' && route.startsWith('tus-')) {
      const upload = await uploadOf(this.m, ctx);
      // Past the gateway, tusd itself answers 403 to an origin it does not allow.
      const origin = request.headers.get('origin');
      if (
        !(upload instanceof Response && upload.status === 403) &&
        origin &&
        !this.m.cors.allows(origin, this.ownOrigin(ctx))
      )
        return new Response(null, {
          status: 403,
          headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': '0' },
        });
    }
    const fault = matchStatusFault(this.m, ctx);
    if (fault) return fault;
    ctx.drop = armDrop(this.m, ctx);
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
        return capabilitiesResponse(this.m, ctx);
      case 'tus-create':
        return tusCreate(this.m, ctx);
      case 'tus-patch':
        return tusdError(ctx, await tusPatch(this.m, ctx));
      case 'tus-head':
        return tusdError(ctx, await tusHead(this.m, ctx));
      case 'tus-delete':
        return tusdError(ctx, await tusDelete(this.m, ctx));
      case 'tus-options':
        return tusOptions(this.m, ctx);
      case 'webdav-put':
        return davPut(this.m, ctx);
      case 'webdav-get':
      case 'webdav-head':
        return davGet(this.m, ctx);
      case 'webdav-delete':
        return davDelete(this.m, ctx);
      case 'mkcol':
        return mkcol(this.m, ctx);
      case 'propfind':
        return propfind(this.m, ctx);
      case 'webdav-options':
        return davOptions();
      case 'graph':
        return graph(this.m, ctx);
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
      this.m.cors.decorate(ctx.request, response, group, this.ownOrigin(ctx), tusd);
    }
    ctx.log.status = response.status;
    if (ctx.route !== 'mock-admin') {
      this.m.log.push(ctx.log);
      if (this.m.log.length > LOG_LIMIT) this.m.log.splice(0, this.m.log.length - LOG_LIMIT);
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
}
