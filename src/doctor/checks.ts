/** The checks that need no credentials' side effects: capabilities, CORS preflights per route, opt-in headers. */
import { randomUUID } from 'node:crypto';
import { parseCapabilities, type UploadCapabilities } from '../core/capabilities.js';
import { capabilitiesUrl } from '../core/endpoints.js';
import { supportsTus } from '../core/transfer.js';
import {
  CONDITIONAL_REQUEST_HEADERS,
  LIBRARY_REQUEST_HEADERS,
  OPT_IN_REQUEST_HEADERS,
  type RequestKind,
} from '../core/wire.js';
import {
  exposure,
  preflight,
  ROUTE_OF,
  type Route,
  type SettingPrefix,
  serviceSetting,
  settingNames,
  settingPrefix,
} from './cors.js';
import { describeError, type HttpClient, header } from './http.js';
import type { Check } from './report.js';

export interface Context {
  client: HttpClient;
  server: string;
  origin: string;
  /** `Bearer …` or `Basic …`, when credentials were given. */
  authorization?: string;
  /** Opt-in headers the app will send (its `corsAllowedHeaders`). */
  optIn: readonly string[];
  checks: Check[];
  prefix: SettingPrefix;
}

export interface CapabilitiesFound {
  capabilities: UploadCapabilities;
  product?: string;
  transfer: 'tus' | 'put';
}

const requestId = (value: string | undefined) => (value ? { requestId: value } : {});

/** Capabilities v1 (anonymous, from the origin, as the page asks): what transfer the library will pick. */
export async function checkCapabilities(ctx: Context): Promise<CapabilitiesFound | undefined> {
  const url = capabilitiesUrl(ctx.server, 1);
  const sentId = randomUUID();
  let res: Awaited<ReturnType<HttpClient>>;
  try {
    res = await ctx.client('GET', url, {
      Origin: ctx.origin,
      Accept: 'application/json',
      'OCS-APIRequest': 'true',
      'X-Request-ID': sentId,
    });
  } catch (error) {
    ctx.checks.push({
      id: 'capabilities',
      status: 'fail',
      title: `the server did not answer at ${url}: ${describeError(error)}`,
    });
    return undefined;
  }
  const base = { httpStatus: res.status, ...requestId(header(res, 'x-request-id')) };
  let body: unknown;
  let capabilities: UploadCapabilities;
  try {
    body = JSON.parse(res.text);
    capabilities = parseCapabilities(body);
  } catch (error) {
    ctx.checks.push({
      id: 'capabilities',
      status: 'fail',
      title: `capabilities v1 unreadable: ${(error as Error).message}`,
      fix: 'is this the oCIS / OpenCloud base URL (the one the web UI runs on)?',
      ...base,
    });
    return undefined;
  }
  const version = (body as { ocs?: { data?: { version?: { product?: unknown; productversion?: unknown } } } }).ocs?.data
    ?.version;
  const product = typeof version?.product === 'string' ? version.product : undefined;
  ctx.prefix = settingPrefix(product);
  const tus = capabilities.tus;
  const facts = tus
    ? `tus ${tus.version ?? '?'}, max_chunk_size ${tus.maxChunkSize || 'missing'}, extensions ${[...tus.extensions].join(', ') || 'none'}, http_method_override ${tus.methodOverride ? 'on' : 'off'}`
    : 'no files.tus_support';
  ctx.checks.push({
    id: 'capabilities',
    status: 'ok',
    title: `capabilities v1 (anonymous): ${[product, typeof version?.productversion === 'string' ? version.productversion : capabilities.serverVersion].filter(Boolean).join(' ')}; ${facts}`,
    ...base,
  });
  const transfer = supportsTus(capabilities) ? 'tus' : 'put';
  if (transfer === 'tus' && tus) {
    const withUpload = tus.extensions.has('creation-with-upload');
    ctx.checks.push({
      id: 'transfer',
      status: withUpload ? 'ok' : 'warn',
      title: `transfer: tus in chunks of ${tus.maxChunkSize} bytes, ${withUpload ? 'first chunk in the creation request (creation-with-upload)' : 'no creation-with-upload: one more request per file'}, ${tus.methodOverride ? 'PATCH sent as POST + X-HTTP-Method-Override' : 'PATCH as PATCH'}`,
      ...(withUpload
        ? {}
        : { fix: 'a stock oCIS announces creation-with-upload; check a proxy that rewrites capabilities' }),
    });
  } else
    ctx.checks.push({
      id: 'transfer',
      status: 'warn',
      title: `transfer: plain WebDAV PUT (${tus ? 'tus_support without max_chunk_size > 0 or version 1.0.0' : 'no tus_support'}): no resume, one request per whole file`,
      fix: 'set FRONTEND_DEFAULT_UPLOAD_PROTOCOL=tus and FRONTEND_UPLOAD_MAX_CHUNK_SIZE > 0 (e.g. 10000000)',
    });
  const seen = exposure(res, ctx.origin, ['X-Request-Id']);
  if (!seen.originAllowed)
    ctx.checks.push({
      id: 'cors.capabilities.response',
      status: 'fail',
      title: `the capabilities answer does not allow ${ctx.origin} (no matching Access-Control-Allow-Origin): the page cannot read it`,
      fix: `add ${ctx.origin} to ${settingNames(ctx.prefix, 'ocs', 'ORIGINS')}`,
      ...base,
    });
  return { capabilities, ...(product ? { product } : {}), transfer };
}

/** Capabilities v2 with the credentials: do they work at all? */
export async function checkCredentials(ctx: Context): Promise<boolean> {
  if (!ctx.authorization) return false;
  const res = await ctx.client('GET', capabilitiesUrl(ctx.server, 2), {
    Authorization: ctx.authorization,
    Accept: 'application/json',
    'OCS-APIRequest': 'true',
  });
  const ok = res.status === 200;
  ctx.checks.push({
    id: 'capabilities.v2',
    status: ok ? 'ok' : 'fail',
    title: ok ? 'capabilities v2 with your credentials: accepted' : 'capabilities v2 with your credentials: refused',
    ...(ok
      ? {}
      : {
          fix: ctx.authorization.startsWith('Basic')
            ? 'check user and password, and that Basic auth is on (PROXY_ENABLE_BASIC_AUTH=true), or use --token'
            : 'the token is not accepted: is it current (access tokens expire) and issued by this server?',
        }),
    httpStatus: res.status,
    ...requestId(header(res, 'x-request-id')),
  });
  return ok;
}

/** A URL of each route, the method the library uses, and which kinds the chosen transfer needs. */
export interface RouteProbe {
  id: string;
  kind: RequestKind;
  method: string;
  url: string;
  /** Shown in the report: the route without ids. */
  label: string;
}

export function routeProbes(
  server: string,
  spaceUrl: string,
  dataUrl: string,
  driveId: string,
  override: boolean,
): RouteProbe[] {
  const folder = `${spaceUrl}/space-uploader-doctor`;
  return [
    {
      id: 'capabilities',
      kind: 'capabilities',
      method: 'GET',
      url: capabilitiesUrl(server, 1),
      label: 'GET /ocs/v1.php/cloud/capabilities',
    },
    {
      id: 'graph-me-drives',
      kind: 'graph',
      method: 'GET',
      url: `${server}/graph/v1.0/me/drives`,
      label: 'GET /graph/v1.0/me/drives',
    },
    {
      id: 'graph-drive',
      kind: 'graph',
      method: 'GET',
      url: `${server}/graph/v1.0/drives/${driveId}`,
      label: 'GET /graph/v1.0/drives/{id}',
    },
    {
      id: 'propfind',
      kind: 'propfind',
      method: 'PROPFIND',
      url: folder,
      label: 'PROPFIND /remote.php/dav/spaces/{id}/…',
    },
    { id: 'mkcol', kind: 'mkcol', method: 'MKCOL', url: folder, label: 'MKCOL /remote.php/dav/spaces/{id}/…' },
    {
      id: 'tus-create',
      kind: 'tus-create',
      method: 'POST',
      url: folder,
      label: 'tus POST /remote.php/dav/spaces/{id}/…',
    },
    // With http_method_override the library sends PATCH as POST + X-HTTP-Method-Override.
    {
      id: 'tus-patch',
      kind: 'tus-patch',
      method: override ? 'POST' : 'PATCH',
      url: dataUrl,
      label: `${override ? 'POST (PATCH)' : 'PATCH'} /data/…`,
    },
    { id: 'tus-head', kind: 'tus-head', method: 'HEAD', url: dataUrl, label: 'HEAD /data/…' },
    { id: 'tus-delete', kind: 'tus-delete', method: 'DELETE', url: dataUrl, label: 'DELETE /data/…' },
    {
      id: 'put',
      kind: 'put',
      method: 'PUT',
      url: `${folder}/file.txt`,
      label: 'PUT /remote.php/dav/spaces/{id}/…/file',
    },
  ];
}

/** Opt-in headers go on every request but the capabilities; X-OC-Mtime and OC-Checksum only on a PUT. */
const optInApplies = (name: string, kind: RequestKind) =>
  kind !== 'capabilities' && (name === 'Initiator-ID' || kind === 'put');

/** The request headers the library sends for `kind`, given the app's options and the server's announcements. */
export function headersFor(
  kind: RequestKind,
  ctx: Pick<Context, 'authorization' | 'optIn'>,
  override: boolean,
): string[] {
  const names = [...LIBRARY_REQUEST_HEADERS[kind]];
  if (kind === 'capabilities' && ctx.authorization) names.push('Authorization');
  if (kind === 'tus-patch' && override) names.push('X-HTTP-Method-Override');
  for (const name of ctx.optIn) if (optInApplies(name, kind)) names.push(name);
  return [...new Set(names)];
}

/** Every header the library may send: what a replaced CORS header list must keep. */
export const ALL_LIBRARY_HEADERS = [
  ...new Set([...Object.values(LIBRARY_REQUEST_HEADERS).flat(), ...Object.keys(CONDITIONAL_REQUEST_HEADERS)]),
];

const needed = (kind: RequestKind, transfer: 'tus' | 'put') =>
  transfer === 'tus' ? kind !== 'put' : !kind.startsWith('tus-');

/** One preflight per route with the exact headers the library sends there. */
export async function checkPreflights(
  ctx: Context,
  probes: readonly RouteProbe[],
  transfer: 'tus' | 'put',
  override: boolean,
) {
  for (const probe of probes) {
    const names = headersFor(probe.kind, ctx, override);
    const result = await preflight(ctx.client, probe.url, ctx.origin, probe.method, names);
    const route = ROUTE_OF[probe.kind];
    // Where a refusal can be found in the server's log; a passing preflight needs no such pointer.
    const base = {
      id: `cors.${probe.id}`,
      ...(result.ok ? {} : { httpStatus: result.status, ...requestId(result.requestId) }),
    };
    const unused = needed(probe.kind, transfer)
      ? ''
      : ` (only used with transfer.protocol '${transfer === 'tus' ? 'put' : 'tus'}')`;
    const failing = needed(probe.kind, transfer) ? 'fail' : 'warn';
    if (result.ok) {
      ctx.checks.push({
        ...base,
        status: 'ok',
        title: `CORS ${probe.label}: allowed`,
        details: [`request headers: ${names.join(', ')}`],
      });
    } else if (!result.originAllowed) {
      ctx.checks.push({
        ...base,
        status: failing,
        title: `CORS ${probe.label}: origin ${ctx.origin} not allowed${unused}`,
        fix: `add ${ctx.origin} to ${settingNames(ctx.prefix, route, 'ORIGINS')}`,
      });
    } else if (!result.methodAllowed) {
      ctx.checks.push({
        ...base,
        status: failing,
        title: `CORS ${probe.label}: method ${probe.method} not allowed${unused}`,
        fix: `add ${probe.method} to ${settingNames(ctx.prefix, route, 'METHODS')}`,
      });
    } else {
      ctx.checks.push({
        ...base,
        status: failing,
        title: `CORS ${probe.label}: request header${result.refused.length === 1 ? '' : 's'} ${result.refused.join(', ')} refused: the browser blocks the request${unused}`,
        details: [`request headers: ${names.join(', ')}`],
        fix: headerFix(ctx, route, result.refused),
      });
    }
  }
}

function headerFix(ctx: Context, route: Route, names: readonly string[]): string {
  const optIns = names.filter((n) => n in OPT_IN_REQUEST_HEADERS);
  const drop = optIns.length ? `; or leave ${optIns.join(', ')} out of corsAllowedHeaders` : '';
  return `add ${names.join(', ')} to ${settingNames(ctx.prefix, route, 'HEADERS')}; it replaces the default list, so keep the request headers above in it${drop}`;
}

/** Opt-in headers the app did not declare: may it turn them on? (Never a failure: the library leaves them out.) */
export async function checkOptIns(ctx: Context, probes: readonly RouteProbe[]) {
  for (const [name, purpose] of Object.entries(OPT_IN_REQUEST_HEADERS)) {
    if (ctx.optIn.includes(name)) continue;
    const refusedOn: string[] = [];
    const routes = new Set<Route>();
    for (const probe of probes.filter((p) => optInApplies(name, p.kind))) {
      const result = await preflight(ctx.client, probe.url, ctx.origin, probe.method, [name]);
      if (!result.originAllowed) return; // the origin checks already say it
      if (!result.ok) {
        refusedOn.push(probe.label);
        routes.add(ROUTE_OF[probe.kind]);
      }
    }
    ctx.checks.push(
      refusedOn.length
        ? {
            id: `opt-in.${name.toLowerCase()}`,
            status: 'warn',
            title: `opt-in ${name} (${purpose}) refused ${refusedOn.length === probes.filter((p) => optInApplies(name, p.kind)).length ? 'on every route it goes to' : `on ${refusedOn.join('; ')}`}: the library leaves it out across origins`,
            fix: `to send it, add ${name} to ${ctx.prefix}_CORS_ALLOW_HEADERS (all services) or to ${[...new Set([...routes].map((r) => serviceSetting(r, 'HEADERS')))].join(' and ')} (each replaces its default list: keep the library's headers, ${ALL_LIBRARY_HEADERS.join(', ')}), then list it in corsAllowedHeaders`,
          }
        : {
            id: `opt-in.${name.toLowerCase()}`,
            status: 'ok',
            title: `opt-in ${name} allowed from this origin: list it in corsAllowedHeaders to send it`,
          },
    );
  }
}
