/**
 * Why a request from another origin got no answer at all. oCIS's proxy refuses a token with a 401 that carries no
 * CORS headers, so the page sees the same nothing as when the server is out of reach. Two small GETs tell them
 * apart (measured against OpenCloud): the user's drives with the same token (refused: no answer again; accepted:
 * an answer with CORS) and the capabilities without any token (anonymous, with CORS: an answer whenever the server
 * can be reached). One probe per token serves every request that went silent meanwhile, and its verdict is reused
 * for a few seconds.
 */
import { capabilitiesUrl, myDrivesUrl } from './endpoints.js';
import { UploadError } from './errors.js';
import { discardBody } from './http.js';
import { randomUuid } from './ids.js';

export interface SilenceProbeOptions {
  serverUrl: string;
  fetch: typeof fetch;
  /** How long a verdict is reused (ms); default 5 s. */
  reuseMs?: number;
  /** A probe request that takes longer counts as no answer (ms); default 10 s. */
  timeoutMs?: number;
  now?: () => number;
}

export interface SilenceProbe {
  /**
   * An `UploadError` of kind `unauthorized` when the server answers this page but refuses `token` (`undefined`:
   * none was sent); `undefined` when it cannot be reached either, or accepts the token (the silence was something
   * else: a dropped connection, a request header refused by CORS).
   */
  explain(token: string | undefined): Promise<UploadError | undefined>;
  /** The refusal of `token` a recent probe found (`undefined`: none, or not settled yet). */
  refusal(token: string | undefined): UploadError | undefined;
  /** The probe under way for `token`: a request about to carry it waits rather than meet the same silence. */
  pending(token: string | undefined): Promise<unknown> | undefined;
  /** Forgets every verdict (a new token source: everything is asked again). */
  forget(): void;
}

interface Verdict<T> {
  at: number;
  promise: Promise<T>;
  settled: boolean;
  value?: T;
}

export function createSilenceProbe(options: SilenceProbeOptions): SilenceProbe {
  const reuseMs = options.reuseMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  let byToken = new Map<string, Verdict<UploadError | undefined>>();
  let anonymous: Verdict<boolean> | undefined;

  /** The status of an answer; `undefined` for none (no answer the page may read, or none in time). */
  const ask = async (url: string, headers: Record<string, string>): Promise<number | undefined> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await options.fetch(url, { headers, signal: controller.signal });
      await discardBody(response);
      return response.status;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };
  const remember = <T>(work: () => Promise<T>): Verdict<T> => {
    const verdict: Verdict<T> = { at: now(), settled: false, promise: Promise.resolve(undefined as T) };
    verdict.promise = work().then((value) => {
      verdict.settled = true;
      verdict.value = value;
      return value;
    });
    return verdict;
  };
  const fresh = <T>(verdict: Verdict<T> | undefined): verdict is Verdict<T> =>
    verdict !== undefined && (!verdict.settled || now() - verdict.at < reuseMs);
  // No custom header: a simple request, no preflight that a CORS setting could refuse.
  const reachable = () => {
    if (!fresh(anonymous))
      anonymous = remember(async () => (await ask(capabilitiesUrl(options.serverUrl), {})) !== undefined);
    return anonymous.promise;
  };
  const refused = (token: string | undefined) =>
    new UploadError(
      token
        ? 'the server answers this page, but not with this access token: the token was refused (across origins its ' +
            '401 carries no CORS headers, so the request seemed to get no answer). A server whose CORS settings refuse ' +
            'the Authorization header looks the same: `space-uploader doctor` tells them apart'
        : 'the server answers this page, but not without an access token, and none was given',
      { kind: 'unauthorized' },
    );
  const probe = async (token: string | undefined): Promise<UploadError | undefined> => {
    const [withToken, answers] = await Promise.all([
      ask(myDrivesUrl(options.serverUrl), {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        // No Basic challenge, so no browser login prompt, for a refused token.
        'X-Requested-With': 'XMLHttpRequest',
        'X-Request-ID': randomUuid(),
      }),
      reachable(),
    ]);
    return withToken === 401 || (withToken === undefined && answers) ? refused(token) : undefined;
  };

  return {
    explain(token) {
      const key = token ?? '';
      const known = byToken.get(key);
      if (fresh(known)) return known.promise;
      // Verdicts of tokens gone by are dropped (a token function gives a new one every few minutes).
      for (const [k, v] of byToken) if (!fresh(v)) byToken.delete(k);
      const verdict = remember(() => probe(token));
      byToken.set(key, verdict);
      return verdict.promise;
    },
    refusal(token) {
      const known = byToken.get(token ?? '');
      return fresh(known) && known.settled ? known.value : undefined;
    },
    pending(token) {
      const known = byToken.get(token ?? '');
      return known && !known.settled ? known.promise : undefined;
    },
    forget() {
      byToken = new Map();
      anonymous = undefined;
    },
  };
}
