/** Node adapter details that clients notice: refusals close the connection; expired-URL refusals are logged with their upload. */
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { type RunningMockOcis, startMockOcis } from '../../src/mock/node.ts';

let server: RunningMockOcis;
let clock = Date.now();
beforeAll(async () => {
  server = await startMockOcis({ port: 0, now: () => clock });
});
afterAll(() => server.close());

async function create(length: number): Promise<string> {
  const res = await fetch(`${server.url}/remote.php/dav/spaces/${mockFixtures.personal.id}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${mockFixtures.token}`,
      'Tus-Resumable': '1.0.0',
      'Upload-Length': String(length),
      'Upload-Metadata': `filename ${btoa(`f-${length}.bin`)}`,
    },
  });
  return res.headers.get('location') ?? '';
}

it('an answer sent before the request body was read says Connection: close (a reused connection would stall)', async () => {
  const location = await create(1_000_000);
  const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const req = request(location, {
      method: 'PATCH',
      headers: {
        'Tus-Resumable': '1.0.0',
        'Upload-Offset': '5',
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': '1000000',
      },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode, connection: res.headers.connection });
    });
    req.on('error', reject);
    req.write(Buffer.alloc(64 * 1024)); // the rest never comes: the 409 goes out before the body is read
  });
  expect(headers).toEqual({ status: 409, connection: 'close' });
});

it('a request whose body was read keeps the connection', async () => {
  const location = await create(3);
  const res = await fetch(location, {
    method: 'PATCH',
    headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
    body: 'abc',
  });
  expect(res.status).toBe(204);
  expect(res.headers.get('connection')).not.toBe('close');
});

it('a 403 for an expired upload URL shows in the log of that upload', async () => {
  const location = await create(10);
  clock += 86_401_000;
  const res = await fetch(location, { method: 'HEAD' });
  expect(res.status).toBe(403);
  const upload = server.mock.state().uploads.find((u) => u.filename === 'f-10.bin');
  expect(upload?.requests.map((r) => [r.effectiveMethod, r.status])).toEqual([
    ['POST', 201],
    ['HEAD', 403],
  ]);
});
