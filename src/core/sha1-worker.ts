/**
 * The Web Worker behind `sha1OfBlob` and `startSha1`: streams each posted Blob through hash-wasm's SHA-1 and posts
 * `start`, throttled `progress`, then `done` (lower-case hex) or `error`. A job with a `lead` is paced: it hashes at
 * most `lead` bytes beyond what `allow` messages granted (a file hashed alongside its upload keeps just ahead of
 * it). Jobs run side by side; `cancel` stops one. Started by `checksum.ts` only.
 */
import { createSHA1 } from 'hash-wasm';

export interface Sha1WorkerRequest {
  id: number;
  blob: Blob;
  /** Pacing: bytes it may hash beyond the last `allow`; absent: as fast as it reads. */
  lead?: number;
}

export type Sha1WorkerControl = { id: number; type: 'allow'; upTo: number } | { id: number; type: 'cancel' };

export type Sha1WorkerMessage =
  | { id: number; type: 'start' }
  | { id: number; type: 'progress'; bytes: number }
  | { id: number; type: 'done'; hex: string }
  | { id: number; type: 'error'; name: string; message: string };

/** Only what this file uses of a worker's global scope (the project's `lib` is DOM, not WebWorker). */
interface WorkerScope {
  postMessage(message: Sha1WorkerMessage): void;
  addEventListener(
    type: 'message',
    listener: (event: MessageEvent<Sha1WorkerRequest | Sha1WorkerControl>) => void,
  ): void;
}

/** One message per MiB at most: a 2 GiB file in 64 KiB chunks would otherwise post 32,768 of them. */
const PROGRESS_STEP = 1024 * 1024;

const scope = globalThis as unknown as WorkerScope;

interface Job {
  allowed: number;
  wake?: () => void;
  cancel?: () => void;
  canceled: boolean;
}
const jobs = new Map<number, Job>();

// The same loop as `hashOnThisThread` in sha1-thread.ts, kept apart on purpose: importing checksum.ts here would
// put its `new Worker(new URL(...))` inside the worker bundle and make bundlers build this worker from itself.
async function hash({ id, blob, lead }: Sha1WorkerRequest, job: Job): Promise<void> {
  scope.postMessage({ id, type: 'start' });
  const hasher = await createSHA1();
  hasher.init();
  const reader = blob.stream().getReader();
  job.cancel = () => void reader.cancel().catch(() => {});
  let bytes = 0;
  let posted = 0;
  for (;;) {
    // Paced: wait until the transfer has come within `lead` of what is hashed (or it allowed everything).
    while (lead !== undefined && bytes > job.allowed + lead && job.allowed < blob.size && !job.canceled)
      await new Promise<void>((resolve) => {
        job.wake = resolve;
      });
    if (job.canceled) throw new DOMException('SHA-1 hashing was aborted', 'AbortError');
    const { done, value } = await reader.read();
    if (job.canceled) throw new DOMException('SHA-1 hashing was aborted', 'AbortError');
    if (done) break;
    hasher.update(value);
    bytes += value.byteLength;
    if (bytes - posted >= PROGRESS_STEP) {
      posted = bytes;
      scope.postMessage({ id, type: 'progress', bytes });
    }
  }
  if (posted !== bytes || bytes === 0) scope.postMessage({ id, type: 'progress', bytes });
  scope.postMessage({ id, type: 'done', hex: hasher.digest('hex') });
}

// checksum.ts's `sha1OfBlob` sends one job at a time, so one file's chunks at most are in memory for it; paced
// jobs (`startSha1`) hold one stream chunk each while they wait.
scope.addEventListener('message', (event) => {
  const message = event.data;
  if ('type' in message) {
    const job = jobs.get(message.id);
    if (!job) return;
    if (message.type === 'allow') job.allowed = Math.max(job.allowed, message.upTo);
    else {
      job.canceled = true;
      job.cancel?.();
    }
    job.wake?.();
    return;
  }
  const job: Job = { allowed: 0, canceled: false };
  jobs.set(message.id, job);
  hash(message, job)
    .catch((error: unknown) => {
      const { name, message: text } = error instanceof Error ? error : new Error(String(error));
      scope.postMessage({ id: message.id, type: 'error', name, message: text });
    })
    .finally(() => jobs.delete(message.id));
});
