/** A drop rule fires as often as it says, also when several bodies are read at the same time. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { type RunningMockOcis, startMockOcis } from '../../src/mock/node.ts';

let server: RunningMockOcis;
beforeAll(async () => {
  server = await startMockOcis({ port: 0 });
});
afterAll(() => server.close());

const createWithUpload = (name: string) =>
  fetch(`${server.url}/remote.php/dav/spaces/${mockFixtures.personal.id}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${mockFixtures.token}`,
      'Tus-Resumable': '1.0.0',
      'Upload-Length': '200000',
      'Upload-Metadata': `filename ${btoa(name)}`,
      'Content-Type': 'application/offset+octet-stream',
    },
    body: new Uint8Array(200_000),
  }).then(
    (res) => res.status,
    () => 'dropped',
  );

it('times: 1 cuts exactly one of several creations read at once', async () => {
  // The latency lines the requests up: they reach the rule together.
  server.mock.setFaults({ latencyMs: 50, rules: [{ type: 'drop', route: 'tus-create', afterBytes: 1000, times: 1 }] });
  const outcomes = await Promise.all(['a', 'b', 'c', 'd'].map((n) => createWithUpload(`${n}.bin`)));
  const drops = server.mock.state().requests.filter((r) => r.fault === 'drop');
  expect(drops).toHaveLength(1);
  expect(outcomes.filter((o) => o === 201)).toHaveLength(3);
});
