/**
 * SHA-1 helpers in Node: header formats against known vectors, whole-file hashing on the calling thread (Node has
 * no Worker) against node:crypto, the worker protocol with a stand-in Worker, and the tus HttpStack wrapper with a
 * fake inner stack.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DefaultHttpStack, type HttpStack } from 'tus-js-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  checksumHeader,
  createChecksumHttpStack,
  metadataChecksum,
  sha1OfBlob,
  type TusHttpRequest,
  type TusHttpStack,
} from '../../src/core/checksum.ts';
import type { Sha1WorkerMessage, Sha1WorkerRequest } from '../../src/core/sha1-worker.ts';

const MiB = 1024 * 1024;
const hex = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');
const header = (bytes: Uint8Array) => `sha1 ${createHash('sha1').update(bytes).digest('base64')}`;
const blobOf = (bytes: Uint8Array) => new Blob([new Uint8Array(bytes)]);

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('checksumHeader', () => {
  it('gives the tus checksum extension format for known vectors', async () => {
    expect(await checksumHeader(new Uint8Array(0))).toBe('sha1 2jmj7l5rSw0yVb/vlWAYkK/YBwk=');
    expect(await checksumHeader(new TextEncoder().encode('abc'))).toBe('sha1 qZk+NkcGgWq6PiVxeFDCbJzQ2J0=');
    expect(await checksumHeader(new TextEncoder().encode('abc').buffer)).toBe('sha1 qZk+NkcGgWq6PiVxeFDCbJzQ2J0=');
  });

  it('hashes only the bytes a view shows, not its whole buffer', async () => {
    const bytes = randomBytes(1000);
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset + 100, 500);
    expect(await checksumHeader(view)).toBe(header(view));
  });

  it('gives the same header without WebCrypto (plain-HTTP pages) and for shared memory', async () => {
    const bytes = randomBytes(70_000);
    vi.stubGlobal('crypto', undefined);
    expect(await checksumHeader(bytes)).toBe(header(bytes));
    vi.unstubAllGlobals();
    const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
    shared.set(bytes);
    expect(await checksumHeader(shared)).toBe(header(bytes));
  });
});

describe('metadataChecksum', () => {
  it('formats 40 hex digits as the web UI does, lower-case', () => {
    expect(metadataChecksum('a9993e364706816aba3e25717850c26c9cd0d89d')).toBe(
      'SHA1 a9993e364706816aba3e25717850c26c9cd0d89d',
    );
    expect(metadataChecksum('A9993E364706816ABA3E25717850C26C9CD0D89D')).toBe(
      'SHA1 a9993e364706816aba3e25717850c26c9cd0d89d',
    );
  });

  it.each([
    '',
    'a9993e364706816aba3e25717850c26c9cd0d89',
    'a9993e364706816aba3e25717850c26c9cd0d89d0',
    'g9993e364706816aba3e25717850c26c9cd0d89d',
    'SHA1 a9993e364706816aba3e25717850c26c9cd0d89d',
    ' a9993e364706816aba3e25717850c26c9cd0d89d',
  ])('refuses %j with a TypeError', (value) => {
    expect(() => metadataChecksum(value)).toThrow(TypeError);
  });
});

describe('sha1OfBlob on the calling thread (Node has no Worker)', () => {
  it.each([
    ['empty', 0],
    ['1 byte', 1],
    ['64 KiB + 3 bytes', 64 * 1024 + 3],
    ['20 MiB', 20 * MiB],
  ])('%s equals node:crypto, streamed, with progress ending at the size', async (_label, size) => {
    expect(typeof Worker).toBe('undefined');
    const bytes = randomBytes(size);
    const blob = blobOf(bytes);
    // Streaming: the whole file is never asked for at once.
    const whole = [
      vi.spyOn(Blob.prototype, 'arrayBuffer'),
      vi.spyOn(Blob.prototype, 'text'),
      vi.spyOn(Blob.prototype, 'bytes'),
    ];
    const progress: number[] = [];
    const threads: string[] = [];
    const result = await sha1OfBlob(blob, { onProgress: (n) => progress.push(n), onThread: (t) => threads.push(t) });
    expect(result).toBe(hex(bytes));
    expect(progress.at(-1)).toBe(size);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(threads).toEqual(['main']);
    for (const spy of whole) expect(spy).not.toHaveBeenCalled();
  });

  it('rejects with an AbortError when aborted mid-way, and stops reading', async () => {
    const blob = blobOf(randomBytes(20 * MiB));
    const controller = new AbortController();
    const progress: number[] = [];
    const hashing = sha1OfBlob(blob, {
      signal: controller.signal,
      onProgress: (n) => {
        progress.push(n);
        if (progress.length === 1) controller.abort();
      },
    });
    await expect(hashing).rejects.toMatchObject({ name: 'AbortError' });
    await expect(hashing).rejects.toBeInstanceOf(DOMException);
    expect(progress).toHaveLength(1);
  });

  it('rejects at once for an already aborted signal', async () => {
    const onProgress = vi.fn();
    await expect(
      sha1OfBlob(blobOf(randomBytes(10)), { signal: AbortSignal.abort(), onProgress }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(onProgress).not.toHaveBeenCalled();
  });
});

/** A stand-in for `Worker`: records jobs and lets the test answer for the worker. */
class FakeWorker extends EventTarget {
  static instances: FakeWorker[] = [];
  static onJob: (worker: FakeWorker, job: Sha1WorkerRequest) => void = () => {};
  readonly jobs: Sha1WorkerRequest[] = [];
  terminated = false;
  constructor(
    readonly url: URL,
    readonly options: { type?: string },
  ) {
    super();
    FakeWorker.instances.push(this);
  }
  postMessage(job: Sha1WorkerRequest) {
    this.jobs.push(job);
    FakeWorker.onJob(this, job);
  }
  answer(message: Sha1WorkerMessage) {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }
  terminate() {
    this.terminated = true;
  }
}

/** A fresh checksum module (its worker state is per module) with `Worker` replaced. */
async function withFakeWorker(onJob: (worker: FakeWorker, job: Sha1WorkerRequest) => void) {
  FakeWorker.instances = [];
  FakeWorker.onJob = onJob;
  vi.stubGlobal('Worker', FakeWorker);
  vi.resetModules();
  return import('../../src/core/checksum.ts');
}

/** Answers like the real worker, later (a macrotask), with node:crypto's digest. */
const answerLikeTheWorker = (worker: FakeWorker, { id, blob }: Sha1WorkerRequest, onDone = () => {}) => {
  setTimeout(async () => {
    worker.answer({ id, type: 'start' });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    worker.answer({ id, type: 'progress', bytes: bytes.length });
    worker.answer({ id, type: 'done', hex: hex(bytes) });
    onDone();
  });
};

describe('sha1OfBlob with a Worker', () => {
  it('starts a module worker from sha1-worker.js beside checksum, and reports the worker thread', async () => {
    const checksum = await withFakeWorker(answerLikeTheWorker);
    const bytes = randomBytes(5000);
    const threads: string[] = [];
    const progress: number[] = [];
    const result = await checksum.sha1OfBlob(blobOf(bytes), {
      onThread: (t) => threads.push(t),
      onProgress: (n) => progress.push(n),
    });
    expect(result).toBe(hex(bytes));
    expect(threads).toEqual(['worker']);
    expect(progress).toEqual([5000]);
    const [worker] = FakeWorker.instances;
    expect(FakeWorker.instances).toHaveLength(1);
    expect(worker?.options).toEqual({ type: 'module' });
    expect(worker?.url.href).toMatch(/\/src\/core\/sha1-worker\.js$/);
  });

  it('hashes one file at a time in one reused worker', async () => {
    let answered = 0;
    const checksum = await withFakeWorker((worker, job) => {
      // Each job reaches the worker only once the one before it was answered completely.
      expect(answered).toBe(worker.jobs.length - 1);
      answerLikeTheWorker(worker, job, () => answered++);
    });
    const files = [randomBytes(100), randomBytes(200), randomBytes(300)];
    const results = await Promise.all(files.map((f) => checksum.sha1OfBlob(blobOf(f))));
    expect(results).toEqual(files.map(hex));
    expect(FakeWorker.instances).toHaveLength(1);
    expect(FakeWorker.instances[0]?.jobs.map((j) => j.blob.size)).toEqual([100, 200, 300]);
  });

  it('falls back to the calling thread when the Worker constructor throws (CSP), and does not try again', async () => {
    let constructed = 0;
    vi.stubGlobal(
      'Worker',
      class {
        constructor() {
          constructed++;
          throw new DOMException('refused by Content-Security-Policy', 'SecurityError');
        }
      },
    );
    vi.resetModules();
    const checksum = await import('../../src/core/checksum.ts');
    const bytes = randomBytes(3000);
    const threads: string[] = [];
    expect(await checksum.sha1OfBlob(blobOf(bytes), { onThread: (t) => threads.push(t) })).toBe(hex(bytes));
    expect(await checksum.sha1OfBlob(blobOf(bytes), { onThread: (t) => threads.push(t) })).toBe(hex(bytes));
    expect(threads).toEqual(['main', 'main']);
    expect(constructed).toBe(1);
  });

  it('falls back to the calling thread when the worker fails to load (error before it starts)', async () => {
    const checksum = await withFakeWorker((worker) => {
      setTimeout(() => worker.dispatchEvent(new Event('error', { cancelable: true })));
    });
    const bytes = randomBytes(3000);
    const threads: string[] = [];
    expect(await checksum.sha1OfBlob(blobOf(bytes), { onThread: (t) => threads.push(t) })).toBe(hex(bytes));
    expect(await checksum.sha1OfBlob(blobOf(bytes), { onThread: (t) => threads.push(t) })).toBe(hex(bytes));
    expect(threads).toEqual(['main', 'main']);
    expect(FakeWorker.instances).toHaveLength(1);
    expect(FakeWorker.instances[0]?.terminated).toBe(true);
  });

  it('an abort terminates the worker and rejects; the next file gets a new worker', async () => {
    const controller = new AbortController();
    const checksum = await withFakeWorker((worker, { id }) => {
      worker.answer({ id, type: 'start' });
      worker.answer({ id, type: 'progress', bytes: MiB });
    });
    const hashing = checksum.sha1OfBlob(blobOf(randomBytes(10)), {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(hashing).rejects.toMatchObject({ name: 'AbortError' });
    expect(FakeWorker.instances[0]?.terminated).toBe(true);

    FakeWorker.onJob = answerLikeTheWorker;
    const bytes = randomBytes(10);
    expect(await checksum.sha1OfBlob(blobOf(bytes))).toBe(hex(bytes));
    expect(FakeWorker.instances).toHaveLength(2);
  });

  it('an abort while waiting for the worker leaves the file before it alone', async () => {
    let answerFirst = () => {};
    const checksum = await withFakeWorker((worker, job) => {
      answerFirst = () => answerLikeTheWorker(worker, job);
    });
    const first = randomBytes(10);
    const firstHash = checksum.sha1OfBlob(blobOf(first));
    const controller = new AbortController();
    const second = checksum.sha1OfBlob(blobOf(randomBytes(10)), { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve));
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    answerFirst();
    expect(await firstHash).toBe(hex(first));
    expect(FakeWorker.instances[0]?.jobs).toHaveLength(1);
    expect(FakeWorker.instances[0]?.terminated).toBe(false);
  });

  it('passes a read error from the worker on', async () => {
    const checksum = await withFakeWorker((worker, { id }) => {
      setTimeout(() => {
        worker.answer({ id, type: 'start' });
        worker.answer({ id, type: 'error', name: 'NotReadableError', message: 'the file changed' });
      });
    });
    await expect(checksum.sha1OfBlob(blobOf(randomBytes(10)))).rejects.toMatchObject({
      name: 'NotReadableError',
      message: 'the file changed',
    });
  });

  it('useWorker: false never starts one', async () => {
    const checksum = await withFakeWorker(answerLikeTheWorker);
    const bytes = randomBytes(100);
    expect(await checksum.sha1OfBlob(blobOf(bytes), { useWorker: false })).toBe(hex(bytes));
    expect(FakeWorker.instances).toHaveLength(0);
  });
});

interface FakeRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  sent: unknown[];
  aborted: boolean;
  underlying: object;
  progressHandler?: (bytes: number) => void;
}

/** An inner stack that records what reaches it; `sendGate` can hold `send` until the test lets it go. */
function fakeStack() {
  const requests: FakeRequest[] = [];
  const stack: TusHttpStack = {
    getName: () => 'FakeStack',
    createRequest(method, url) {
      const r: FakeRequest = { method, url, headers: [], sent: [], aborted: false, underlying: {} };
      requests.push(r);
      const request: TusHttpRequest = {
        getMethod: () => method,
        getURL: () => url,
        setHeader: (name, value) => void r.headers.push([name, value]),
        getHeader: (name) => r.headers.findLast(([n]) => n === name)?.[1],
        setProgressHandler: (handler) => {
          r.progressHandler = handler;
        },
        send: async (body) => {
          r.sent.push(body);
          return {
            getStatus: () => 204,
            getHeader: () => undefined,
            getBody: () => '',
            getUnderlyingObject: () => r.underlying,
          };
        },
        abort: async () => {
          r.aborted = true;
        },
        getUnderlyingObject: () => r.underlying,
      };
      return request;
    },
  };
  const checksumOf = (r: FakeRequest | undefined) =>
    r?.headers.filter(([n]) => n.toLowerCase() === 'upload-checksum').map(([, v]) => v);
  return { stack, requests, checksumOf };
}

describe('createChecksumHttpStack', () => {
  it('a PATCH with a Blob body gets Upload-Checksum of exactly that body, and sends the same Blob', async () => {
    const { stack, requests, checksumOf } = fakeStack();
    const bytes = randomBytes(MiB + 7);
    const body = blobOf(bytes);
    const req = createChecksumHttpStack(stack).createRequest('PATCH', 'https://ocis.test/data/x');
    req.setHeader('Upload-Offset', '0');
    req.setHeader('Content-Type', 'application/offset+octet-stream');
    const res = await req.send(body);
    expect(res.getStatus()).toBe(204);
    expect(checksumOf(requests[0])).toEqual([header(bytes)]);
    expect(requests[0]?.sent).toHaveLength(1);
    expect(requests[0]?.sent[0]).toBe(body);
  });

  it('a POST with X-HTTP-Method-Override: PATCH gets one', async () => {
    const { stack, requests, checksumOf } = fakeStack();
    const bytes = randomBytes(4096);
    const req = createChecksumHttpStack(stack).createRequest('POST', 'https://ocis.test/data/x');
    req.setHeader('X-HTTP-Method-Override', 'PATCH');
    await req.send(blobOf(bytes));
    expect(checksumOf(requests[0])).toEqual([header(bytes)]);
  });

  it('a creation-with-upload POST (offset+octet-stream body) gets one', async () => {
    const { stack, requests, checksumOf } = fakeStack();
    const bytes = randomBytes(100);
    const req = createChecksumHttpStack(stack).createRequest('POST', 'https://ocis.test/remote.php/dav/spaces/s');
    req.setHeader('Upload-Length', '100');
    req.setHeader('Content-Type', 'application/offset+octet-stream');
    await req.send(blobOf(bytes));
    expect(checksumOf(requests[0])).toEqual([header(bytes)]);
  });

  it('HEAD, DELETE and a creation POST without a body get none', async () => {
    const { stack, requests, checksumOf } = fakeStack();
    const wrapped = createChecksumHttpStack(stack);
    await wrapped.createRequest('HEAD', 'https://ocis.test/data/x').send();
    await wrapped.createRequest('DELETE', 'https://ocis.test/data/x').send(null);
    const create = wrapped.createRequest('POST', 'https://ocis.test/remote.php/dav/spaces/s');
    create.setHeader('Upload-Length', '10');
    await create.send(null);
    // A POST body that is not tus data (no override, no offset+octet-stream) is left alone too.
    const other = wrapped.createRequest('POST', 'https://ocis.test/other');
    other.setHeader('Content-Type', 'application/json');
    await other.send(blobOf(randomBytes(10)));
    expect(requests.map(checksumOf)).toEqual([[], [], [], []]);
  });

  it('enabled: () => false adds none; it is asked at each send', async () => {
    const { stack, requests, checksumOf } = fakeStack();
    let on = false;
    const wrapped = createChecksumHttpStack(stack, { enabled: () => on });
    const bytes = randomBytes(10);
    await wrapped.createRequest('PATCH', 'https://ocis.test/data/x').send(blobOf(bytes));
    on = true;
    await wrapped.createRequest('PATCH', 'https://ocis.test/data/x').send(blobOf(bytes));
    expect(requests.map(checksumOf)).toEqual([[], [header(bytes)]]);
  });

  it('byte bodies (tus-js-client in Node sends Buffers) get one for exactly their bytes', async () => {
    const { stack, requests, checksumOf } = fakeStack();
    const bytes = randomBytes(2000);
    const view = bytes.subarray(500, 1500);
    await createChecksumHttpStack(stack).createRequest('PATCH', 'https://ocis.test/data/x').send(view);
    expect(checksumOf(requests[0])).toEqual([header(view)]);
    expect(requests[0]?.sent[0]).toBe(view);
  });

  it('a body above 16 MiB (one request per file) is streamed and still right', async () => {
    const { stack, requests, checksumOf } = fakeStack();
    const bytes = randomBytes(17 * MiB);
    const arrayBuffer = vi.spyOn(Blob.prototype, 'arrayBuffer');
    await createChecksumHttpStack(stack).createRequest('PATCH', 'https://ocis.test/data/x').send(blobOf(bytes));
    expect(checksumOf(requests[0])).toEqual([header(bytes)]);
    expect(arrayBuffer).not.toHaveBeenCalled();
  });

  it('keeps an Upload-Checksum the caller set', async () => {
    const { stack, requests, checksumOf } = fakeStack();
    const req = createChecksumHttpStack(stack).createRequest('PATCH', 'https://ocis.test/data/x');
    req.setHeader('Upload-Checksum', 'md5 1B2M2Y8AsgTpgAmY7PhCfg==');
    await req.send(blobOf(randomBytes(10)));
    expect(checksumOf(requests[0])).toEqual(['md5 1B2M2Y8AsgTpgAmY7PhCfg==']);
  });

  it.each([
    ['read whole', MiB],
    ['streamed', 20 * MiB],
  ])('an abort while hashing a body (%s) never sends the request', async (_label, size) => {
    const { stack, requests } = fakeStack();
    const req = createChecksumHttpStack(stack).createRequest('PATCH', 'https://ocis.test/data/x');
    const sending = req.send(blobOf(randomBytes(size)));
    await req.abort();
    await expect(sending).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests[0]?.aborted).toBe(true);
    expect(requests[0]?.sent).toEqual([]);
  });

  it('passes everything else through to the inner request', async () => {
    const { stack, requests } = fakeStack();
    const wrapped = createChecksumHttpStack(stack);
    expect(wrapped.getName()).toContain('FakeStack');
    const req = wrapped.createRequest('HEAD', 'https://ocis.test/data/y');
    expect(req.getMethod()).toBe('HEAD');
    expect(req.getURL()).toBe('https://ocis.test/data/y');
    req.setHeader('Tus-Resumable', '1.0.0');
    expect(req.getHeader('Tus-Resumable')).toBe('1.0.0');
    const handler = vi.fn();
    req.setProgressHandler(handler);
    requests[0]?.progressHandler?.(42);
    expect(handler).toHaveBeenCalledWith(42);
    expect(req.getUnderlyingObject()).toBe(requests[0]?.underlying);
    const res = await req.send();
    expect(res.getUnderlyingObject()).toBe(requests[0]?.underlying);
    await req.abort();
    expect(requests[0]?.aborted).toBe(true);
  });

  it("is tus-js-client's HttpStack, and wraps its DefaultHttpStack (type level)", () => {
    const wrapped: HttpStack = createChecksumHttpStack(new DefaultHttpStack({}));
    expect(wrapped.getName()).toMatch(/^ChecksumHttpStack\(.+\)$/);
  });
});
