/** Reads an oCIS server's capabilities (OCS v1 or v2) into what an upload needs to know. */
import { capabilitiesUrl } from './endpoints.js';
import { CapabilitiesError } from './errors.js';
import { bearerOf, discardBody } from './http.js';
import { randomUuid } from './ids.js';

export interface TusCapabilities {
  /** `tus_support.version`, e.g. `1.0.0` (may list several, comma-separated). */
  version: string | undefined;
  resumable: string | undefined;
  /** `tus_support.extension`, split and trimmed, e.g. `creation`, `creation-with-upload`. */
  extensions: ReadonlySet<string>;
  /** Bytes per request; 0 when missing or not a positive number. */
  maxChunkSize: number;
  /** `http_method_override` as a boolean: any non-empty value but `false`/`0`/`no`/`off`. */
  methodOverride: boolean;
}

export interface UploadCapabilities {
  /** `undefined` when the server announces no tus support: uploads then use a plain WebDAV PUT. */
  tus: TusCapabilities | undefined;
  /** `checksums.supportedTypes`, lower-case. */
  checksumTypes: readonly string[];
  /** `checksums.preferredUploadType`, lower-case. */
  preferredChecksum: string | undefined;
  /** `version.string` of the server, if it said. */
  serverVersion: string | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

/** A number, also when a proxy or config turned it into a string (`"10000000"`). */
function positiveInteger(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

function truthyOverride(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  const s = text(v)?.trim().toLowerCase() ?? '';
  return s !== '' && !['false', '0', 'no', 'off'].includes(s);
}

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v.map(text) : (text(v)?.split(',') ?? []))
    .map((s) => s?.trim().toLowerCase() ?? '')
    .filter(Boolean);

/**
 * Pure: the parsed `GET /ocs/v{1,2}.php/cloud/capabilities?format=json` body → `UploadCapabilities`.
 * Tolerates missing fields and numbers sent as strings; throws `CapabilitiesError` for a body that is not
 * an OCS envelope or that reports a failure.
 */
export function parseCapabilities(body: unknown): UploadCapabilities {
  const ocs = isRecord(body) ? body.ocs : undefined;
  if (!isRecord(ocs)) throw new CapabilitiesError('not-ocs', 'the answer is not an OCS document (no "ocs" object)');
  const meta = isRecord(ocs.meta) ? ocs.meta : {};
  const code = positiveInteger(meta.statuscode);
  if (code !== 0 && code !== 100 && code !== 200)
    throw new CapabilitiesError(
      'ocs-failure',
      `the server reported OCS status ${code}: ${text(meta.message) ?? 'no message'}`,
    );
  const data = isRecord(ocs.data) ? ocs.data : undefined;
  const caps = data && isRecord(data.capabilities) ? data.capabilities : undefined;
  if (!caps) throw new CapabilitiesError('not-ocs', 'the OCS document has no data.capabilities');
  const files = isRecord(caps.files) ? caps.files : {};
  const tusSupport = isRecord(files.tus_support) ? files.tus_support : undefined;
  const checksums = isRecord(caps.checksums) ? caps.checksums : {};
  const version = data && isRecord(data.version) ? text(data.version.string) : undefined;
  return {
    tus: tusSupport && {
      version: text(tusSupport.version)?.trim() || undefined,
      resumable: text(tusSupport.resumable)?.trim() || undefined,
      extensions: new Set(list(tusSupport.extension)),
      maxChunkSize: positiveInteger(tusSupport.max_chunk_size),
      methodOverride: truthyOverride(tusSupport.http_method_override),
    },
    checksumTypes: list(checksums.supportedTypes),
    preferredChecksum: text(checksums.preferredUploadType)?.trim().toLowerCase() || undefined,
    serverVersion: version,
  };
}

export interface FetchCapabilitiesOptions {
  /** Sent as a bearer token when given (oCIS answers v1 without one). */
  accessToken?: string | (() => string | Promise<string>);
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** OCS API version, default 1. */
  apiVersion?: 1 | 2;
  /** Sent as `Accept-Language` (the server localises its messages). */
  language?: string;
  /**
   * Headers for each attempt from the caller's request client (token, request id, language, …); they take the place
   * of `accessToken` and `language`. The uploader passes its own, so capabilities go like every other request.
   */
  headers?: () => Promise<Record<string, string>>;
}

export async function fetchCapabilities(
  serverUrl: string,
  options: FetchCapabilitiesOptions = {},
): Promise<UploadCapabilities> {
  const apiVersion = options.apiVersion ?? 1;
  const url = capabilitiesUrl(serverUrl, apiVersion);
  const given = options.headers ? await options.headers() : undefined;
  const token = given
    ? bearerOf(given.Authorization)
    : typeof options.accessToken === 'function'
      ? await options.accessToken()
      : options.accessToken;
  const send = (withToken: boolean) => {
    const headers: Record<string, string> = {
      ...given,
      Accept: 'application/json',
      'OCS-APIRequest': 'true',
      // Each attempt its own id (the caller's for the first).
      'X-Request-ID': (withToken && given?.['X-Request-ID']) || randomUuid(),
      // No Basic challenge (and so no browser login prompt) for a refused token: see the request client.
      'X-Requested-With': 'XMLHttpRequest',
    };
    delete headers.Authorization;
    if (options.language && !given) headers['Accept-Language'] = options.language;
    if (withToken && token) headers.Authorization = `Bearer ${token}`;
    return (options.fetch ?? globalThis.fetch)(url, { headers, ...(options.signal ? { signal: options.signal } : {}) });
  };
  let response: Response;
  try {
    response = await send(true).then(async (first) => {
      // v1 answers anonymously: a refused token (401; across origins no answer at all, since oCIS's 401 has no
      // CORS headers) is no reason to go without capabilities. Asked once more without it.
      if (first.status !== 401 || !token || apiVersion !== 1) return first;
      await discardBody(first);
      return send(false);
    });
  } catch (cause) {
    if (options.signal?.aborted)
      throw new CapabilitiesError('aborted', 'reading the capabilities was cancelled', { url, cause });
    const retried = token && apiVersion === 1 ? await send(false).catch(() => undefined) : undefined;
    if (!retried) throw new CapabilitiesError('network', `the server did not answer at ${url}`, { url, cause });
    response = retried;
  }
  const requestId = response.headers.get('x-request-id') ?? undefined;
  const ids = { url, status: response.status, ...(requestId ? { requestId } : {}) };
  if (!response.ok)
    throw new CapabilitiesError(
      'http',
      `the capabilities request answered ${response.status} ${response.statusText}`.trim(),
      ids,
    );
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new CapabilitiesError('not-ocs', 'the capabilities answer is not JSON (is this an oCIS server?)', {
      ...ids,
      cause,
    });
  }
  try {
    return parseCapabilities(body);
  } catch (error) {
    if (error instanceof CapabilitiesError) throw new CapabilitiesError(error.kind, error.message, ids);
    throw error;
  }
}
