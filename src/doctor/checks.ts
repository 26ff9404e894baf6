/** The context every check shares, the capabilities (what transfer the library picks) and the credentials. */
import { randomUUID } from 'node:crypto';
import { parseCapabilities, type UploadCapabilities } from '../core/capabilities.js';
import { capabilitiesUrl } from '../core/endpoints.js';
import { supportsTus } from '../core/transfer.js';
import { exposure, type SettingPrefix, settingNames, settingPrefix } from './cors.js';
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
