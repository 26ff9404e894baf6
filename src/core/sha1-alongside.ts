/**
 * Whole-file SHA-1 computed while the file uploads, for verification against the server's own SHA-1 afterwards.
 * `startSha1` returns at once (nothing to await before the transfer starts) and hashes in a worker of its own,
 * several files side by side. Paced with `lead`, it stays at most that many bytes ahead of what the transfer
 * reports sent (`allow`), so on a busy machine hashing takes CPU in step with the upload instead of in one burst
 * that competes with it; once the transfer is done, `allow(size)` lets it finish the last `lead` bytes.
 */
import { createSha1Worker } from './checksum.js';
import type { Sha1WorkerControl, Sha1WorkerMessage, Sha1WorkerRequest } from './sha1-worker.js';

export interface StartSha1Options {
  /** Aborting rejects `done` with a `DOMException` named `AbortError` and stops the reading. */
  signal?: AbortSignal;
  /** Bytes hashing may run ahead of the last `allow`; absent: as fast as the file can be read. */
  lead?: number;
  /** Bytes hashed so far: about once per MiB, and a last call with the size. */
  onProgress?: (bytesHashed: number) => void;
  /** `false`: hash on the calling thread (tests, environments without workers). */
  useWorker?: boolean;
}

export interface Sha1InProgress {
  /** Lower-case hex of the whole blob. Rejects on abort or when the file cannot be read (moved, deleted). */
  done: Promise<string>;
  /** The transfer has sent this many bytes: a paced hash may go `lead` beyond. `allow(blob.size)` lets it finish. */
  allow(bytes: number): void;
}

/** The dedicated worker is stopped once no job has used it for this long. */
const IDLE_MS = 10_000;

const abortError = () => new DOMException('SHA-1 hashing was aborted', 'AbortError');

interface Pending {
  onMessage(message: Sha1WorkerMessage): void;
  /** The worker failed: `started` says whether this job had begun (else it may run on this thread instead). */
  onFailure(started: boolean, error: Error): void;
  started: boolean;
}

let worker: Worker | undefined;
let unavailable = false;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

function workerForJobs(): Worker | undefined {
  if (worker || unavailable) return worker;
  worker = createSha1Worker();
  if (!worker) {
    unavailable = true;
    return undefined;
  }
  worker.addEventListener('message', (event: MessageEvent<Sha1WorkerMessage>) => {
    const job = pending.get(event.data.id);
    if (!job) return;
    if (event.data.type === 'start') job.started = true;
    job.onMessage(event.data);
  });
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    // A worker that never started any job never loaded (404, CSP, a bundler that dropped it): not tried again.
    if (![...pending.values()].some((job) => job.started)) unavailable = true;
    const failed = [...pending.values()];
    pending.clear();
    stopWorker();
    for (const job of failed) job.onFailure(job.started, new Error(`the SHA-1 worker failed: ${event.message}`));
  });
  return worker;
}

function stopWorker() {
  clearTimeout(idleTimer);
  worker?.terminate();
  worker = undefined;
}

function settle(id: number) {
  pending.delete(id);
  if (pending.size === 0) {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(stopWorker, IDLE_MS);
  }
}

/** The same paced loop on this thread (no worker): hash-wasm loaded on first use. */
async function hashHere(blob: Blob, options: StartSha1Options, allowed: () => number, wait: () => Promise<void>) {
  const { createSHA1 } = await import('./sha1-main.js');
  const hasher = await createSHA1();
  hasher.init();
  const reader = blob.stream().getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  options.signal?.addEventListener('abort', cancel, { once: true });
  let bytes = 0;
  try {
    for (;;) {
      while (options.lead !== undefined && bytes > allowed() + options.lead && allowed() < blob.size) await wait();
      options.signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (options.signal?.aborted) throw abortError();
      if (done) break;
      hasher.update(value);
      bytes += value.byteLength;
      options.onProgress?.(bytes);
    }
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
  if (bytes === 0) options.onProgress?.(0);
  return hasher.digest('hex');
}

/**
 * Starts hashing `blob` at once and returns without awaiting anything. In a worker when one can be started
 * (silently on this thread otherwise). `done` is marked handled: an abort nobody awaits is not an unhandled
 * rejection.
 */
export function startSha1(blob: Blob, options: StartSha1Options = {}): Sha1InProgress {
  let allowed = 0;
  let wake: (() => void) | undefined;
  let control: ((message: Sha1WorkerControl) => void) | undefined;
  const id = ++nextId;
  const allow = (bytes: number) => {
    if (bytes <= allowed) return;
    allowed = bytes;
    control?.({ id, type: 'allow', upTo: bytes });
    wake?.();
  };
  const onThisThread = () =>
    hashHere(
      blob,
      options,
      () => allowed,
      () =>
        new Promise<void>((resolve) => {
          wake = resolve;
          options.signal?.addEventListener('abort', () => resolve(), { once: true });
        }),
    );

  const done = new Promise<string>((resolve, reject) => {
    if (options.signal?.aborted) return reject(abortError());
    const w = options.useWorker === false ? undefined : workerForJobs();
    if (!w) return onThisThread().then(resolve, reject);
    clearTimeout(idleTimer);
    const onAbort = () => {
      control?.({ id, type: 'cancel' });
      settle(id);
      reject(abortError());
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = () => {
      options.signal?.removeEventListener('abort', onAbort);
      settle(id);
    };
    pending.set(id, {
      started: false,
      onMessage(message) {
        if (message.type === 'progress') options.onProgress?.(message.bytes);
        else if (message.type === 'done') {
          finish();
          resolve(message.hex);
        } else if (message.type === 'error') {
          finish();
          reject(new DOMException(message.message, message.name));
        }
      },
      onFailure(started, error) {
        control = undefined;
        options.signal?.removeEventListener('abort', onAbort);
        if (started) reject(error);
        else onThisThread().then(resolve, reject);
      },
    });
    control = (message) => w.postMessage(message);
    w.postMessage({
      id,
      blob,
      ...(options.lead === undefined ? {} : { lead: options.lead }),
    } satisfies Sha1WorkerRequest);
    if (allowed > 0) control({ id, type: 'allow', upTo: allowed });
  });
  done.catch(() => {});
  return { done, allow };
}
