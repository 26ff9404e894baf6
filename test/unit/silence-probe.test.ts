/**
 * Across origins oCIS refuses a token with a 401 that carries no CORS headers: the page sees no answer at all. The
 * probe tells that apart from a server out of reach (the user's drives with the token, the capabilities without),
 * once for every request silent at the same time; the request client turns a refusal into kind `unauthorized`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UploadError } from '../../src/core/errors.ts';
import { listFolder } from '../../src/core/listing.ts';
import { createRequestClient } from '../../src/core/request-client.ts';
import { createSilenceProbe } from '../../src/core/silence-probe.ts';

const SERVER = 'https://ocis.test';
const onPage = (origin: string) => vi.stubGlobal('location', { origin, href: `${origin}/app/` });
afterEach(() => vi.unstubAllGlobals());

type Behaviour = 'refuses' | 'accepts' | 'unreachable';

/**
 * A server as the page sees it: `refuses` answers nothing to a request with a token (its 401 has no CORS headers)
 * but the anonymous capabilities; `accepts` answers everything; `unreachable` nothing.
 */
function server(behaviour: Behaviour) {
  const seen: Array<{ url: string; authorization: string | undefined }> = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const authorization = (init?.headers as Record<string, string> | undefined)?.Authorization;
    seen.push({ url, authorization });
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (behaviour === 'unreachable') throw new TypeError('Failed to fetch');
    const anonymousCapabilities = url.includes('/cloud/capabilities') && !authorization;
    if (behaviour === 'refuses' && !anonymousCapabilities) throw new TypeError('Failed to fetch');
    return new Response('{}');
  });
  return { fetch, seen, drives: () => seen.filter((s) => s.url.includes('/graph/v1.0/me/drives')).length };
}

describe('the silence probe', () => {
  it('the server answers without the token but not with it: the token was refused (unauthorized)', async () => {
    const s = server('refuses');
    const probe = createSilenceProbe({ serverUrl: SERVER, fetch: s.fetch });
    const refused = await probe.explain('garbage');
    expect(refused).toBeInstanceOf(UploadError);
    expect(refused?.kind).toBe('unauthorized');
    expect(refused?.message).toMatch(/answers this page, but not with this access token/);
    // For the integrator: a CORS setting refusing the Authorization header looks the same.
    expect(refused?.message).toMatch(/CORS.*Authorization.*space-uploader doctor/);
    expect(s.seen).toEqual(
      expect.arrayContaining([
        { url: `${SERVER}/graph/v1.0/me/drives`, authorization: 'Bearer garbage' },
        { url: `${SERVER}/ocs/v1.php/cloud/capabilities?format=json`, authorization: undefined },
      ]),
    );
    expect(probe.refusal('garbage')).toBe(refused);
  });

  it('no token given: refused too, saying none was given', async () => {
    const probe = createSilenceProbe({ serverUrl: SERVER, fetch: server('refuses').fetch });
    expect(await probe.explain(undefined)).toMatchObject({
      kind: 'unauthorized',
      message: expect.stringMatching(/without an access token/),
    });
  });

  it('no answer to either: not a token matter (the caller keeps its network failure)', async () => {
    const probe = createSilenceProbe({ serverUrl: SERVER, fetch: server('unreachable').fetch });
    expect(await probe.explain('t')).toBeUndefined();
    expect(probe.refusal('t')).toBeUndefined();
  });

  it('the token is accepted: the silence was something else (a dropped connection, a header CORS refuses)', async () => {
    const probe = createSilenceProbe({ serverUrl: SERVER, fetch: server('accepts').fetch });
    expect(await probe.explain('good')).toBeUndefined();
  });

  it('a 401 the page can read (a server that sends CORS on it) is a refusal as well', async () => {
    const fetch = vi.fn(async (input: RequestInfo | URL) =>
      String(input).includes('/graph/') ? new Response(null, { status: 401 }) : new Response('{}'),
    );
    const probe = createSilenceProbe({ serverUrl: SERVER, fetch });
    expect((await probe.explain('old'))?.kind).toBe('unauthorized');
  });

  it('one probe for every request silent at the same time, reused for a few seconds, then asked again', async () => {
    const s = server('refuses');
    let clock = 1000;
    const probe = createSilenceProbe({ serverUrl: SERVER, fetch: s.fetch, reuseMs: 5000, now: () => clock });
    const verdicts = await Promise.all(Array.from({ length: 8 }, () => probe.explain('garbage')));
    expect(new Set(verdicts).size).toBe(1);
    expect(s.fetch).toHaveBeenCalledTimes(2);
    clock += 4000;
    await probe.explain('garbage');
    expect(s.fetch).toHaveBeenCalledTimes(2);
    expect(probe.refusal('garbage')?.kind).toBe('unauthorized');
    clock += 2000;
    expect(probe.refusal('garbage')).toBeUndefined();
    await probe.explain('garbage');
    expect(s.fetch).toHaveBeenCalledTimes(4);
  });

  it('pending: a request about to carry the probed token can wait for the verdict', async () => {
    const probe = createSilenceProbe({ serverUrl: SERVER, fetch: server('refuses').fetch });
    expect(probe.pending('t')).toBeUndefined();
    const asked = probe.explain('t');
    expect(probe.pending('t')).toBeDefined();
    expect(probe.pending('other')).toBeUndefined();
    await asked;
    expect(probe.pending('t')).toBeUndefined();
    probe.forget();
    expect(probe.refusal('t')).toBeUndefined();
  });

  it('a probe that hangs counts as no answer after its timeout', async () => {
    const fetch = vi.fn(
      (_input: RequestInfo | URL, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new DOMException('timed out', 'AbortError'))),
        ),
    );
    const probe = createSilenceProbe({ serverUrl: SERVER, fetch, timeoutMs: 20 });
    expect(await probe.explain('t')).toBeUndefined();
  });
});

describe('the request client across origins: a refused token is unauthorized, not network', () => {
  const client = (fetch: typeof globalThis.fetch, accessToken: string | (() => string) = 'garbage') =>
    createRequestClient({ serverUrl: SERVER, accessToken, language: () => 'en', initiatorId: 'i', fetch });
  const folder = `${SERVER}/remote.php/dav/spaces/s$1/`;

  it('a PROPFIND silent with a fixed token: refused once the refresh rule is spent (one probe for all)', async () => {
    onPage('http://127.0.0.1:5199');
    const s = server('refuses');
    const http = client(s.fetch);
    const listings = Array.from({ length: 3 }, () =>
      listFolder(folder, { ...http.requestOptions }).catch((error: unknown) => error),
    );
    const errors = await Promise.all(listings);
    for (const error of errors) expect(error).toMatchObject({ name: 'UploadError', kind: 'unauthorized' });
    expect(s.drives()).toBe(1);
    // Each PROPFIND went twice (the refresh rule), then no more.
    expect(s.seen.filter((r) => r.url === folder)).toHaveLength(6);
    expect(http.refusal('garbage')?.kind).toBe('unauthorized');
  });

  it('a token function whose fresh token meets silence too: unauthorized', async () => {
    onPage('http://127.0.0.1:5199');
    const s = server('refuses');
    let n = 0;
    const http = client(s.fetch, () => `t${n++}`);
    await expect(listFolder(folder, http.requestOptions)).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  it('the server out of reach: still a network failure', async () => {
    onPage('http://127.0.0.1:5199');
    const http = client(server('unreachable').fetch);
    await expect(listFolder(folder, http.requestOptions)).rejects.toMatchObject({ kind: 'network' });
  });

  it('the token accepted (the silence was something else): a network failure', async () => {
    onPage('http://127.0.0.1:5199');
    const s = server('accepts');
    const silentFolder = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input) === folder) throw new TypeError('Failed to fetch');
      return s.fetch(input, init);
    });
    const http = client(silentFolder, 'good');
    await expect(listFolder(folder, http.requestOptions)).rejects.toMatchObject({ kind: 'network' });
    expect(s.drives()).toBe(1);
  });

  it('same origin: no probe (a refused token is a 401 the page sees); no answer is the network', async () => {
    onPage(SERVER);
    const s = server('refuses');
    const http = client(s.fetch);
    await expect(listFolder(folder, http.requestOptions)).rejects.toMatchObject({ kind: 'network' });
    expect(s.drives()).toBe(0);
    expect(await http.explainSilence('garbage')).toBeUndefined();
  });

  it('a request made while the probe asks about its token waits for the verdict', async () => {
    onPage('http://127.0.0.1:5199');
    const s = server('refuses');
    const http = client(s.fetch);
    const verdict = http.explainSilence('garbage');
    let headersAt = 0;
    let verdictAt = 0;
    void verdict.then(() => {
      verdictAt = performance.now();
    });
    await http.headersFor({}).then(() => {
      headersAt = performance.now();
    });
    expect(verdictAt).toBeGreaterThan(0);
    expect(headersAt).toBeGreaterThanOrEqual(verdictAt);
    // A new token source starts afresh.
    http.replaceToken('next');
    expect(http.refusal('garbage')).toBeUndefined();
  });
});
