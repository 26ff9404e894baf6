/** CORS preflights per route with the exact request headers the library sends there, and the opt-in headers. */
import { capabilitiesUrl } from '../core/endpoints.js';
import {
  CONDITIONAL_REQUEST_HEADERS,
  LIBRARY_REQUEST_HEADERS,
  OPT_IN_REQUEST_HEADERS,
  type RequestKind,
} from '../core/wire.js';
import type { Context } from './checks.js';
import { preflight, ROUTE_OF, type Route, serviceSetting, settingNames } from './cors.js';

const requestId = (value: string | undefined) => (value ? { requestId: value } : {});

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
            title: `opt-in ${name} refused ${refusedOn.length === probes.filter((p) => optInApplies(name, p.kind)).length ? 'on every route it goes to' : `on ${refusedOn.join('; ')}`}: the library leaves it out across origins`,
            details: [`it carries ${purpose}`],
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
