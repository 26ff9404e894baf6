/**
 * `space-uploader/mock/node`: the mock oCIS over real HTTP in Node (a server of its own, or connect/Vite
 * middleware), with uploaded bytes kept in a temporary directory.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { isDropResponse } from './drop.js';
import { createMockOcisRouter, type MockOcisRouter } from './router.js';
import { createMockOcis } from './server.js';
import type { MockBlobStore, MockOcis, MockOcisOptions } from './types.js';
import { randomUuid } from './util.js';

export { mockFixtures } from './fixtures.js';
export { createMemoryStore } from './memory-store.js';
export {
  createMockOcisRouter,
  MOCK_INSTANCES_PATH,
  type MockOcisRouter,
  type MockOcisRouterOptions,
} from './router.js';
export { createMockOcis } from './server.js';
export type * from './types.js';

interface FileBlob {
  path: string;
  size: number;
  hash: Hash;
  handle: Promise<FileHandle> | undefined;
}

export interface FileStore extends MockBlobStore {
  /** The directory holding the blobs (created on first use), or `undefined` before that and after `close()`. */
  readonly directory: string | undefined;
}

/**
 * Blobs as files in a temporary directory (removed on `close()`), hashed with node:crypto as they arrive:
 * a 1 GiB upload costs the mock no more memory than one chunk.
 */
export function createFileStore(options: { parentDirectory?: string } = {}): FileStore {
  let directory: string | undefined;
  const blobs = new Map<string, FileBlob>();
  const get = (key: string): FileBlob => {
    const blob = blobs.get(key);
    if (!blob) throw new Error(`no blob ${key}`);
    return blob;
  };
  const closeHandle = async (blob: FileBlob) => {
    const handle = blob.handle;
    blob.handle = undefined;
    if (handle) await (await handle).close().catch(() => undefined);
  };
  return {
    get directory() {
      return directory;
    },
    async create() {
      directory ??= mkdtempSync(join(options.parentDirectory ?? tmpdir(), 'space-uploader-mock-'));
      const key = randomUuid();
      const path = join(directory, key);
      const blob: FileBlob = { path, size: 0, hash: createHash('sha1'), handle: open(path, 'w') };
      blobs.set(key, blob);
      await blob.handle;
      return key;
    },
    async append(key, bytes) {
      const blob = get(key);
      blob.handle ??= open(blob.path, 'a');
      const handle = await blob.handle;
      // Hash before the write resolves: the caller may reuse `bytes` afterwards.
      blob.hash.update(bytes);
      blob.size += bytes.length;
      await handle.write(bytes);
    },
    async stat(key) {
      const blob = get(key);
      // Uploads finish with stat(): close the handle so 10,000 finished files hold no descriptors.
      await closeHandle(blob);
      return { size: blob.size, sha1: blob.hash.copy().digest('hex') };
    },
    read(key) {
      return Readable.toWeb(createReadStream(get(key).path)) as ReadableStream<Uint8Array>;
    },
    async delete(key) {
      const blob = blobs.get(key);
      if (!blob) return;
      blobs.delete(key);
      await closeHandle(blob);
      await rm(blob.path, { force: true });
    },
    async close() {
      await Promise.all([...blobs.values()].map(closeHandle));
      blobs.clear();
      if (directory) rmSync(directory, { recursive: true, force: true });
      directory = undefined;
    },
  };
}

const OCIS_PATH = /^(?:\/__mock-instances\/[^/]+)?\/(?:ocs|remote\.php|data|graph|__mock)\//;

/** Node's request → a fetch Request whose body streams (nothing is buffered here). */
export function toWebRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

/** Writes a fetch Response to Node's response, streaming with backpressure; a drop fault destroys the socket. */
export async function sendWebResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  if (isDropResponse(response)) {
    req.socket.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  // Answered before the body was read (a refusal): the connection cannot be reused cleanly. Without this
  // Chromium sends its next request on it and waits for Node's keep-alive timeout (~6 s).
  if (!req.complete) headers.connection = 'close';
  // An object, not a flat array: Storybook's compression middleware mangles flat header arrays.
  // Never pass `undefined` as the status text: Storybook's compression middleware then takes it for the
  // headers and drops the real ones (a 201 without Location in `storybook dev` only).
  if (response.statusText) res.writeHead(response.status, response.statusText, headers);
  else res.writeHead(response.status, headers);
  if (!response.body || req.method === 'HEAD') {
    res.end();
    await response.body?.cancel();
    return;
  }
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  } catch {
    res.destroy();
  }
}

async function serve(mock: Pick<MockOcis, 'handle'>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let request: Request;
  try {
    request = toWebRequest(req, `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    res.writeHead(400, { 'Content-Length': '0' }).end();
    return;
  }
  await sendWebResponse(req, res, await mock.handle(request));
}

export type MockOcisMiddleware = ((
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void) & {
  /** The instance at the root paths. */
  mock: MockOcis;
  /** All instances, including the isolated ones below `/__mock-instances/{name}/`. */
  router: MockOcisRouter;
};

/**
 * Connect/Express/Vite middleware: answers oCIS's paths (`/ocs/`, `/remote.php/`, `/data/`, `/graph/`,
 * `/__mock/`, each also below `/__mock-instances/{name}`) and calls `next()` for everything else. Mount it
 * without a path prefix. Bytes go to one temp-dir file store (or `options.store`); `router.close()` releases it.
 */
export function createMockOcisMiddleware(options: MockOcisOptions = {}): MockOcisMiddleware {
  const router = createMockOcisRouter({ store: createFileStore(), ...options });
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const below = basePath ? (path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : '') : path;
    if (!OCIS_PATH.test(below)) {
      next();
      return;
    }
    serve(router, req, res).catch(next);
  };
  return Object.assign(middleware, { mock: router.mock, router });
}

export interface StartMockOcisOptions extends MockOcisOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Serve this mock instead of a new one. */
  mock?: MockOcis;
}

export interface RunningMockOcis {
  /** `http://127.0.0.1:{port}` plus the base path. */
  url: string;
  port: number;
  mock: MockOcis;
  /** Stops the server, ends open connections and removes stored bytes. */
  close(): Promise<void>;
}

export async function startMockOcis(options: StartMockOcisOptions = {}): Promise<RunningMockOcis> {
  const host = options.host ?? '127.0.0.1';
  const ownMock = !options.mock;
  const mock = options.mock ?? createMockOcis({ store: createFileStore(), ...options });
  const server = createServer({ requestTimeout: 0 }, (req, res) => {
    serve(mock, req, res).catch(() => res.destroy());
  });
  // Malformed requests and oversized headers are answered by Node's parser; answer them, never crash.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // The fixtures already created the store's directory: do not leave it behind.
    if (ownMock) await mock.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${hostInUrl}:${port}${(options.basePath ?? '').replace(/\/+$/, '')}`,
    port,
    mock,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => (ownMock ? mock.close() : undefined));
      return closed;
    },
  };
}
