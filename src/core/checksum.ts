/**
 * SHA-1 for uploads: the whole file (metadata `checksum: SHA1 <hex>`, hashed in a Web Worker when one can be
 * started) and each tus request body (`Upload-Checksum: sha1 <base64>`, added by an HttpStack wrapper, see
 * checksum-http-stack.ts). The worker is started in this file: the library build looks for its URL here.
 */
import { type ChecksumHttpStackOptions, checksummingHttpStack, type TusHttpStack } from './checksum-http-stack.js';
import { abortError, hashOnThisThread } from './sha1-thread.js';
import type { Sha1WorkerMessage, Sha1WorkerRequest } from './sha1-worker.js';

export {
  type ChecksumHttpStackOptions,
  checksumHeader,
  type TusHttpRequest,
  type TusHttpResponse,
  type TusHttpStack,
} from './checksum-http-stack.js';

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

/** An idle worker is stopped after this long; the next file starts a new one. */
const WORKER_IDLE_MS = 10_000;

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

/** The upload metadata `checksum` the oCIS web UI format uses: `SHA1 <40 hex digits>`. */
export function metadataChecksum(hex: string): string {
  if (typeof hex !== 'string' || !/^[0-9a-f]{40}$/i.test(hex))
    throw new TypeError(`a SHA-1 is 40 hex digits, got ${JSON.stringify(hex)}`);
  return `SHA1 ${hex.toLowerCase()}`;
}

/**
 * Wraps a tus-js-client HttpStack (e.g. `new DefaultHttpStack()`) so that every request carrying file bytes gets
 * `Upload-Checksum: sha1 <base64>` of exactly those bytes. The body itself is sent unchanged; an `Upload-Checksum`
 * the caller set already is kept; everything else is passed through.
 */
export function createChecksumHttpStack(inner: TusHttpStack, options: ChecksumHttpStackOptions = {}): TusHttpStack {
  return checksummingHttpStack(inner, options, (blob, signal) => sha1OfBlob(blob, { signal }));
}
