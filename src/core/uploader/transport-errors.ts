/** What a failed transfer request means: tus-js-client's and xhr-upload's errors as `UploadError`; `Retry-After`. */
import { UploadError } from '../errors.js';
import { readHeader } from '../readable-headers.js';

interface TusLikeError extends Error {
  cause?: unknown;
  request?: XMLHttpRequest;
  originalRequest?: { getMethod(): string; getURL(): string; getHeader(name: string): string | undefined } | null;
  originalResponse?: { getStatus(): number; getHeader(name: string): string | undefined } | null;
}

/**
 * An UploadError of ours thrown while a request was being made (the app's token function failed), as tus-js-client
 * (`causingError`) or Uppy (`cause`) wrapped it: it already says why, better than "could not be reached".
 */
export function carriedUploadError(error: unknown, depth = 0): UploadError | undefined {
  if (error instanceof UploadError) return error;
  if (!error || typeof error !== 'object' || depth > 4) return undefined;
  const wrapped = error as { causingError?: unknown; cause?: unknown };
  return carriedUploadError(wrapped.causingError, depth + 1) ?? carriedUploadError(wrapped.cause, depth + 1);
}

/** The tus error (DetailedError) and the XHR inside tus-js-client's or xhr-upload's error, as Uppy wraps them. */
function partsOf(error: unknown): { detailed: TusLikeError; xhr: XMLHttpRequest | undefined } {
  const outer = (error ?? {}) as TusLikeError;
  const inner = (outer.cause && typeof outer.cause === 'object' ? outer.cause : outer) as TusLikeError;
  return {
    detailed: inner.originalRequest || inner.originalResponse ? inner : outer,
    xhr: outer.request ?? inner.request,
  };
}

/** The XHR a PUT failure (xhr-upload) carries: the key `headersOrNoneFor` remembered a token failure under. */
export const failedXhr = (error: unknown): XMLHttpRequest | undefined => partsOf(error).xhr;

/**
 * The request a transfer failure got no answer to, when the token it carried is what the server checks there: a
 * tus creation or a PUT (the key `headersFor` remembered its token under). Not the upload URL's own requests
 * (PATCH, HEAD): the URL authorises those, and OpenCloud answers them whatever the bearer token says.
 */
export function silentAuthorizedRequest(error: unknown): object | undefined {
  if (carriedUploadError(error)) return undefined;
  const { detailed, xhr } = partsOf(error);
  const request = detailed.originalRequest;
  if (request) {
    const creation =
      !detailed.originalResponse &&
      request.getMethod().toUpperCase() === 'POST' &&
      !request.getHeader('X-HTTP-Method-Override');
    return creation ? request : undefined;
  }
  return xhr && xhr.status === 0 ? xhr : undefined;
}

/** tus-js-client's DetailedError (maybe wrapped in Uppy's NetworkError) or xhr-upload's error → UploadError. */
export function toUploadError(error: unknown): UploadError {
  const carried = carriedUploadError(error);
  if (carried) return carried;
  const { detailed, xhr } = partsOf(error);
  const status = detailed.originalResponse?.getStatus() ?? (xhr && xhr.status > 0 ? xhr.status : undefined);
  const requestId =
    detailed.originalResponse?.getHeader('X-Request-Id') ??
    detailed.originalRequest?.getHeader('X-Request-ID') ??
    readHeader(xhr, 'X-Request-Id');
  const method = detailed.originalRequest?.getMethod();
  const url = detailed.originalRequest?.getURL() ?? (xhr?.responseURL || undefined);
  const message = status ? `the server answered ${status}` : 'the server could not be reached';
  return new UploadError(message, {
    ...(status !== undefined ? { status } : {}),
    ...(requestId ? { requestId } : {}),
    ...(method ? { method } : {}),
    ...(url ? { url } : {}),
    cause: error,
  });
}

/** A Retry-After longer than this is cut short (the retries stay bounded in time too). */
export const MAX_RETRY_AFTER_MS = 60_000;

/** `Retry-After` in milliseconds: delay-seconds or an HTTP date; `undefined` when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
