/**
 * Response headers are read only when the page may read them. Across origins a browser hides every header the
 * server does not list in `Access-Control-Expose-Headers`, and Chromium logs "Refused to get unsafe header" for
 * each `XMLHttpRequest.getResponseHeader` of a hidden one (oCIS exposes few: `Oc-Fileid`, `Upload-Expires` and
 * `Tus-Extension` are hidden on most routes). `getAllResponseHeaders()` lists exactly the readable ones, silently.
 */
import type { TusHttpRequest, TusHttpResponse, TusHttpStack } from './checksum.js';

interface HeaderSource {
  getAllResponseHeaders(): string;
  getResponseHeader(name: string): string | null;
}

const isXhr = (value: unknown): value is HeaderSource =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as HeaderSource).getAllResponseHeaders === 'function' &&
  typeof (value as HeaderSource).getResponseHeader === 'function';

const names = new WeakMap<HeaderSource, Set<string>>();

/** The lower-case names of the headers `xhr` may read (cached per response: read once it is complete). */
export function readableHeaderNames(xhr: HeaderSource): Set<string> {
  let known = names.get(xhr);
  if (!known) {
    known = new Set(
      xhr
        .getAllResponseHeaders()
        .split(/\r?\n/)
        .map((line) => line.slice(0, line.indexOf(':')).trim().toLowerCase())
        .filter(Boolean),
    );
    names.set(xhr, known);
  }
  return known;
}

/** A response header of an XHR, or `undefined` when absent or not readable (never logs). */
export function readHeader(xhr: HeaderSource | undefined, name: string): string | undefined {
  if (!xhr || !readableHeaderNames(xhr).has(name.toLowerCase())) return undefined;
  return xhr.getResponseHeader(name) ?? undefined;
}

/**
 * Wraps tus-js-client's HTTP stack so that every header read (its own: `Location`, `Upload-Offset`,
 * `Upload-Length`, `Tus-Resumable`; and ours) asks only for readable headers. Other stacks (Node) pass through.
 */
export function createReadableHeadersHttpStack(inner: TusHttpStack): TusHttpStack {
  return {
    getName: () => `ReadableHeaders(${inner.getName()})`,
    createRequest(method, url) {
      const request = inner.createRequest(method, url);
      const wrapped: TusHttpRequest = {
        getMethod: () => request.getMethod(),
        getURL: () => request.getURL(),
        setHeader: (header, value) => request.setHeader(header, value),
        getHeader: (header) => request.getHeader(header),
        setProgressHandler: (handler) => request.setProgressHandler(handler),
        async send(body) {
          return guarded(await request.send(body));
        },
        abort: () => request.abort(),
        getUnderlyingObject: () => request.getUnderlyingObject(),
      };
      return wrapped;
    },
  };
}

function guarded(response: TusHttpResponse): TusHttpResponse {
  const xhr = response.getUnderlyingObject();
  if (!isXhr(xhr)) return response;
  return {
    getStatus: () => response.getStatus(),
    getHeader: (header) => readHeader(xhr, header),
    getBody: () => response.getBody(),
    getUnderlyingObject: () => xhr,
  };
}
