import { describe, expect, it } from 'vitest';
import { createTokenProvider } from '../../src/core/auth.ts';
import { errorKindOf, UploadError } from '../../src/core/errors.ts';
import { createRequestClient } from '../../src/core/request-client.ts';

describe('createTokenProvider', () => {
  it('a fixed string: same token, nothing to refresh', async () => {
    const p = createTokenProvider('abc');
    expect(await p.get()).toBe('abc');
    expect(await p.refresh('abc')).toBe('abc');
    expect(p.refreshable).toBe(false);
  });

  it('a function is asked before every request', async () => {
    let n = 0;
    const p = createTokenProvider(() => `t${++n}`);
    expect([await p.get(), await p.get()]).toEqual(['t1', 't2']);
  });

  it('several 401s at once share one refresh, and requests wait for it', async () => {
    const calls: boolean[] = [];
    let release: (token: string) => void = () => {};
    const p = createTokenProvider(({ refresh }) => {
      calls.push(refresh);
      return refresh ? new Promise<string>((r) => (release = r)) : 'old';
    });
    expect(await p.get()).toBe('old');
    const refreshes = [p.refresh('old'), p.refresh('old'), p.refresh('old')];
    const waiting = p.get();
    release('new');
    expect(await Promise.all([...refreshes, waiting])).toEqual(['new', 'new', 'new', 'new']);
    expect(calls.filter(Boolean)).toHaveLength(1);
    // A late 401 for the token that was already replaced does not refresh again.
    expect(await p.refresh('old')).toBe('new');
    expect(calls.filter(Boolean)).toHaveLength(1);
  });

  it('a failed refresh rejects its waiters and the next 401 may try again', async () => {
    let fail = true;
    const p = createTokenProvider(({ refresh }) => {
      if (refresh && fail) throw new Error('sign in again');
      return refresh ? 'fresh' : 'old';
    });
    await p.get();
    await expect(p.refresh('old')).rejects.toThrow('sign in again');
    fail = false;
    expect(await p.refresh('old')).toBe('fresh');
  });

  it('refuses a token function that returns no string', async () => {
    const p = createTokenProvider((() => 42) as unknown as () => string);
    await expect(p.get()).rejects.toThrow(/must return a string/);
  });
});

describe('createRequestClient', () => {
  it("a token function that fails is a sign-in matter (kind 'unauthorized'), with the app's error as cause", async () => {
    const gone = new Error('login needed');
    const client = createRequestClient({
      serverUrl: 'https://ocis.test',
      accessToken: () => Promise.reject(gone),
      language: () => 'en',
      initiatorId: 'i',
    });
    const error = await client.headers().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect(error).toMatchObject({ kind: 'unauthorized', cause: gone });
    expect((error as UploadError).message).toContain('login needed');
  });
});

describe('errorKindOf', () => {
  it.each([
    [undefined, 'network'],
    [0, 'network'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [409, 'conflict'],
    [412, 'precondition'],
    [423, 'locked'],
    [429, 'rate-limited'],
    [507, 'quota'],
    [502, 'server'],
    [400, 'invalid'],
  ])('%s → %s', (status, kind) => {
    expect(errorKindOf(status)).toBe(kind);
  });

  it('403 on an upload URL means it expired', () => {
    expect(errorKindOf(403, true)).toBe('expired');
    expect(new UploadError('x', { status: 403, method: 'PATCH', url: 'https://o/data/eyJ.a.b' }).kind).toBe('expired');
    expect(new UploadError('x', { status: 403, method: 'POST', url: 'https://o/remote.php/dav/spaces/s$u' }).kind).toBe(
      'forbidden',
    );
  });
});
