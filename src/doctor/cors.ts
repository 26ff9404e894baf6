/**
 * CORS as a browser applies it: the preflight a page's request needs (with the exact request headers, lower-case
 * and sorted as the Fetch standard sends them: oCIS's CORS middleware compares them in that form), and which
 * response headers the page may read afterwards.
 */
import type { RequestKind } from '../core/wire.js';
import { type HttpClient, type HttpResponse, header, headerList } from './http.js';

/** Which oCIS / OpenCloud service answers a route (each has its own CORS settings). */
export type Route = 'ocs' | 'graph' | 'webdav' | 'data';

export const ROUTE_OF: Readonly<Record<RequestKind, Route>> = {
  capabilities: 'ocs',
  graph: 'graph',
  propfind: 'webdav',
  mkcol: 'webdav',
  put: 'webdav',
  'tus-create': 'webdav',
  'tus-patch': 'data',
  'tus-head': 'data',
  'tus-delete': 'data',
};

/** The service whose settings apply (proxy routes: /ocs and /data → frontend, /remote.php → ocdav, /graph → graph). */
const SERVICE: Readonly<Record<Route, string>> = { ocs: 'FRONTEND', graph: 'GRAPH', webdav: 'OCDAV', data: 'FRONTEND' };

/** `OC_` on OpenCloud, `OCIS_` on ownCloud Infinite Scale: the prefix of the settings for all services at once. */
export type SettingPrefix = 'OC' | 'OCIS';

export const settingPrefix = (product: string | undefined): SettingPrefix =>
  product && /opencloud/i.test(product) ? 'OC' : 'OCIS';

/** The route's own setting, e.g. `OCDAV_CORS_ALLOW_HEADERS`. */
export const serviceSetting = (route: Route, what: 'ORIGINS' | 'HEADERS' | 'METHODS'): string =>
  `${SERVICE[route]}_CORS_ALLOW_${what}`;

/** e.g. `OC_CORS_ALLOW_HEADERS (all services) or OCDAV_CORS_ALLOW_HEADERS (this route only)`. */
export const settingNames = (prefix: SettingPrefix, route: Route, what: 'ORIGINS' | 'HEADERS' | 'METHODS'): string =>
  `${prefix}_CORS_ALLOW_${what} (all services) or ${serviceSetting(route, what)} (this route only)`;

/** Methods a browser never preflights for the method itself. */
const SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);
/** Response headers a page may always read. */
const SAFELISTED_RESPONSE = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
]);

export interface PreflightOutcome {
  /** `Access-Control-Allow-Origin` names the origin (or `*`). */
  originAllowed: boolean;
  methodAllowed: boolean;
  /** Request headers the server refuses (each tried alone once the whole set was refused). */
  refused: string[];
  /** The whole request would pass. */
  ok: boolean;
  status: number;
  requestId?: string;
}

interface Verdict {
  origin: boolean;
  method: boolean;
  headers: (name: string) => boolean;
}

function judge(res: HttpResponse, origin: string, method: string): Verdict {
  const allowOrigin = header(res, 'access-control-allow-origin');
  const originOk = allowOrigin === origin || allowOrigin === '*';
  const methods = headerList(res, 'access-control-allow-methods');
  const allowed = headerList(res, 'access-control-allow-headers');
  return {
    origin: originOk,
    method:
      originOk && (SAFELISTED_METHODS.has(method) || methods.includes(method.toLowerCase()) || methods.includes('*')),
    // `*` covers every header but Authorization (Fetch standard).
    headers: (name) =>
      originOk &&
      (allowed.includes(name.toLowerCase()) || (allowed.includes('*') && name.toLowerCase() !== 'authorization')),
  };
}

/** Access-Control-Request-Headers as a browser writes it: lower-case, unique, sorted, comma-separated. */
export const requestHeadersValue = (names: readonly string[]): string =>
  [...new Set(names.map((n) => n.toLowerCase()))].sort().join(',');

/**
 * The preflight of a `method` request to `url` carrying `names`. When the whole set is refused, the origin and
 * method are tried without headers, then each header alone, to name what is refused.
 */
export async function preflight(
  client: HttpClient,
  url: string,
  origin: string,
  method: string,
  names: readonly string[],
): Promise<PreflightOutcome> {
  const ask = (headers: readonly string[]) =>
    client('OPTIONS', url, {
      Origin: origin,
      'Access-Control-Request-Method': method,
      ...(headers.length ? { 'Access-Control-Request-Headers': requestHeadersValue(headers) } : {}),
    });
  const whole = await ask(names);
  const requestId = header(whole, 'x-request-id');
  const base = { status: whole.status, ...(requestId ? { requestId } : {}) };
  const verdict = judge(whole, origin, method);
  if (verdict.method && names.every(verdict.headers))
    return { ...base, originAllowed: true, methodAllowed: true, refused: [], ok: true };
  const bare = names.length ? judge(await ask([]), origin, method) : verdict;
  if (!bare.method) return { ...base, originAllowed: bare.origin, methodAllowed: false, refused: [], ok: false };
  const refused: string[] = [];
  for (const name of names) if (!judge(await ask([name]), origin, method).headers(name)) refused.push(name);
  return { ...base, originAllowed: true, methodAllowed: true, refused, ok: false };
}

/** A response header the library reads, and what it does when the page may not read it. */
export interface HeaderNeed {
  name: string;
  /** `required`: without it uploads fail; `fallback`: the library works around it; `info`: not read. */
  level: 'required' | 'fallback' | 'info';
  without: string;
}

export const RESPONSE_HEADER_NEEDS: Readonly<Record<string, Omit<HeaderNeed, 'name'>>> = {
  Location: { level: 'required', without: 'tus-js-client cannot find the upload URL: every upload fails' },
  'Upload-Offset': { level: 'required', without: 'tus-js-client fails the upload ("invalid or missing offset value")' },
  'Upload-Length': {
    level: 'required',
    without: 'a resumed or retried upload fails ("invalid or missing length value")',
  },
  'Upload-Expires': {
    level: 'fallback',
    without: "resume records read the expiry from the upload URL's own token (oCIS's URLs carry it)",
  },
  'Oc-Fileid': {
    level: 'fallback',
    without:
      "the library asks the server for each finished file's id (PROPFIND: small files share one listing of their folder)",
  },
  'Oc-Etag': { level: 'fallback', without: 'the etag comes from that PROPFIND' },
  'Tus-Extension': {
    level: 'fallback',
    without:
      "per-chunk checksums (transfer.checksum 'per-chunk' or 'both') stay off: the page cannot see the announcement",
  },
  'Tus-Checksum-Algorithm': {
    level: 'fallback',
    without: 'per-chunk checksums stay off (the page cannot see that sha1 is offered)',
  },
  'X-Request-Id': { level: 'info', without: 'error reports cite the X-Request-ID the library sent instead' },
  'Tus-Resumable': { level: 'info', without: 'nothing: the library does not read it' },
  'Oc-Checksum': {
    level: 'info',
    without: "nothing: the library reads the server's checksums by PROPFIND when needed",
  },
};

export interface Exposure {
  /** The actual response allows the origin. */
  originAllowed: boolean;
  readable: string[];
  /** Headers the server sent that the library would read, but the page may not. */
  hidden: HeaderNeed[];
}

/** Which of `wanted` (sent by the server) the page may read from `res`. */
export function exposure(res: HttpResponse, origin: string, wanted: readonly string[]): Exposure {
  const allowOrigin = header(res, 'access-control-allow-origin');
  const originAllowed = allowOrigin === origin || allowOrigin === '*';
  const exposed = headerList(res, 'access-control-expose-headers');
  const canRead = (name: string) =>
    originAllowed &&
    (SAFELISTED_RESPONSE.has(name.toLowerCase()) || exposed.includes(name.toLowerCase()) || exposed.includes('*'));
  const sent = wanted.filter((name) => header(res, name) !== undefined);
  return {
    originAllowed,
    readable: sent.filter(canRead),
    hidden: sent
      .filter((name) => !canRead(name))
      .map((name) => ({ name, ...(RESPONSE_HEADER_NEEDS[name] ?? { level: 'info', without: 'nothing' }) })),
  };
}

/** How to let the page read hidden headers of a route. */
export function exposeFix(prefix: SettingPrefix, route: Route, names: readonly string[]): string {
  if (route === 'data')
    return `add ${names.join(', ')} to ${prefix}_CORS_EXPOSE_HEADERS (or STORAGE_USERS_CORS_EXPOSE_HEADERS); it replaces the default list, so keep Upload-Offset, Location, Upload-Length, Tus-Resumable, Tus-Version, Tus-Extension in it`;
  return `the server has no setting for what this route exposes; a reverse proxy in front may add ${names.join(', ')} to Access-Control-Expose-Headers`;
}
