/** Capabilities, Graph, OPTIONS and CORS preflights on every route a client uses. */
import { type Case, inDir, ORIGIN_KINDS, originHeader, perOrigin, type Req, type Run, space } from './case.ts';

const CAPABILITIES = (v: 1 | 2) => `/ocs/v${v}.php/cloud/capabilities?format=json`;

/** The parts of the capabilities a client reads (the rest is the server's own business). */
const capabilitiesView = (json: unknown) => {
  const ocs = (json as { ocs: { meta: object; data: { capabilities: Record<string, Record<string, unknown>> } } }).ocs;
  const caps = ocs.data.capabilities;
  return {
    meta: ocs.meta,
    'core.webdav-root': caps.core?.['webdav-root'],
    'files.tus_support': caps.files?.tus_support,
    'files.bigfilechunking': caps.files?.bigfilechunking,
    'dav.chunking': caps.dav?.chunking,
    'spaces.enabled': caps.spaces?.enabled,
    checksums: caps.checksums,
  };
};

/** A Graph drive: its key shape (ids and dates are compared as types, not values). */
interface Drive {
  driveType: string;
}
const personalDrive = (json: unknown) => {
  const value = (json as { value: Drive[] }).value;
  const shape = (d: unknown): unknown =>
    d && typeof d === 'object' && !Array.isArray(d)
      ? Object.fromEntries(
          Object.keys(d)
            .sort()
            .map((k) => [k, shape((d as Record<string, unknown>)[k])]),
        )
      : typeof d;
  return { keys: Object.keys(json as object), personal: shape(value.find((d) => d.driveType === 'personal')) };
};

const get =
  (path: (run: Run) => string, auth: 'auth' | 'no auth' | 'bad token') =>
  (run: Run): Req => {
    const headers: Record<string, string> = {};
    if (auth === 'auth') headers.Authorization = run.t.auth;
    if (auth === 'bad token') headers.Authorization = 'Bearer not-a-token';
    return { method: 'GET', path: path(run), headers };
  };

/** Where a browser sends a preflight, and the method it asks for. */
const PREFLIGHT_ROUTES: Array<[string, (run: Run) => string, string[]]> = [
  ['capabilities', () => CAPABILITIES(1), ['GET']],
  ['Graph drive', (run) => `/graph/v1.0/drives/${run.t.spaceId}`, ['GET', 'PATCH', 'PROPFIND']],
  ['space', (run) => inDir(run), ['POST', 'PUT', 'PROPFIND', 'MKCOL', 'DELETE', 'MOVE', 'PATCH', 'LOCK']],
  ['upload URL', () => '/data/eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl', ['PATCH', 'HEAD', 'DELETE', 'POST']],
];
const REQUEST_HEADERS = [
  'authorization',
  'x-request-id',
  'initiator-id',
  'x-oc-mtime',
  'oc-checksum',
  'tus-resumable',
  'upload-length',
  'upload-metadata',
  'upload-offset',
  'upload-checksum',
  'depth',
  'content-type',
  'x-http-method-override',
  'if-match',
  'destination',
  'overwrite',
  'cache-control',
];
const TUS_CREATE_HEADERS = 'authorization,tus-resumable,upload-length,upload-metadata,x-request-id';

const preflight = (name: string, path: (run: Run) => string, method: string, headers: string | undefined) =>
  perOrigin(`preflight ${name}: ${method}${headers ? ` + ${headers}` : ''}`, (run) => ({
    method: 'OPTIONS',
    path: path(run),
    headers: {
      'Access-Control-Request-Method': method,
      ...(headers ? { 'Access-Control-Request-Headers': headers } : {}),
    },
  }));

const preflightCases: Case[] = PREFLIGHT_ROUTES.flatMap(([name, path, methods]) => [
  ...methods.flatMap((method) => preflight(name, path, method, method === methods[0] ? TUS_CREATE_HEADERS : undefined)),
  // One header at a time, from the allowed page only (the other origins are refused whatever they ask).
  ...(REQUEST_HEADERS.map((h) => ({
    ...preflight(name, path, methods[0] ?? 'GET', h)[1],
    name: `preflight ${name}: ${methods[0]} + ${h} [allowed Origin]`,
  })) as Case[]),
]);

export const apiCases: Case[] = [
  ...perOrigin(
    'capabilities v1 without auth',
    get(() => CAPABILITIES(1), 'no auth'),
    { view: capabilitiesView },
  ),
  ...perOrigin(
    'capabilities v1 with auth',
    get(() => CAPABILITIES(1), 'auth'),
    { view: capabilitiesView },
  ),
  ...perOrigin(
    'capabilities v2 without auth',
    get(() => CAPABILITIES(2), 'no auth'),
    { view: capabilitiesView },
  ),
  ...perOrigin(
    'capabilities v2 with auth',
    get(() => CAPABILITIES(2), 'auth'),
    { view: capabilitiesView },
  ),
  ...perOrigin(
    'Graph /me/drives',
    get(() => '/graph/v1.0/me/drives', 'auth'),
    { view: personalDrive },
  ),
  ...perOrigin(
    'Graph /me/drives with a bad token',
    get(() => '/graph/v1.0/me/drives', 'bad token'),
  ),
  // What the library sends: no Basic challenge then, so no browser login prompt holds the request.
  ...perOrigin('Graph /me/drives with a bad token from a script', (run) => {
    const req = get(() => '/graph/v1.0/me/drives', 'bad token')(run);
    return { ...req, headers: { ...req.headers, 'X-Requested-With': 'XMLHttpRequest' } };
  }),
  ...perOrigin(
    'Graph /drives/{id}',
    get((run) => `/graph/v1.0/drives/${run.t.spaceId}`, 'auth'),
  ),
  ...perOrigin(
    'Graph /drives/{unknown id}',
    get((run) => `/graph/v1.0/drives/${run.t.spaceId.split('$')[0]}$00000000-0000-4000-8000-000000000000`, 'auth'),
  ),
  ...perOrigin(
    'capabilities v1 with a bad token',
    get(() => CAPABILITIES(1), 'bad token'),
    { view: capabilitiesView },
  ),
  ...perOrigin('OPTIONS on the space (no preflight)', (run) => ({ method: 'OPTIONS', path: space(run) })),
  ...perOrigin('OPTIONS on the space with auth', (run) => ({
    method: 'OPTIONS',
    path: space(run),
    headers: { Authorization: run.t.auth },
  })),
  ...preflightCases,
  // A preflight without Access-Control-Request-Method is a plain OPTIONS, answered by the route itself.
  ...ORIGIN_KINDS.map((kind) => ({
    name: `OPTIONS on a folder without Access-Control-Request-Method [${kind}]`,
    send: (run: Run) => ({ method: 'OPTIONS', path: inDir(run), headers: originHeader(kind, run.t) }),
  })),
];
