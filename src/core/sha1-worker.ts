/**
 * The Web Worker behind `sha1OfBlob`: streams each posted Blob through hash-wasm's SHA-1, one job at a time, and
 * posts `start`, throttled `progress`, then `done` (lower-case hex) or `error`. Started by `checksum.ts` only.
 */
import { createSHA1 } from 'hash-wasm';

export interface Sha1WorkerRequest {
  id: number;
  blob: Blob;
}

export type Sha1WorkerMessage =
  | { id: number; type: 'start' }
  | { id: number; type: 'progress'; bytes: number }
  | { id: number; type: 'done'; hex: string }
  | { id: number; type: 'error'; name: string; message: string };

/** Only what this file uses of a worker's global scope (the project's `lib` is DOM, not WebWorker). */
interface WorkerScope {
  postMessage(message: Sha1WorkerMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<Sha1WorkerRequest>) => void): void;
}

/** One message per MiB at most: a 2 GiB file in 64 KiB chunks would otherwise post 32,768 of them. */
const PROGRESS_STEP = 1024 * 1024;

const scope = globalThis as unknown as WorkerScope;

// The loop of `hashOnThisThread` (sha1-thread.ts) with progress throttled into messages and no abort (an aborted
// job's worker is terminated). Never import checksum.ts here: its `new Worker(new URL(...))` inside the worker
// bundle would make bundlers build this worker from itself.
async function hash({ id, blob }: Sha1WorkerRequest): Promise<void> {
  scope.postMessage({ id, type: 'start' });
  const hasher = await createSHA1();
  hasher.init();
  const reader = blob.stream().getReader();
  let bytes = 0;
  let posted = 0;
  for (;;) {
    const { done, value } = await reader.read();
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

// Jobs arrive one at a time (checksum.ts queues them), so one file's chunks at most are in memory here.
scope.addEventListener('message', (event) => {
  hash(event.data).catch((error: unknown) => {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    scope.postMessage({ id: event.data.id, type: 'error', name, message });
  });
});
