/**
 * CORS as a real oCIS/OpenCloud answers it (measured against OpenCloud with `OC_CORS_ALLOW_ORIGINS` set, see
 * test/real-server/differential.test.ts): the proxy allows its own origin plus a configured list, each route
 * group has its own methods and request headers, a refused preflight is a bare 204 with `Vary`, a 401 from the
 * auth layer carries no CORS header at all, and answers expose few headers (`Location`, plus what the service
 * behind exposes itself).
 */
import type { MockCorsOptions } from './types.js';

/** oCIS's default `OC_CORS_ALLOW_HEADERS` (what a preflight may ask for; lower case). */
export const DEFAULT_CORS_ALLOWED_HEADERS: readonly string[] = [
  'authorization',
  'origin',
  'content-type',
  'accept',
  'x-requested-with',
  'x-request-id',
  'x-http-method-override',
  'cache-control',
  'ocs-apirequest',
  'tus-resumable',
  'upload-length',
  'upload-metadata',
  'upload-offset',
  'upload-checksum',
  'upload-concat',
  'upload-defer-length',
  'depth',
  'if-match',
  'if-none-match',
  'destination',
  'overwrite',
];

const PROXY_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'PROPFIND',
  'MKCOL',
  'MOVE',
  'COPY',
  'PROPPATCH',
  'REPORT',
  'SEARCH',
];
/** The Graph service's own, narrower CORS (it also allows credentials). */
const GRAPH_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const GRAPH_HEADERS = ['authorization', 'origin', 'content-type', 'accept', 'x-requested-with', 'x-request-id'];
/** tusd answers CORS on the upload URL itself and exposes its whole list. */
const TUSD_EXPOSE =
  'Upload-Offset,Location,Upload-Length,Tus-Version,Tus-Resumable,Tus-Max-Size,Tus-Extension,Upload-Metadata,Upload-Defer-Length,Upload-Concat,Upload-Incomplete,Upload-Draft-Interop-Version';
const TUSD_OPTIONS = {
  'Access-Control-Allow-Methods': 'POST,HEAD,PATCH,OPTIONS,GET,DELETE',
  'Access-Control-Allow-Headers':
    'Authorization,Origin,X-Requested-With,X-Request-Id,X-HTTP-Method-Override,Content-Type,Upload-Length,Upload-Offset,Tus-Resumable,Upload-Metadata,Upload-Defer-Length,Upload-Concat,Upload-Incomplete,Upload-Draft-Interop-Version',
  'Access-Control-Max-Age': '86400',
};
const PREFLIGHT_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';

/** What is wrong with CORS options read from JSON (`POST /__mock/config`), or `undefined`. */
export function corsOptionsError(input: unknown): string | undefined {
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (typeof input !== 'object' || input === null) return 'cors must be an object';
  const { allowedOrigins, allowedHeaders } = input as Record<string, unknown>;
  if (allowedOrigins !== undefined && allowedOrigins !== '*' && !strings(allowedOrigins))
    return 'cors.allowedOrigins must be "*" or a list of origins';
  if (allowedHeaders !== undefined && !strings(allowedHeaders))
    return 'cors.allowedHeaders must be a list of header names';
  return undefined;
}

/** Which CORS rules answer a path (below the base path). */
export type CorsGroup = 'graph' | 'dav' | 'data' | 'other';

export function corsGroupOf(segments: readonly string[]): CorsGroup {
  if (segments[0] === 'graph') return 'graph';
  if (segments[0] === 'remote.php') return 'dav';
  if (segments[0] === 'data') return 'data';
  return 'other';
}

export class Cors {
  private readonly headers: Set<string>;

  constructor(private readonly options: MockCorsOptions = {}) {
    this.headers = new Set((options.allowedHeaders ?? DEFAULT_CORS_ALLOWED_HEADERS).map((h) => h.toLowerCase()));
  }

  /** The mock's own origin is always allowed (a same-origin page sends `Origin` on POST, PUT, PATCH…). */
  allows(origin: string, ownOrigin: string): boolean {
    const allowed = this.options.allowedOrigins ?? [];
    return origin === ownOrigin || allowed === '*' || allowed.includes(origin);
  }

  /** `OPTIONS` with `Access-Control-Request-Method`: allowed, or a bare 204 the browser takes as a refusal. */
  preflight(request: Request, group: CorsGroup, ownOrigin: string): Response {
    const headers = new Headers({ Vary: PREFLIGHT_VARY });
    const origin = request.headers.get('origin');
    const method = request.headers.get('access-control-request-method') ?? '';
    const asked = request.headers.get('access-control-request-headers');
    const wanted = (asked ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    const methods =
      group === 'graph' ? GRAPH_METHODS : group === 'dav' ? PROXY_METHODS.filter((m) => m !== 'PATCH') : PROXY_METHODS;
    const allowedHeaders = group === 'graph' ? new Set(GRAPH_HEADERS) : this.headers;
    if (
      origin &&
      this.allows(origin, ownOrigin) &&
      methods.includes(method) &&
      wanted.every((h) => allowedHeaders.has(h))
    ) {
      headers.set('Access-Control-Allow-Origin', origin);
      headers.set('Access-Control-Allow-Methods', method);
      if (asked) headers.set('Access-Control-Allow-Headers', asked);
      if (group === 'graph') headers.set('Access-Control-Allow-Credentials', 'true');
    }
    return new Response(null, { status: 204, headers });
  }

  /**
   * CORS headers of an actual answer. `tusd`: the upload service answered (not the gateway's 403), and it adds
   * its own CORS for an allowed origin.
   */
  decorate(request: Request, response: Response, group: CorsGroup, ownOrigin: string, tusd: boolean): void {
    const h = response.headers;
    const vary = h.get('vary');
    if (!vary?.split(',').some((v) => v.trim().toLowerCase() === 'origin'))
      h.set('Vary', vary ? `Origin, ${vary}` : 'Origin');
    const origin = request.headers.get('origin');
    if (!origin || !this.allows(origin, ownOrigin)) return;
    h.set('Access-Control-Allow-Origin', origin);
    if (group === 'graph') {
      h.set('Access-Control-Allow-Credentials', 'true');
      return;
    }
    const own = h.get('access-control-expose-headers');
    if (tusd && request.method === 'OPTIONS') {
      for (const [name, value] of Object.entries(TUSD_OPTIONS)) h.set(name, value);
      h.set('Access-Control-Expose-Headers', 'Location');
    } else if (tusd) h.set('Access-Control-Expose-Headers', TUSD_EXPOSE);
    else h.set('Access-Control-Expose-Headers', own ? `Location, ${own}` : 'Location');
  }
}
