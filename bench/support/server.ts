/**
 * The benchmarks' server on 127.0.0.1: one node:http server serving
 * - the bench pages, bundled once with esbuild (minified, production React) from bench/app/*.tsx, and the SHA-1
 *   worker beside them (so `new URL('./sha1-worker.js', import.meta.url)` finds it, as in a consumer's build);
 * - `POST /__sink`: drains the request body and answers 204 (the floor: no parsing, no storing, no hashing);
 * - everything else: the mock oCIS through its Node adapter (`createMockOcisMiddleware`, bytes in a temp dir),
 *   with an isolated instance per measurement below `/__mock-instances/{name}`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { createMockOcisMiddleware } from '../../src/mock/node.ts';
import type { MockState } from '../../src/mock/types.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BenchServer {
  origin: string;
  /** A fresh mock instance: its server URL, its state (request log), and `dispose()` to drop it and its bytes. */
  instance(
    label: string,
    config?: MockInstanceConfig,
  ): { serverUrl: string; state(): MockState; dispose(): Promise<void> };
  /** Bytes the sink drained so far. */
  readonly sinkBytes: number;
  close(): Promise<void>;
}

/** `strict`: the mock follows the tus spec (checksums); `bandwidth`: request bodies read at most this fast (B/s). */
export interface MockInstanceConfig {
  strict?: boolean;
  bandwidth?: number;
}

const PAGES = ['lab', 'dashboard'] as const;

async function bundle(): Promise<Map<string, { type: string; body: Uint8Array }>> {
  const assets = new Map<string, { type: string; body: Uint8Array }>();
  const common = {
    bundle: true,
    // BENCH_MINIFY=0: readable function names in a profile.
    minify: process.env.BENCH_MINIFY !== '0',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: '/out',
  } as const;
  const [pages, worker] = await Promise.all([
    build({ ...common, entryPoints: PAGES.map((p) => join(root, 'bench', 'app', `${p}.tsx`)) }),
    build({ ...common, entryPoints: { 'sha1-worker': join(root, 'src', 'core', 'sha1-worker.ts') } }),
  ]);
  for (const file of [...pages.outputFiles, ...worker.outputFiles]) {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    assets.set(`/${name}`, {
      type: name.endsWith('.css') ? 'text/css' : 'text/javascript',
      body: file.contents,
    });
  }
  for (const page of PAGES) {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench ${page}</title>
<link rel="stylesheet" href="/${page}.css"></head><body><input id="pick" type="file" multiple hidden>
<div id="root"></div><script type="module" src="/${page}.js"></script></body></html>`;
    assets.set(`/${page}.html`, { type: 'text/html', body: new TextEncoder().encode(html) });
  }
  return assets;
}

export async function startBenchServer(): Promise<BenchServer> {
  const assets = await bundle();
  const middleware = createMockOcisMiddleware();
  let sinkBytes = 0;
  const sink = (req: IncomingMessage, res: ServerResponse) => {
    req.on('data', (chunk: Buffer) => {
      sinkBytes += chunk.length;
    });
    req.on('end', () => res.writeHead(204, { 'Access-Control-Allow-Origin': '*' }).end());
    req.on('error', () => res.destroy());
  };
  const server = createServer({ requestTimeout: 0, keepAliveTimeout: 30_000 }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/__sink') return sink(req, res);
    const asset = assets.get(path);
    if (asset && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': asset.type, 'Content-Length': asset.body.byteLength });
      res.end(asset.body);
      return;
    }
    middleware(req, res, () => res.writeHead(404, { 'Content-Length': '0' }).end());
  });
  server.on('clientError', (_error, socket: Socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  let counter = 0;
  let closed: Promise<void> | undefined;
  return {
    origin,
    get sinkBytes() {
      return sinkBytes;
    },
    instance(label, config = {}) {
      const name = `${label}-${Date.now().toString(36)}-${++counter}`;
      const mock = middleware.router.instance(name);
      if (config.strict) mock.configure({ strict: true });
      if (config.bandwidth) mock.setFaults({ bandwidthBytesPerSecond: config.bandwidth });
      return {
        serverUrl: `${origin}/__mock-instances/${name}`,
        state: () => mock.state(),
        dispose: () => mock.reset(),
      };
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => middleware.router.close());
      return closed;
    },
  };
}

/** The token and the space every benchmark uploads into. */
export const benchTarget = { token: mockFixtures.token, spaceId: mockFixtures.personal.id } as const;
