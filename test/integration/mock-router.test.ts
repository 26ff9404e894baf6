/** Isolated mock instances below /__mock-instances/{name}: separate state, URLs under the prefix, one store. */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { createFileStore, createMockOcisMiddleware, type MockOcisMiddleware } from '../../src/mock/node.ts';

let base: string;
let middleware: MockOcisMiddleware;
const store = createFileStore();
const server = createServer((req, res) =>
  middleware(req, res, () => {
    res.writeHead(404, { 'X-Fell-Through': '1' }).end();
  }),
);

beforeAll(async () => {
  middleware = createMockOcisMiddleware({ store });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await middleware.router.close();
});

async function createUpload(serverUrl: string, name: string) {
  return fetch(`${serverUrl}/remote.php/dav/spaces/${mockFixtures.personal.id}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${mockFixtures.token}`,
      'Tus-Resumable': '1.0.0',
      'Upload-Length': '3',
      'Upload-Metadata': `filename ${btoa(name)}`,
      'Content-Type': 'application/offset+octet-stream',
    },
    body: 'abc',
  });
}

it('each instance has its own state, and the root instance its own', async () => {
  const a = `${base}/__mock-instances/alpha`;
  const b = `${base}/__mock-instances/beta`;
  expect((await createUpload(a, 'a.txt')).status).toBe(201);
  expect((await createUpload(b, 'b.txt')).status).toBe(201);
  const names = async (url: string) =>
    ((await (await fetch(`${url}/__mock/state`)).json()) as { uploads: Array<{ filename: string }> }).uploads.map(
      (u) => u.filename,
    );
  expect(await names(a)).toEqual(['a.txt']);
  expect(await names(b)).toEqual(['b.txt']);
  expect(await names(base)).toEqual([]);
  expect(middleware.router.instance('alpha').state().uploads).toHaveLength(1);
});

it('an instance answers with URLs below its own prefix', async () => {
  const url = `${base}/__mock-instances/gamma`;
  const created = await fetch(`${url}/remote.php/dav/spaces/${mockFixtures.personal.id}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${mockFixtures.token}`,
      'Tus-Resumable': '1.0.0',
      'Upload-Length': '2',
      'Upload-Metadata': `filename ${btoa('g.txt')}`,
    },
  });
  const location = created.headers.get('location') ?? '';
  expect(location.startsWith(`${url}/data/`)).toBe(true);
  const patched = await fetch(location, {
    method: 'PATCH',
    headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
    body: 'hi',
  });
  expect(patched.status).toBe(204);
  const propfind = await fetch(`${url}/remote.php/dav/spaces/${mockFixtures.personal.id}`, {
    method: 'PROPFIND',
    headers: { Authorization: `Bearer ${mockFixtures.token}`, Depth: '1' },
  });
  expect(await propfind.text()).toContain(
    `<d:href>/__mock-instances/gamma/remote.php/dav/spaces/${mockFixtures.personal.id}/g.txt</d:href>`,
  );
});

it('paths that are not oCIS fall through to the next middleware', async () => {
  for (const path of ['/', '/index.html', '/__mock-instances/x/index.html', '/remote.phpx/']) {
    const res = await fetch(base + path);
    expect(res.headers.get('x-fell-through'), path).toBe('1');
  }
});

it('all instances keep bytes in one store, and closing the router removes its directory', async () => {
  const local = createFileStore();
  const mw = createMockOcisMiddleware({ store: local });
  const req = new Request(`http://x/__mock-instances/one/remote.php/dav/spaces/${mockFixtures.personal.id}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${mockFixtures.token}`,
      'Tus-Resumable': '1.0.0',
      'Upload-Length': '1',
      'Upload-Metadata': `filename ${btoa('o')}`,
    },
  });
  expect((await mw.router.handle(req)).status).toBe(201);
  const dir = local.directory as string;
  expect(existsSync(dir)).toBe(true);
  await mw.router.close();
  expect(existsSync(dir)).toBe(false);
});

it('refuses an instance name that could escape its prefix', () => {
  expect(() => middleware.router.instance('../x')).toThrow(/invalid mock instance name/);
});
