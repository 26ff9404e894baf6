/**
 * One way to send an authorised request: fresh headers per attempt, and one token refresh when the server refuses
 * the token. Across origins oCIS's proxy answers a refused token with a 401 that carries no CORS headers, so the
 * page sees no answer at all: there, a request that got none is treated like a 401 once (refresh, send again);
 * a second silence is explained by `explainSilence` (a refused token, or a network failure).
 */
import { UploadError } from './errors.js';
import { isCrossOrigin } from './wire.js';

export interface AuthorizedRequestOptions {
  /** Headers for one attempt (a fresh token and request id each time). */
  headers: () => Promise<Record<string, string>>;
  /** Refreshes the token the failed attempt carried (`undefined` when it carried none). */
  onUnauthorized?: (failedToken: string | undefined) => Promise<void>;
  /**
   * Across origins, after the last silence: why the request that carried `failedToken` got no answer (an error
   * to throw instead of the network's), or `undefined` (see the request client's `explainSilence`).
   */
  explainSilence?: (failedToken: string | undefined) => Promise<UploadError | undefined>;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export interface AuthorizedRequest {
  method: string;
  headers?: Record<string, string>;
  body?: string;
}

/** The token of an `Authorization: Bearer …` header. */
export const bearerOf = (authorization: string | null | undefined): string | undefined =>
  authorization?.replace(/^Bearer\s+/i, '') || undefined;

/**
 * Sends `request` to `url`; returns the last response and the headers it went with (for its request id). Throws
 * what `fetch` throws when no answer came (after the one retry across origins), or the refusal `explainSilence`
 * found.
 */
export async function sendAuthorized(
  url: string,
  request: AuthorizedRequest,
  options: AuthorizedRequestOptions,
): Promise<{ response: Response; headers: Record<string, string> }> {
  const doFetch = options.fetch ?? globalThis.fetch;
  for (let attempt = 0; ; attempt++) {
    const headers = await options.headers();
    const token = bearerOf(headers.Authorization);
    const retryable = attempt === 0 && options.onUnauthorized !== undefined;
    let response: Response;
    try {
      response = await doFetch(url, {
        method: request.method,
        headers: { ...headers, ...request.headers },
        ...(request.body !== undefined ? { body: request.body } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (cause) {
      const silent = !options.signal?.aborted && isCrossOrigin(url);
      if (retryable && token && silent) {
        await options.onUnauthorized?.(token);
        continue;
      }
      const refused = silent ? await options.explainSilence?.(token) : undefined;
      throw refused ?? cause;
    }
    if (response.status === 401 && retryable) {
      await discardBody(response);
      await options.onUnauthorized?.(token);
      continue;
    }
    return { response, headers };
  }
}

/**
 * Lets go of an answer whose body is not needed. oCIS's bodies are small; reading them out (rather than canceling
 * the stream) keeps Chromium from logging the request as aborted (`net::ERR_ABORTED`).
 */
export async function discardBody(response: Response): Promise<void> {
  await response.arrayBuffer().catch(() => undefined);
}

/** What `sendAuthorized` gives back. */
export type AuthorizedAnswer = Awaited<ReturnType<typeof sendAuthorized>>;

/** The request id of an answer: the server's, else the one the request carried. */
export const requestIdOf = ({ response, headers }: AuthorizedAnswer): string | undefined =>
  response.headers.get('x-request-id') ?? headers['X-Request-ID'];

/**
 * A request that got no answer (after the one retry across origins). An `UploadError` thrown before it went (no
 * token could be had) already says why, and passes as it is.
 */
export const unreachable = (method: string, url: string, cause: unknown): UploadError =>
  cause instanceof UploadError ? cause : new UploadError('the server could not be reached', { method, url, cause });

/** An answer that is not what `doing` expected: "listing the folder answered 500", with the request id. */
export function unexpectedAnswer(doing: string, method: string, url: string, answer: AuthorizedAnswer): UploadError {
  const requestId = requestIdOf(answer);
  return new UploadError(`${doing} answered ${answer.response.status}`, {
    status: answer.response.status,
    method,
    url,
    ...(requestId ? { requestId } : {}),
  });
}
