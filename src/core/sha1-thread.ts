/**
 * SHA-1 on the calling thread with hash-wasm (loaded on first use), for whole files when no worker can run and for
 * request bodies WebCrypto cannot digest.
 */

export const abortError = () => new DOMException('SHA-1 hashing was aborted', 'AbortError');

/** What the hashing loop heeds of `Sha1OfBlobOptions`. */
export interface ThreadHashOptions {
  signal?: AbortSignal;
  onProgress?: (bytesHashed: number) => void;
}

async function createHasher() {
  // Loaded on first use: apps that never hash do not carry the WebAssembly module in their main bundle.
  const { createSHA1 } = await import('./sha1-main.js');
  const hasher = await createSHA1();
  hasher.init();
  return hasher;
}

/** Streams the blob through hash-wasm on this thread: one chunk of the file in memory at a time. */
export async function hashOnThisThread(blob: Blob, { signal, onProgress }: ThreadHashOptions): Promise<string> {
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

function isPlainBuffer(view: Uint8Array): view is Uint8Array<ArrayBuffer> {
  return view.buffer instanceof ArrayBuffer;
}

/** Lower-case hex of a digest. */
export const toHex = (bytes: ArrayBuffer | Uint8Array): string =>
  Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );

export async function sha1Digest(bytes: ArrayBuffer | Uint8Array): Promise<Uint8Array> {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  // WebCrypto is missing outside secure contexts (plain-HTTP dev servers) and refuses shared memory.
  const subtle = globalThis.crypto?.subtle;
  if (subtle && isPlainBuffer(view)) return new Uint8Array(await subtle.digest('SHA-1', view));
  const hasher = await createHasher();
  hasher.update(view);
  return hasher.digest('binary');
}
