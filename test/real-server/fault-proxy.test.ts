/**
 * The fault proxy in front of the real server, with tus-js-client's Node build and the stall stack: a PATCH that
 * goes silent (both sides held open, as on a dead path) is given up after `stallMs` and the file completes
 * byte-identical by the server's own SHA-1; a byte flipped in a PATCH body is stored (the server checks no tus
 * checksum) as a different SHA-1, which verification reports as a mismatch.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyStoredSha1 } from '../../src/core/verify.ts';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.ts';
import { uploadWithTus } from '../support/tus-node.ts';
import { settledEntry } from './support/dav.ts';
import { createGraph, davPath, suffix } from './support/graph.ts';
import { basicAuth } from './support/server.ts';

const server = inject('realServer');
const MiB = 1024 * 1024;
const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');

describe.skipIf(!server)('fault proxy in front of the real server', () => {
  if (!server) return;
  const admin = createGraph(server);
  const auth = { Authorization: basicAuth(server.user, server.password) };
  let spaceId = '';
  let folder = '';
  let proxy: FaultProxy;
  const endpoint = () => `${proxy.url}${davPath(spaceId, folder)}`;
  const verify = (name: string, expected: string) =>
    // Through the proxy (plain HTTP to Node's own fetch), like every other request of the upload.
    verifyStoredSha1(`${endpoint()}/${name}`, expected, { headers: async () => auth, recheckMs: 100 });

  beforeAll(async () => {
    spaceId = (await admin.personal()).id;
    folder = `/su-faults-${suffix()}`;
    await admin.mkcol(spaceId, folder);
  });
  afterAll(() => admin.remove(spaceId, folder));
  afterEach(() => proxy?.close());

  it('silence mid-PATCH: aborted after stallMs, resumed from the offset, stored byte-identical', async () => {
    proxy = await startFaultProxy({ target: server.baseUrl, publicUrl: server.publicUrl });
    const data = randomBytes(3 * MiB);
    const silenced = proxy.arm({ type: 'silence', afterBytes: 300_000, nth: 2 });
    const { stalls, progress } = await uploadWithTus({
      endpoint: endpoint(),
      name: 'silent.bin',
      data,
      headers: auth,
      chunkSize: MiB,
      stallMs: 1000,
    });
    expect((await silenced).bytesForwarded).toBe(300_000);
    expect(stalls).toHaveLength(1);
    expect(stalls[0]).toMatchObject({ method: 'PATCH', withBody: true, idleMs: 1000 });
    const stalledAt = stalls[0]?.at ?? 0;
    const lastMoved = Math.max(...progress.filter((p) => p.at <= stalledAt).map((p) => p.at));
    expect(stalledAt - lastMoved).toBeGreaterThanOrEqual(999);
    expect(stalledAt - lastMoved).toBeLessThan(2000);
    // The server answered the HEAD at once with what it had (the silent request still open on its side: measured,
    // all 300,000 bytes of it), and the rest went from there.
    expect(proxy.counts).toMatchObject({ POST: 1, HEAD: 1 });
    const resumedAt = proxy.requests.filter((r) => r.method === 'PATCH')[2]?.offset ?? -1;
    expect(resumedAt).toBeGreaterThanOrEqual(MiB);
    expect(resumedAt).toBeLessThanOrEqual(MiB + 300_000);
    expect(await verify('silent.bin', sha1(data))).toMatchObject({ verdict: 'verified', serverSha1: sha1(data) });
  });

  it('a flipped byte is stored as a different SHA-1: verification reports the mismatch', async () => {
    proxy = await startFaultProxy({ target: server.baseUrl, publicUrl: server.publicUrl });
    const data = randomBytes(2 * MiB);
    const flipped = Buffer.from(data);
    // Byte 500,000 of the second PATCH's body: byte MiB + 500,000 of the file.
    flipped[MiB + 500_000] = (flipped[MiB + 500_000] ?? 0) ^ 0xff;
    const applied = proxy.arm({ type: 'flip', atByte: 500_000, nth: 2 });
    await uploadWithTus({ endpoint: endpoint(), name: 'flipped.bin', data, headers: auth, chunkSize: MiB });
    expect((await applied).fault).toBe('flip');
    // Asked of the server directly until it has processed the file: a 425 answer through the proxy would add a
    // PROPFIND to the count below (seen in CI under load), which is about the mismatch being read twice.
    expect((await settledEntry(admin, spaceId, `${folder}/flipped.bin`)).sha1).toBe(sha1(flipped));
    expect(await verify('flipped.bin', sha1(data))).toMatchObject({
      verdict: 'mismatch',
      serverSha1: sha1(flipped),
    });
    expect(proxy.counts).toEqual({ POST: 1, PATCH: 2, PROPFIND: 2 });
  });
});
