/**
 * `verifyStoredSha1` against the mock oCIS (its fetch-style handler, no sockets): the server's own SHA-1 of a stored
 * file compared with ours, its processing state waited out, and every way of not knowing reported as `unknown`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_SHA1, verifyStoredSha1 } from '../../src/core/verify.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { createMockOcis } from '../../src/mock/index.ts';
import type { MockOcis } from '../../src/mock/types.ts';

const BASE = 'http://mock.test';
const folder = `${BASE}/remote.php/dav/spaces/${mockFixtures.personal.id}/Documents`;
const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');
const headers = async () => ({ Authorization: `Bearer ${mockFixtures.token}`, 'X-Request-ID': 'req-1' });

let mock: MockOcis;
/** Every request the verifier sent, by method. */
let sent: string[];
const viaMock: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  sent.push(request.method);
  return mock.handle(request);
};

beforeEach(() => {
  mock = createMockOcis();
  sent = [];
});

async function put(name: string, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const url = `${folder}/${encodeURIComponent(name)}`;
  const response = await mock.handle(
    new Request(url, { method: 'PUT', headers: { Authorization: `Bearer ${mockFixtures.token}` }, body: bytes }),
  );
  expect(response.status).toBe(201);
  return url;
}

describe('verifyStoredSha1 against the mock', () => {
  it('verified: the server SHA-1 equals ours; the same answer gives the file id and etag; one PROPFIND', async () => {
    const bytes = randomBytes(100_000);
    const url = await put('a b.bin', bytes);
    const result = await verifyStoredSha1(url, sha1(bytes).toUpperCase(), { headers, fetch: viaMock });
    expect(result).toMatchObject({ verdict: 'verified', serverSha1: sha1(bytes), requestId: 'req-1' });
    expect(result.fileId).toMatch(/^.+\$.+!.+$/);
    expect(result.etag).toMatch(/^".+"$/);
    expect(result.reason).toBeUndefined();
    expect(sent).toEqual(['PROPFIND']);
  });

  it('mismatch: read twice (a racing replacement is not a corruption), reason names both', async () => {
    const bytes = randomBytes(1000);
    const url = await put('m.bin', bytes);
    const wrong = sha1(randomBytes(10));
    const result = await verifyStoredSha1(url, wrong, { headers, fetch: viaMock, recheckMs: 1 });
    expect(result).toMatchObject({ verdict: 'mismatch', serverSha1: sha1(bytes) });
    expect(result.reason).toContain(sha1(bytes));
    expect(result.reason).toContain(wrong);
    expect(sent).toEqual(['PROPFIND', 'PROPFIND']);
  });

  it("the old version's SHA-1 on the first reading and the new one's on the second: verified", async () => {
    const bytes = randomBytes(1000);
    const url = await put('r.bin', bytes);
    let first = true;
    const oldFirst: typeof fetch = async (input, init) => {
      const response = await viaMock(input, init);
      if (!first) return response;
      first = false;
      const xml = (await response.text()).replace(sha1(bytes), sha1(Buffer.from('old version')));
      return new Response(xml, { status: 207, headers: response.headers });
    };
    const result = await verifyStoredSha1(url, sha1(bytes), { headers, fetch: oldFirst, recheckMs: 1 });
    expect(result).toMatchObject({ verdict: 'verified', serverSha1: sha1(bytes) });
    expect(sent).toEqual(['PROPFIND', 'PROPFIND']);
  });

  it('waits out processing (props under 425 TOO EARLY), then verifies', async () => {
    mock.setFaults({ processingDelayMs: 300 });
    const bytes = randomBytes(5000);
    const url = await put('p.bin', bytes);
    const early = await mock.handle(
      new Request(url, { method: 'PROPFIND', headers: { ...(await headers()), Depth: '0' } }),
    );
    expect(await early.text()).toContain('HTTP/1.1 425 TOO EARLY');
    const result = await verifyStoredSha1(url, sha1(bytes), { headers, fetch: viaMock });
    expect(result.verdict).toBe('verified');
    expect(sent.length).toBeGreaterThan(1);
  });

  it('still processing when the wait is over: unknown, never verified', async () => {
    mock.setFaults({ processingDelayMs: 5000 });
    const bytes = randomBytes(10);
    const url = await put('slow.bin', bytes);
    const result = await verifyStoredSha1(url, sha1(bytes), { headers, fetch: viaMock, waitMs: 150 });
    expect(result).toMatchObject({ verdict: 'unknown', reason: 'still processing after 150 ms' });
    expect(result.serverSha1).toBeUndefined();
  });

  it('an empty file (no checksum on the server): its size settles it', async () => {
    const url = await put('empty.bin', new Uint8Array());
    expect(await verifyStoredSha1(url, EMPTY_SHA1, { headers, fetch: viaMock })).toMatchObject({
      verdict: 'verified',
      serverSha1: EMPTY_SHA1,
    });
    expect(
      (await verifyStoredSha1(url, sha1(Buffer.from('x')), { headers, fetch: viaMock, recheckMs: 1 })).verdict,
    ).toBe('mismatch');
  });

  it('unknown: file gone (404), a folder, a refused request, no answer, an abort', async () => {
    const options = { headers, fetch: viaMock };
    expect(await verifyStoredSha1(`${folder}/nope.bin`, EMPTY_SHA1, options)).toMatchObject({
      verdict: 'unknown',
      reason: 'the file is not on the server (404)',
    });
    expect(await verifyStoredSha1(folder, EMPTY_SHA1, options)).toMatchObject({
      verdict: 'unknown',
      reason: 'a folder is there',
    });
    const url = await put('u.bin', randomBytes(10));
    mock.setFaults({ rules: [{ type: 'status', status: 500, route: 'propfind' }] });
    expect(await verifyStoredSha1(url, EMPTY_SHA1, options)).toMatchObject({
      verdict: 'unknown',
      reason: 'listing the folder answered 500',
    });
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await verifyStoredSha1(url, EMPTY_SHA1, { headers, fetch: offline })).toMatchObject({
      verdict: 'unknown',
      reason: 'the server could not be reached',
    });
    const controller = new AbortController();
    controller.abort();
    expect(
      await verifyStoredSha1(url, EMPTY_SHA1, { headers, fetch: viaMock, signal: controller.signal }),
    ).toMatchObject({ verdict: 'unknown', reason: 'aborted' });
  });

  it('a refused token is refreshed once through onUnauthorized, then the file is verified', async () => {
    const bytes = randomBytes(10);
    const url = await put('t.bin', bytes);
    let token = 'expired-token';
    const refreshed: (string | undefined)[] = [];
    const result = await verifyStoredSha1(url, sha1(bytes), {
      headers: async () => ({ Authorization: `Bearer ${token}` }),
      onUnauthorized: async (failed) => {
        refreshed.push(failed);
        token = mockFixtures.token;
      },
      fetch: viaMock,
    });
    expect(result.verdict).toBe('verified');
    expect(refreshed).toEqual(['expired-token']);
  });

  it('refuses an expected value that is not a SHA-1', async () => {
    await expect(verifyStoredSha1(`${folder}/x`, 'SHA1 abc', { headers, fetch: viaMock })).rejects.toThrow(TypeError);
    expect(sent).toEqual([]);
  });
});
