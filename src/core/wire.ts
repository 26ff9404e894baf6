/**
 * What the library puts on the wire, in one place: the request headers of each kind of request, and the rule for
 * headers a stock oCIS / OpenCloud CORS setup refuses. The doctor checks a deployment against these lists.
 */

/** The kinds of request the library sends. */
export type RequestKind =
  | 'capabilities'
  | 'graph'
  | 'propfind'
  | 'mkcol'
  | 'tus-create'
  | 'tus-patch'
  | 'tus-head'
  | 'tus-delete'
  | 'put';

/**
 * Request headers sent by default, per kind (`Accept-Language` is CORS-safelisted and left out: browsers do not
 * preflight it). All are in oCIS's default CORS list.
 */
export const LIBRARY_REQUEST_HEADERS: Readonly<Record<RequestKind, readonly string[]>> = {
  capabilities: ['X-Request-ID', 'X-Requested-With', 'OCS-APIRequest'],
  graph: ['Authorization', 'X-Request-ID', 'X-Requested-With'],
  propfind: ['Authorization', 'X-Request-ID', 'X-Requested-With', 'Depth', 'Content-Type'],
  mkcol: ['Authorization', 'X-Request-ID', 'X-Requested-With'],
  'tus-create': [
    'Authorization',
    'X-Request-ID',
    'X-Requested-With',
    'Tus-Resumable',
    'Upload-Length',
    'Upload-Metadata',
    'Content-Type',
  ],
  'tus-patch': ['Authorization', 'X-Request-ID', 'X-Requested-With', 'Tus-Resumable', 'Upload-Offset', 'Content-Type'],
  'tus-head': ['Authorization', 'X-Request-ID', 'X-Requested-With', 'Tus-Resumable'],
  'tus-delete': ['Authorization', 'X-Request-ID', 'X-Requested-With', 'Tus-Resumable'],
  put: ['Authorization', 'X-Request-ID', 'X-Requested-With', 'Content-Type'],
};

/** Headers sent only with an option or a server announcement (each in oCIS's default CORS list). */
export const CONDITIONAL_REQUEST_HEADERS: Readonly<Record<string, string>> = {
  'Upload-Checksum': "per-chunk checksums (transfer.checksum 'per-chunk' or 'both', announced by the server)",
  'X-HTTP-Method-Override': 'PATCH sent as POST (the server announces http_method_override)',
};

/**
 * Headers outside oCIS's default CORS list (OpenCloud `OC_CORS_ALLOW_HEADERS`, oCIS `OCIS_CORS_ALLOW_HEADERS`, which
 * replace each service's default list: keep the defaults in it): sent on a page
 * of the server's own origin, and across origins only when the integrator lists them in `corsAllowedHeaders`
 * (after allowing them on the server). Without them: no initiator id (the server may notify the uploading
 * session of its own change), no mtime on a plain PUT (the server stamps the upload time), no server-side SHA-1
 * check of a plain PUT.
 */
export const OPT_IN_REQUEST_HEADERS: Readonly<Record<string, string>> = {
  'Initiator-ID': 'the uploader instance id on every request (the oCIS web UI sends it)',
  'X-OC-Mtime': "the file's modification time on a plain PUT (tus sends it as metadata instead)",
  'OC-Checksum': "the file's SHA-1 on a plain PUT, checked by the server",
};

/** The origin a page runs on, or `undefined` outside a browser page (Node, workers without location). */
function pageOrigin(): string | undefined {
  const here = (globalThis as { location?: { origin?: string } }).location?.origin;
  return here && here !== 'null' ? here : undefined;
}

/** True when requests to `url` leave the page's origin (so CORS applies); false outside a page. */
export function isCrossOrigin(url: string): boolean {
  const here = pageOrigin();
  if (here === undefined) return false;
  try {
    return new URL(url, here).origin !== here;
  } catch {
    return true;
  }
}

/**
 * Decides per header whether an opt-in header may go to `serverUrl`: always on the same origin (and outside a
 * page), across origins only when listed (case-insensitively) in `allowed`.
 */
export function optInHeaderAllowed(name: string, serverUrl: string, allowed: readonly string[] | undefined): boolean {
  if (!isCrossOrigin(serverUrl)) return true;
  const wanted = name.toLowerCase();
  return (allowed ?? []).some((header) => header.toLowerCase() === wanted);
}
