/** A request as the dispatcher sees it: its path below the base path, its route, and its log entry. */
import type { MockRequestLogEntry, MockRoute } from '../types.js';
import { randomUuid } from '../util.js';
import type { Ctx, MockContext } from './context.js';

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

export function requestContext(m: MockContext, request: Request): Ctx {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  let path = url.pathname;
  if (m.basePath) path = path.startsWith(`${m.basePath}/`) ? path.slice(m.basePath.length) : '/';
  const segments = path.split('/').slice(1);
  const override = request.headers.get('x-http-method-override');
  const effectiveMethod =
    method === 'POST' && segments[0] === 'data' && override ? override.trim().toUpperCase() : method;
  const route = classify(method, effectiveMethod, segments);
  const requestId = request.headers.get('x-request-id') || randomUuid();
  const log: MockRequestLogEntry = {
    seq: ++m.seq,
    at: m.now(),
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
  const base = m.options.publicOrigin ? m.options.publicOrigin.replace(/\/+$/, '') : `${url.origin}${m.basePath}`;
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

export function classify(method: string, effective: string, s: string[]): MockRoute {
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
