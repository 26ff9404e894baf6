import { createSHA1, type IHasher } from 'hash-wasm';
import type { MockBlobStore } from './types.js';
import { randomUuid } from './util.js';

interface MemoryBlob {
  chunks: Uint8Array[];
  size: number;
  hasher: IHasher;
}

/** Keeps blobs in memory, hashing as bytes arrive. The default store; works in browsers and service workers. */
export function createMemoryStore(): MockBlobStore {
  const blobs = new Map<string, MemoryBlob>();
  const get = (key: string): MemoryBlob => {
    const blob = blobs.get(key);
    if (!blob) throw new Error(`no blob ${key}`);
    return blob;
  };
  return {
    async create() {
      const key = randomUuid();
      const hasher = await createSHA1();
      hasher.init();
      blobs.set(key, { chunks: [], size: 0, hasher });
      return key;
    },
    async append(key, bytes) {
      const blob = get(key);
      // Copy: a stream may hand out views over buffers it reuses.
      const copy = bytes.slice();
      blob.chunks.push(copy);
      blob.size += copy.length;
      blob.hasher.update(copy);
    },
    async stat(key) {
      const blob = get(key);
      // digest() ends a hasher; save/load keeps it usable for later appends.
      const saved = blob.hasher.save();
      const sha1 = blob.hasher.digest('hex');
      blob.hasher.load(saved);
      return { size: blob.size, sha1 };
    },
    read(key) {
      const chunks = [...get(key).chunks];
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      });
    },
    async delete(key) {
      blobs.delete(key);
    },
    async close() {
      blobs.clear();
    },
  };
}
