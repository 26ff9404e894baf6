/** Bearer tokens: asked for per request, refreshed once for everyone when the server says 401. */

/**
 * A fixed token, or a function the uploader calls before every request. On a 401 it is called with
 * `{ refresh: true }`: once, however many requests failed at the same time.
 */
export type AccessTokenSource = string | ((context: { refresh: boolean }) => string | Promise<string>);

export interface TokenProvider {
  /** The token for the next request (waits for a refresh under way). */
  get(): Promise<string | undefined>;
  /**
   * The server refused `failedToken`: refresh it. Concurrent calls share one refresh; a call for a token that
   * was already replaced returns the new one at once.
   */
  refresh(failedToken: string | undefined): Promise<string | undefined>;
  /** True when a refresh can yield a different token (a function, not a fixed string). */
  readonly refreshable: boolean;
}

export function createTokenProvider(source: AccessTokenSource | undefined): TokenProvider {
  let current: string | undefined = typeof source === 'string' ? source : undefined;
  let refreshing: Promise<string | undefined> | undefined;
  let generation = 0;
  const call = async (refresh: boolean): Promise<string | undefined> => {
    if (typeof source !== 'function') return source;
    const token = await source({ refresh });
    if (typeof token !== 'string') throw new TypeError('accessToken() must return a string');
    return token;
  };
  return {
    refreshable: typeof source === 'function',
    async get() {
      if (refreshing) return refreshing;
      const token = await call(false);
      current = token;
      return token;
    },
    refresh(failedToken) {
      if (refreshing) return refreshing;
      if (failedToken !== undefined && current !== undefined && failedToken !== current)
        return Promise.resolve(current);
      const mine = ++generation;
      refreshing = call(true).then(
        (token) => {
          if (mine === generation) refreshing = undefined;
          current = token;
          return token;
        },
        (error: unknown) => {
          if (mine === generation) refreshing = undefined;
          throw error;
        },
      );
      return refreshing;
    },
  };
}
