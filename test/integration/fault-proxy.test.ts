/**
 * The fault proxy against the mock oCIS over real HTTP, with tus-js-client's Node build: a PATCH that goes silent
 * is given up by the stall stack after `stallMs` and the file still arrives byte for byte; a flipped byte is stored
 * (the mock, like oCIS, checks no tus checksum) and the server's SHA-1 gives it away.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyStoredSha1 } from '../../src/core/verify.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { type RunningMockOcis, startMockOcis } from '../../src/mock/node.ts';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.ts';
import { uploadWithTus } from '../support/tus-node.ts';

const MiB = 1024 * 1024;
const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');
const auth = { Authorization: `Bearer ${mockFixtures.token}` };

let server: RunningMockOcis;
let proxy: FaultProxy;
beforeAll(async () => {
  server = await startMockOcis({ port: 0 });
});
afterAll(() => server.close());
afterEach(() => proxy?.close());

const endpoint = () => `${proxy.url}/remote.php/dav/spaces/${encodeURIComponent(mockFixtures.personal.id)}/Documents`;
const stored = (name: string) => server.mock.state().files.find((f) => f.path === `/Documents/${name}`);

describe('fault proxy in front of the mock', () => {
  it('silence mid-PATCH: aborted after stallMs, resumed from the offset (HEAD), stored byte-identical', async () => {
    proxy = await startFaultProxy({ target: server.url });
    const data = randomBytes(3 * MiB);
    // Both sides held open, as on a dead path: the HEAD asks the request still writing to let go (tusd's lock
    // release, as OpenCloud does), so the upload goes on at once.
    const silenced = proxy.arm({ type: 'silence', afterBytes: 300_000, nth: 2 });
    const { stalls, progress } = await uploadWithTus({
      endpoint: endpoint(),
      name: 'silent.bin',
      data,
      headers: auth,
      chunkSize: MiB,
      stallMs: 500,
    });
    expect((await silenced).bytesForwarded).toBe(300_000);
    expect(stalls).toHaveLength(1);
    expect(stalls[0]).toMatchObject({ method: 'PATCH', withBody: true, idleMs: 500 });
    // Given up stallMs after the last progress, not sooner (and not much later).
    const stalledAt = stalls[0]?.at ?? 0;
    const lastMoved = Math.max(...progress.filter((p) => p.at <= stalledAt).map((p) => p.at));
    expect(stalledAt - lastMoved).toBeGreaterThanOrEqual(499);
    expect(stalledAt - lastMoved).toBeLessThan(1000);
    expect(stored('silent.bin')).toMatchObject({ size: data.length, sha1: sha1(data) });
    expect(proxy.counts).toMatchObject({ POST: 1, HEAD: 1 });
    // The retry sent only what the server lacked: the bytes it received add up to the file.
    const upload = server.mock.state().uploads.find((u) => u.filename === 'silent.bin');
    expect(upload?.requests.reduce((n, r) => n + r.bytesReceived, 0)).toBe(data.length);
  });

  it('a flipped byte is stored as a different SHA-1, and verification reports the mismatch', async () => {
    proxy = await startFaultProxy({ target: server.url });
    const data = randomBytes(2 * MiB);
    const flipped = Buffer.from(data);
    flipped[1_000_000] = (flipped[1_000_000] ?? 0) ^ 0xff;
    const applied = proxy.arm({ type: 'flip', atByte: 1_000_000 });
    const { stalls } = await uploadWithTus({ endpoint: endpoint(), name: 'flipped.bin', data, headers: auth });
    expect((await applied).fault).toBe('flip');
    expect(stalls).toEqual([]);
    expect(stored('flipped.bin')).toMatchObject({ size: data.length, sha1: sha1(flipped) });

    const result = await verifyStoredSha1(`${endpoint()}/flipped.bin`, sha1(data), {
      headers: async () => auth,
      recheckMs: 1,
    });
    expect(result).toMatchObject({ verdict: 'mismatch', serverSha1: sha1(flipped) });
    expect(proxy.counts).toEqual({ POST: 1, PATCH: 1, PROPFIND: 2 });
  });

  it('an untouched upload through the proxy verifies', async () => {
    proxy = await startFaultProxy({ target: server.url });
    const data = randomBytes(MiB + 7);
    await uploadWithTus({ endpoint: endpoint(), name: 'clean.bin', data, headers: auth, chunkSize: 400_000 });
    const result = await verifyStoredSha1(`${endpoint()}/clean.bin`, sha1(data), { headers: async () => auth });
    expect(result).toMatchObject({ verdict: 'verified', serverSha1: sha1(data) });
    expect(proxy.counts).toEqual({ POST: 1, PATCH: 3, PROPFIND: 1 });
  });
});
