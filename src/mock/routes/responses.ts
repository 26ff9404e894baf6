/** Answers shared by the routes: empty, JSON and XML bodies, the proxy's 401, and `HttpError` for a thrown status. */
import { unauthorizedXml } from '../webdav-xml.js';

export const STATUS_TEXT: Record<number, string> = { 425: 'Too Early', 460: 'Checksum Mismatch' };

/** Thrown inside handlers to answer with a status; caught in `dispatch`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly dav = false,
  ) {
    super(message);
  }
}

export const empty = (status: number, headers: Record<string, string> = {}): Response =>
  new Response(null, {
    status,
    statusText: STATUS_TEXT[status] ?? '',
    headers: status === 204 || status === 304 ? headers : { ...headers, 'Content-Length': '0' },
  });

export const json = (
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json; charset=utf-8',
): Response => new Response(JSON.stringify(value), { status, headers: { 'Content-Type': contentType, ...headers } });

/** Graph answers `application/json` without a charset. */
export const graphJson = (status: number, value: unknown): Response => json(status, value, {}, 'application/json');

export const xml = (status: number, body: string, contentType = 'application/xml; charset=utf-8'): Response =>
  new Response(body, {
    status,
    statusText: STATUS_TEXT[status] ?? '',
    headers: { 'Content-Type': contentType },
  });

/** Methods whose 401 carries an XML body (the proxy's list of WebDAV methods). */
export const XML_401_METHODS = new Set(['DELETE', 'MKCOL', 'PROPFIND', 'PROPPATCH', 'MOVE', 'COPY', 'LOCK', 'UNLOCK']);

/** Answers of the auth layer: they carry no CORS header at all (a cross-origin page sees a network error). */
export const bare = new WeakSet<Response>();

/**
 * The proxy's 401: both schemes offered, none to `X-Requested-With: XMLHttpRequest` (a page's script must not
 * meet the browser's login prompt); a PROPFIND (WebDAV clients) also gets a Sabre-style XML body.
 */
export function unauthorized(method: string, host: string, fromScript: boolean): Response {
  const headers = new Headers();
  if (!fromScript) {
    headers.append('WWW-Authenticate', `Bearer realm="${host}", charset="UTF-8"`);
    headers.append('WWW-Authenticate', `Basic realm="${host}", charset="UTF-8"`);
  }
  const body = XML_401_METHODS.has(method) ? unauthorizedXml : null;
  if (body) headers.set('Content-Type', 'text/xml; charset=utf-8');
  else headers.set('Content-Length', '0');
  const response = new Response(body, { status: 401, headers });
  bare.add(response);
  return response;
}
