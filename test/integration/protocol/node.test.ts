/** The protocol suite over real loopback HTTP (`startMockOcis`), plus what only a real server can show. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockFixtures } from '../../../src/mock/index.js';
import { createFileStore, startMockOcis } from '../../../src/mock/node.js';
import { defineProtocolSuite } from './suite.js';

const { personal } = mockFixtures;
const AUTH = { Authorization: `Bearer ${mockFixtures.token}` };
const CAPABILITIES = '/ocs/v1.php/cloud/capabilities?format=json';

defineProtocolSuite('mock oCIS over real HTTP (startMockOcis)', async (options) => {
  const server = await startMockOcis({ ...options, port: 0 });
  return {
    baseUrl: server.url.replace(/\/+$/, ''),
    fetch: globalThis.fetch,
    mock: server.mock,
    close: () => server.close(),
  };
});

describe('mock oCIS over real HTTP: Node only', () => {
  let server: Awaited<ReturnType<typeof startMockOcis>>;

  beforeAll(async () => {
    server = await startMockOcis({ port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('binds 127.0.0.1 on a free port when asked for port 0', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('a 64 KiB header value answers 431 or 400, and the server keeps answering', async () => {
    const res = await fetch(`${server.url}${CAPABILITIES}`, { headers: { 'X-Huge': 'a'.repeat(64 * 1024) } });
    expect([400, 431]).toContain(res.status);
    expect((await fetch(`${server.url}${CAPABILITIES}`)).status).toBe(200);
  });

  it('a 64 KiB Upload-Metadata on creation answers 431 or 400, and the server keeps answering', async () => {
    const res = await fetch(`${server.url}/remote.php/dav/spaces/${personal.id}`, {
      method: 'POST',
      headers: {
        ...AUTH,
        'Tus-Resumable': '1.0.0',
        'Upload-Length': '1',
        'Upload-Metadata': `filename ${Buffer.from('x'.repeat(48 * 1024)).toString('base64')}`,
      },
    });
    expect([400, 431]).toContain(res.status);
    expect(server.mock.state().uploads).toHaveLength(0);
    expect((await fetch(`${server.url}${CAPABILITIES}`)).status).toBe(200);
  });

  it('a path outside the oCIS routes answers 404', async () => {
    expect((await fetch(`${server.url}/does/not/exist`)).status).toBe(404);
  });
});

describe('mock oCIS over real HTTP: the file store', () => {
  it('keeps uploaded bytes in a temporary directory that close() removes', async () => {
    const parentDirectory = mkdtempSync(join(tmpdir(), 'protocol-test-'));
    try {
      const store = createFileStore({ parentDirectory });
      const server = await startMockOcis({ port: 0, store });
      const res = await fetch(`${server.url}/remote.php/dav/spaces/${personal.id}`, {
        method: 'POST',
        headers: {
          ...AUTH,
          'Tus-Resumable': '1.0.0',
          'Upload-Length': '14',
          'Upload-Metadata': `filename ${Buffer.from('stored.txt').toString('base64')}`,
          'Content-Type': 'application/offset+octet-stream',
        },
        body: 'upload content',
      });
      expect(res.status).toBe(201);
      const directory = store.directory ?? '';
      expect(directory.startsWith(parentDirectory)).toBe(true);
      const blobs = readdirSync(directory).map((name) => readFileSync(join(directory, name), 'utf8'));
      expect(blobs).toContain('upload content');
      await server.close();
      expect(existsSync(directory)).toBe(false);
      expect(store.directory).toBeUndefined();
    } finally {
      rmSync(parentDirectory, { recursive: true, force: true });
    }
  });
});

describe('mock oCIS over real HTTP: options given at start', () => {
  it('tokens replace the default token', async () => {
    const server = await startMockOcis({ port: 0, tokens: ['custom-token'] });
    try {
      const drives = (token: string) =>
        fetch(`${server.url}/graph/v1.0/me/drives`, { headers: { Authorization: `Bearer ${token}` } });
      expect((await drives('custom-token')).status).toBe(200);
      expect((await drives(mockFixtures.token)).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('publicOrigin sets the origin of Location', async () => {
    const server = await startMockOcis({ port: 0, publicOrigin: 'https://ocis.example' });
    try {
      const res = await fetch(`${server.url}/remote.php/dav/spaces/${personal.id}`, {
        method: 'POST',
        headers: {
          ...AUTH,
          'Tus-Resumable': '1.0.0',
          'Upload-Length': '3',
          'Upload-Metadata': `filename ${Buffer.from('a.txt').toString('base64')}`,
        },
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('location')?.startsWith('https://ocis.example/data/')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('basePath serves every route below it', async () => {
    const server = await startMockOcis({ port: 0, basePath: '/ocis' });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/ocis`);
      expect((await fetch(`${server.url}${CAPABILITIES}`)).status).toBe(200);
      const origin = server.url.slice(0, -'/ocis'.length);
      expect((await fetch(`${origin}${CAPABILITIES}`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('faults and strict given at start apply from the first request', async () => {
    const server = await startMockOcis({
      port: 0,
      strict: true,
      faults: { rules: [{ type: 'status', status: 503, route: 'capabilities' }] },
    });
    try {
      expect(server.mock.state().strict).toBe(true);
      expect((await fetch(`${server.url}${CAPABILITIES}`)).status).toBe(503);
      expect((await fetch(`${server.url}${CAPABILITIES}`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
