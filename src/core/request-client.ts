/**
 * The uploader's one request client: the headers every request carries (a fresh token, a request id, the
 * language, `X-Requested-With`, `Initiator-ID` where it may go), one shared token refresh on a 401, and the
 * cross-origin rule for a refused token that arrives as no answer at all (refreshed once; then the server is probed:
 * `silence-probe.ts`). PROPFIND, MKCOL, Graph and both transfer plugins take their headers and refreshes from here.
 */
import { type AccessTokenSource, createTokenProvider, type TokenProvider } from './auth.js';
import { UploadError } from './errors.js';
import { type AuthorizedRequest, type AuthorizedRequestOptions, sendAuthorized } from './http.js';
import { randomUuid } from './ids.js';
import { createSilenceProbe } from './silence-probe.js';
import { isCrossOrigin, optInHeaderAllowed } from './wire.js';

export interface RequestClientOptions {
  serverUrl: string;
  accessToken?: AccessTokenSource;
  /** `Accept-Language`, asked per request. */
  language: () => string;
  /** Sent as `Initiator-ID` where that header may go. */
  initiatorId: string;
  corsAllowedHeaders?: readonly string[];
  fetch?: typeof fetch;
}

export interface RequestClient {
  readonly crossOrigin: boolean;
  /** `Accept-Language` for a request made now. */
  language(): string;
  /** The current token source (replaced by `replaceToken` after the user signed in again). */
  readonly tokens: TokenProvider;
  replaceToken(source: AccessTokenSource): void;
  /** Headers for one request: a fresh token and request id each time. */
  headers(): Promise<Record<string, string>>;
  /**
   * Headers for one request of a transfer library (an XHR, a tus request), remembering the token it carries: a
   * 401 or a silence later refreshes that token, not whatever is current by then (see `tokenSentWith`).
   */
  headersFor(request: object): Promise<Record<string, string>>;
  /** The token `headersFor(request)` gave that request (`undefined`: none, or not sent through `headersFor`). */
  tokenSentWith(request: object | null | undefined): string | undefined;
  /**
   * `headersFor`, for a library that cannot take a throw while it prepares a request (xhr-upload would never
   * settle the file): when no token can be had, the request goes without one and `tokenFailure(request)` says why.
   */
  headersOrNoneFor(request: object): Promise<Record<string, string>>;
  /** Why `headersOrNoneFor(request)` sent that request without a token (`undefined`: it had one). */
  tokenFailure(request: object | null | undefined): UploadError | undefined;
  /** An opt-in header (`Initiator-ID`, `X-OC-Mtime`, `OC-Checksum`) may be sent to the server from this page. */
  optIn(header: string): boolean;
  /** After a 401: one shared refresh of the token that failed (a failed refresh is left to the next request). */
  refreshAfter401(failedToken: string | undefined): Promise<void>;
  /**
   * Across origins oCIS's proxy refuses a token with a 401 that has no CORS headers: the page sees no answer at
   * all. A request that carried `token` and got none may be that: the token is refreshed, once per token (a fresh
   * one that meets silence too is a network failure). `undefined` when it is not (same origin, fixed token, done).
   */
  refreshAfterSilence(token: string | undefined): Promise<string | undefined> | undefined;
  /**
   * Once that rule is spent (or cannot apply), why a request that carried `token` (`undefined`: none) got no
   * answer across origins: an `UploadError` of kind `unauthorized` when the server answers this page but refuses
   * the token; `undefined` when it is a network matter, and always on the same origin (a 401 is seen there). One
   * probe for all requests silent at the same time, its verdict reused for a few seconds.
   */
  explainSilence(token: string | undefined): Promise<UploadError | undefined>;
  /** The refusal `explainSilence` found for `token` lately, if any (the transfer plugins' retry rules ask). */
  refusal(token: string | undefined): UploadError | undefined;
  /** What `listFolder`, `planBatch`, `createFolders` and `readSpaceQuota` take to send through this client. */
  readonly requestOptions: Pick<AuthorizedRequestOptions, 'headers' | 'onUnauthorized' | 'explainSilence' | 'fetch'>;
  send(url: string, request: AuthorizedRequest): ReturnType<typeof sendAuthorized>;
  readonly fetch: typeof fetch;
}

export function createRequestClient(options: RequestClientOptions): RequestClient {
  let tokens = createTokenProvider(options.accessToken);
  // Decided once: the server URL and the page's origin do not change.
  const crossOrigin = isCrossOrigin(options.serverUrl);
  const optIn = (header: string) => optInHeaderAllowed(header, options.serverUrl, options.corsAllowedHeaders);
  const sendInitiatorId = optIn('Initiator-ID');
  const refreshedAfterSilence = new Set<string>();
  const doFetch: typeof fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);
  const probe = createSilenceProbe({ serverUrl: options.serverUrl, fetch: doFetch });
  // Weak: a request's token lives as long as the request object its library keeps.
  const sentWith = new WeakMap<object, string | undefined>();
  const failedWith = new WeakMap<object, UploadError>();
  const authorize = async (): Promise<{ headers: Record<string, string>; token: string | undefined }> => {
    // The app's own token function failed (its session is gone): that is a sign-in matter, not the network's.
    const token = await tokens.get().catch((cause: unknown) => {
      throw new UploadError(`the access token could not be obtained: ${String(cause)}`, {
        kind: 'unauthorized',
        cause,
      });
    });
    // A probe is asking whether this very token is refused: the request waits for its verdict rather than go
    // into the same silence (the callers' retry rules then read `refusal`).
    const probing = crossOrigin ? probe.pending(token) : undefined;
    if (probing) await probing;
    return { headers: headersWith(token), token };
  };
  const headersWith = (token: string | undefined): Record<string, string> => {
    return {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      'X-Request-ID': randomUuid(),
      // Without it oCIS answers a refused token with a Basic challenge, and the browser holds the request open
      // behind its own login prompt instead of letting the page see the 401.
      'X-Requested-With': 'XMLHttpRequest',
      'Accept-Language': options.language(),
      ...(sendInitiatorId ? { 'Initiator-ID': options.initiatorId } : {}),
    };
  };
  const headers = async () => (await authorize()).headers;
  const refreshAfter401 = async (failed: string | undefined) => {
    if (tokens.refreshable) await tokens.refresh(failed).catch(() => undefined);
  };
  const explainSilence = (token: string | undefined) =>
    crossOrigin ? probe.explain(token) : Promise.resolve(undefined);
  const requestOptions = {
    headers,
    onUnauthorized: refreshAfter401,
    explainSilence,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  return {
    crossOrigin,
    language: options.language,
    get tokens() {
      return tokens;
    },
    replaceToken(source) {
      tokens = createTokenProvider(source);
      probe.forget();
    },
    headers,
    async headersFor(request) {
      const sent = await authorize();
      sentWith.set(request, sent.token);
      return sent.headers;
    },
    tokenSentWith: (request) => (request ? sentWith.get(request) : undefined),
    async headersOrNoneFor(request) {
      try {
        const sent = await authorize();
        sentWith.set(request, sent.token);
        return sent.headers;
      } catch (error) {
        if (!(error instanceof UploadError)) throw error;
        failedWith.set(request, error);
        return headersWith(undefined);
      }
    },
    tokenFailure: (request) => (request ? failedWith.get(request) : undefined),
    optIn,
    refreshAfter401,
    refreshAfterSilence(token) {
      if (!crossOrigin || !tokens.refreshable || !token || refreshedAfterSilence.has(token)) return undefined;
      refreshedAfterSilence.add(token);
      return tokens.refresh(token);
    },
    explainSilence,
    refusal: (token) => (crossOrigin ? probe.refusal(token) : undefined),
    requestOptions,
    send: (url, request) => sendAuthorized(url, request, requestOptions),
    // Looked up per call: tests and apps may replace the global after the uploader was made.
    fetch: doFetch,
  };
}
