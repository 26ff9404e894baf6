/**
 * A real tus client (tus-js-client's Node build) against the mock's Node adapter: 50 MiB in 10 MB chunks,
 * with the connection cut in the middle of a chunk. The client must resume from the server's offset and the
 * stored bytes must equal the source.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { type RunningMockOcis, startMockOcis } from '../../src/mock/node.ts';

const CHUNK = 10_000_000;
const SIZE = 50 * 1024 * 1024;
let server: RunningMockOcis;

beforeAll(async () => {
  server = await startMockOcis({ port: 0 });
});
afterAll(() => server.close());

function upload(data: Buffer, metadata: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const u = new Upload(data, {
      endpoint: `${server.url}/remote.php/dav/spaces/${encodeURIComponent(mockFixtures.personal.id)}/Documents`,
      chunkSize: CHUNK,
      retryDelays: [0, 100, 200],
      headers: { Authorization: `Bearer ${mockFixtures.token}` },
      metadata,
      onSuccess: () => resolve(u.url ?? ''),
      onError: reject,
    });
    u.start();
  });
}

it('resumes a 50 MiB upload after the connection drops mid-chunk, and stores every byte', async () => {
  const data = randomBytes(SIZE);
  // The 2nd PATCH (bytes 10,000,000…) is cut after 3,000,000 of its bytes.
  server.mock.setFaults({ rules: [{ type: 'drop', afterBytes: 3_000_000, nth: 2 }] });

  await upload(data, { filename: 'big.bin', mtime: '1768469400' });

  const state = server.mock.state();
  const file = state.files.find((f) => f.path === '/Documents/big.bin');
  expect(file?.size).toBe(SIZE);
  expect(file?.sha1).toBe(createHash('sha1').update(data).digest('hex'));
  expect(file?.mtime).toBe(1768469400);

  expect(state.uploads).toHaveLength(1);
  const requests = state.uploads[0]?.requests ?? [];
  const dropped = requests.filter((r) => r.fault === 'drop');
  expect(dropped).toHaveLength(1);
  expect(dropped[0]?.bytesReceived).toBe(3_000_000);
  // After the drop the client asked for the offset and went on from 13,000,000, not from the chunk start.
  const afterDrop = requests.slice(requests.indexOf(dropped[0] as (typeof requests)[number]) + 1);
  expect(afterDrop[0]?.effectiveMethod).toBe('HEAD');
  expect(afterDrop[0]?.offset).toBe(13_000_000);
  const bytesSent = requests.reduce((n, r) => n + r.bytesReceived, 0);
  expect(bytesSent).toBe(SIZE);
  // Two PATCHes up to the cut, then chunks of 10 MB from the resumed offset: nothing sent twice.
  const resumed = 13_000_000;
  expect(requests.filter((r) => r.effectiveMethod === 'PATCH')).toHaveLength(2 + Math.ceil((SIZE - resumed) / CHUNK));
});
