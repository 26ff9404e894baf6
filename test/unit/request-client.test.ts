/** The request client remembers which token each transfer request carried, so a late 401 refreshes that one. */
import { describe, expect, it } from 'vitest';
import { createRequestClient } from '../../src/core/request-client.js';

const client = (source: (c: { refresh: boolean }) => string) =>
  createRequestClient({
    serverUrl: 'https://cloud.example',
    accessToken: source,
    language: () => 'en',
    initiatorId: 'i',
  });

describe('request client: the token a request carried', () => {
  it('headersFor records the token it put in Authorization; other objects have none', async () => {
    let token = 'one';
    const http = client(({ refresh }) => {
      if (refresh) token = 'two';
      return token;
    });
    const first = {};
    const headers = await http.headersFor(first);
    expect(headers.Authorization).toBe('Bearer one');
    expect(http.tokenSentWith(first)).toBe('one');
    expect(http.tokenSentWith({})).toBeUndefined();
    expect(http.tokenSentWith(undefined)).toBeUndefined();
    await http.refreshAfter401('one');
    const second = {};
    expect((await http.headersFor(second)).Authorization).toBe('Bearer two');
    // The first request still names the token it went with.
    expect([http.tokenSentWith(first), http.tokenSentWith(second)]).toEqual(['one', 'two']);
  });

  it('a 401 for a token already replaced refreshes nothing more', async () => {
    let refreshes = 0;
    const http = client(({ refresh }) => (refresh ? `t${++refreshes}` : `t${refreshes}`));
    const requests = [{}, {}, {}];
    for (const r of requests) await http.headersFor(r);
    for (const r of requests) await http.refreshAfter401(http.tokenSentWith(r));
    expect(refreshes).toBe(1);
    expect((await http.headers()).Authorization).toBe('Bearer t1');
  });

  it('headersOrNoneFor: a token function that throws sends the request without a token and says why', async () => {
    let failing = false;
    const http = client(() => {
      if (failing) throw new Error('session over');
      return 'fine';
    });
    const ok = {};
    expect((await http.headersOrNoneFor(ok)).Authorization).toBe('Bearer fine');
    expect(http.tokenFailure(ok)).toBeUndefined();
    failing = true;
    const request = {};
    const headers = await http.headersOrNoneFor(request);
    expect(headers.Authorization).toBeUndefined();
    expect(headers['X-Request-ID']).toBeTruthy();
    expect(http.tokenFailure(request)?.kind).toBe('unauthorized');
    await expect(http.headersFor({})).rejects.toMatchObject({ kind: 'unauthorized' });
  });
});
