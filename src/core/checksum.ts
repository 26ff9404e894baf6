/**
 * SHA-1 for uploads: the whole file (metadata `checksum: SHA1 <hex>`, hashed in a Web Worker when one can be
 * started) and each tus request body (`Upload-Checksum: sha1 <base64>`, added by an HttpStack wrapper).
 */
import type { Sha1WorkerMessage, Sha1WorkerRequest } from './sha1-worker.js';

export interface Sha1OfBlobOptions {
  /** Aborting rejects with a `DOMException` named `AbortError` and stops the reading (and the worker). */
  signal?: AbortSignal;
  /** Bytes hashed so far: at least once per MiB, and a last call with `blob.size` (also for an empty blob). */
  onProgress?: (bytesHashed: number) => void;
  /** `false`: hash on the calling thread. Default: in a Web Worker when one can be started. */
  useWorker?: boolean;
  /** Where the hashing runs, reported once when it starts (diagnostics, tests). */
  onThread?: (thread: 'worker' | 'main') => void;
}

/** The subset of tus-js-client's `HttpResponse` the wrapper passes through (structurally the same type). */
export interface TusHttpResponse {
  getStatus(): number;
  getHeader(header: string): string | undefined;
  getBody(): string;
  getUnderlyingObject(): unknown;
}

/** tus-js-client's `HttpRequest`, declared here so that the core's types need no tus-js-client to resolve. */
export interface TusHttpRequest {
  getMethod(): string;
  getURL(): string;
  setHeader(header: string, value: string): void;
  getHeader(header: string): string | undefined;
  setProgressHandler(handler: (bytesSent: number) => void): void;
  send(body?: unknown): Promise<TusHttpResponse>;
  abort(): Promise<void>;
  getUnderlyingObject(): unknown;
}

/** tus-js-client's `HttpStack` (the `httpStack` option of tus-js-client and of `@uppy/tus`). */
export interface TusHttpStack {
  createRequest(method: string, url: string): TusHttpRequest;
  getName(): string;
}

export interface ChecksumHttpStackOptions {
  /** Asked before each data request; `false` sends it without `Upload-Checksum`. Default: always on. */
  enabled?: () => boolean;
}

/** Bodies up to this size are read whole and digested by WebCrypto; bigger ones are streamed. */
const IN_MEMORY_LIMIT = 16 * 1024 * 1024;
/** An idle worker is stopped after this long; the next file starts a new one. */
const WORKER_IDLE_MS = 10_000;

const abortError = () => new DOMException('SHA-1 hashing was aborted', 'AbortError');

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

async function createHasher() {
  // Loaded on first use: apps that never hash do not carry the WebAssembly module in their main bundle.
  const { createSHA1 } = await import('./sha1-main.js');
  const hasher = await createSHA1();
  hasher.init();
  return hasher;
}

/** Streams the blob through hash-wasm on this thread: one chunk of the file in memory at a time. */
async function hashOnThisThread(blob: Blob, { signal, onProgress }: Sha1OfBlobOptions): Promise<string> {
  const hasher = await createHasher();
  if (signal?.aborted) throw abortError();
  const reader = blob.stream().getReader();
  // Cancelling ends a pending read at once, so an abort does not wait for the disk.
  const cancel = () => void reader.cancel().catch(() => {});
  signal?.addEventListener('abort', cancel, { once: true });
  let bytes = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal?.aborted) throw abortError();
      if (done) break;
      hasher.update(value);
      bytes += value.byteLength;
      onProgress?.(bytes);
    }
    finished = true;
  } finally {
    signal?.removeEventListener('abort', cancel);
    if (!finished) cancel();
  }
  if (bytes === 0) onProgress?.(0);
  return hasher.digest('hex');
}

// One shared worker, one job at a time: hashing several files never holds several files' chunks at once.
let worker: Worker | undefined;
/** Set once starting a worker failed (CSP, no bundler support, SSR): every later call hashes on its thread. */
let workerUnavailable = false;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let queueTail: Promise<void> = Promise.resolve();
let nextJobId = 0;

function stopWorker() {
  worker?.terminate();
  worker = undefined;
}

/**
 * A new SHA-1 worker, or `undefined` where none can be started (no `Worker`, CSP). The one place that names the
 * worker's URL: the library build keeps this expression verbatim (vite.lib.config.ts).
 */
export function createSha1Worker(): Worker | undefined {
  if (typeof Worker === 'undefined') return undefined;
  try {
    // Vite (dev, Vitest, builds) resolves './sha1-worker.js' to the .ts source; tsc emits dist/core/sha1-worker.js
    // beside this file, which consumers' bundlers (Vite, webpack 5, Rollup plugins) pick up from this same pattern.
    return new Worker(new URL('./sha1-worker.js', import.meta.url), { type: 'module' });
  } catch {
    return undefined;
  }
}

function startWorker(): Worker | undefined {
  if (worker || workerUnavailable) return worker;
  worker = createSha1Worker();
  if (!worker) workerUnavailable = true;
  return worker;
}

/** Waits for the jobs queued before this one (or for an abort), then runs `job`; the next job waits for this one. */
async function inTurn<T>(signal: AbortSignal | undefined, job: () => Promise<T>): Promise<T> {
  const previous = queueTail;
  let release = () => {};
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  queueTail = previous.then(() => mine);
  try {
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(abortError());
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      void previous.then(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
    return await job();
  } finally {
    release();
  }
}

const FALLBACK = Symbol('hash on this thread');

/** Hashes in the shared worker; `FALLBACK` when the worker could not even start (then it is never tried again). */
function hashInWorker(blob: Blob, options: Sha1OfBlobOptions): Promise<string | typeof FALLBACK> {
  const { signal, onProgress, onThread } = options;
  if (signal?.aborted) return Promise.reject(abortError());
  const w = startWorker();
  if (!w) return Promise.resolve(FALLBACK);
  clearTimeout(idleTimer);
  const id = ++nextJobId;
  return new Promise((resolve, reject) => {
    let started = false;
    const end = (discardWorker: boolean) => {
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      signal?.removeEventListener('abort', onAbort);
      if (discardWorker) stopWorker();
      else idleTimer = setTimeout(stopWorker, WORKER_IDLE_MS);
    };
    const onMessage = (event: MessageEvent<Sha1WorkerMessage>) => {
      const message = event.data;
      if (message.id !== id) return;
      if (message.type === 'start') {
        started = true;
        onThread?.('worker');
      } else if (message.type === 'progress') onProgress?.(message.bytes);
      else if (message.type === 'done') {
        end(false);
        resolve(message.hex);
      } else {
        end(false);
        reject(new DOMException(message.message, message.name));
      }
    };
    // A worker that fails before it says `start` never loaded (404, CSP, a bundler that dropped it): fall back.
    const onError = (event: ErrorEvent) => {
      event.preventDefault();
      end(true);
      if (started) reject(new Error(`the SHA-1 worker failed: ${event.message || 'unknown error'}`));
      else {
        workerUnavailable = true;
        resolve(FALLBACK);
      }
    };
    // Terminating is the only way to stop a worker in the middle of a file; the next job starts a new one.
    const onAbort = () => {
      end(true);
      reject(abortError());
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    w.postMessage({ id, blob } satisfies Sha1WorkerRequest);
  });
}

/**
 * Whole-file SHA-1 as lower-case hex, streamed from `blob.stream()` (memory stays flat, whatever the size). Runs in
 * a Web Worker when one can be started, else, silently, on the calling thread (Node, SSR, CSP without workers).
 */
export async function sha1OfBlob(blob: Blob, options: Sha1OfBlobOptions = {}): Promise<string> {
  if (options.signal?.aborted) throw abortError();
  if (options.useWorker !== false && typeof Worker !== 'undefined' && !workerUnavailable) {
    const hex = await inTurn(options.signal, () => hashInWorker(blob, options));
    if (hex !== FALLBACK) return hex;
  }
  options.onThread?.('main');
  return hashOnThisThread(blob, options);
}

function isPlainBuffer(view: Uint8Array): view is Uint8Array<ArrayBuffer> {
  return view.buffer instanceof ArrayBuffer;
}

async function sha1Digest(bytes: ArrayBuffer | Uint8Array): Promise<Uint8Array> {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  // WebCrypto is missing outside secure contexts (plain-HTTP dev servers) and refuses shared memory.
  const subtle = globalThis.crypto?.subtle;
  if (subtle && isPlainBuffer(view)) return new Uint8Array(await subtle.digest('SHA-1', view));
  const hasher = await createHasher();
  hasher.update(view);
  return hasher.digest('binary');
}

/** The tus checksum extension's header value for one request body: `sha1 <base64 of the 20-byte digest>`. */
export async function checksumHeader(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  return `sha1 ${toBase64(await sha1Digest(bytes))}`;
}

/** The upload metadata `checksum` the oCIS web UI format uses: `SHA1 <40 hex digits>`. */
export function metadataChecksum(hex: string): string {
  if (typeof hex !== 'string' || !/^[0-9a-f]{40}$/i.test(hex))
    throw new TypeError(`a SHA-1 is 40 hex digits, got ${JSON.stringify(hex)}`);
  return `SHA1 ${hex.toLowerCase()}`;
}

/** PATCH, POST + `X-HTTP-Method-Override: PATCH`, or a creation-with-upload POST: a request that carries file bytes. */
function carriesData(method: string, headers: ReadonlyMap<string, string>): boolean {
  const m = method.toUpperCase();
  if (m === 'PATCH') return true;
  if (m !== 'POST') return false;
  if (headers.get('x-http-method-override')?.trim().toUpperCase() === 'PATCH') return true;
  return headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() === 'application/offset+octet-stream';
}

/** `Upload-Checksum` for a body tus-js-client sends: a Blob slice (browsers) or bytes (Node's Buffer); else none. */
async function bodyChecksum(body: unknown, signal: AbortSignal): Promise<string | undefined> {
  if (body instanceof Blob) {
    if (body.size <= IN_MEMORY_LIMIT) return checksumHeader(await body.arrayBuffer());
    // A chunk this big (e.g. `chunkSize: Infinity`, one request per file) is streamed, never read whole.
    return `sha1 ${toBase64(hexToBytes(await sha1OfBlob(body, { signal })))}`;
  }
  if (body instanceof ArrayBuffer) return checksumHeader(body);
  if (ArrayBuffer.isView(body)) return checksumHeader(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  // Streams (tus-js-client's Node build for fs streams) cannot be read twice: sent without a checksum.
  return undefined;
}

/**
 * Wraps a tus-js-client HttpStack (e.g. `new DefaultHttpStack()`) so that every request carrying file bytes gets
 * `Upload-Checksum: sha1 <base64>` of exactly those bytes. The body itself is sent unchanged; an `Upload-Checksum`
 * the caller set already is kept; everything else is passed through.
 */
export function createChecksumHttpStack(inner: TusHttpStack, options: ChecksumHttpStackOptions = {}): TusHttpStack {
  return {
    getName: () => `ChecksumHttpStack(${inner.getName()})`,
    createRequest(method, url) {
      const request = inner.createRequest(method, url);
      // Kept here (names lower-case) rather than asked of `request.getHeader`, whose case handling varies by stack.
      const headers = new Map<string, string>();
      const controller = new AbortController();
      return {
        getMethod: () => request.getMethod(),
        getURL: () => request.getURL(),
        setHeader(header, value) {
          headers.set(header.toLowerCase(), value);
          request.setHeader(header, value);
        },
        getHeader: (header) => request.getHeader(header),
        setProgressHandler: (handler) => request.setProgressHandler(handler),
        async send(body) {
          const wanted =
            body != null &&
            !headers.has('upload-checksum') &&
            carriesData(request.getMethod(), headers) &&
            (options.enabled?.() ?? true);
          if (wanted) {
            const checksum = await bodyChecksum(body, controller.signal);
            // Aborted while hashing: the inner request was never sent, and must not be now.
            if (controller.signal.aborted) throw abortError();
            if (checksum !== undefined) {
              headers.set('upload-checksum', checksum);
              request.setHeader('Upload-Checksum', checksum);
            }
          }
          return request.send(body);
        },
        abort() {
          controller.abort();
          return request.abort();
        },
        getUnderlyingObject: () => request.getUnderlyingObject(),
      };
    },
  };
}
