/** Both blob stores keep the same contract: in-order appends, size and SHA-1 as they go, reads, deletes. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/mock/memory-store.ts';
import { createFileStore } from '../../src/mock/node.ts';
import type { MockBlobStore } from '../../src/mock/types.ts';

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const c of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(c);
  return Buffer.concat(chunks);
}

const stores: Array<[string, () => MockBlobStore]> = [
  ['memory', createMemoryStore],
  ['file', () => createFileStore()],
];

describe.each(stores)('%s store', (_name, make) => {
  it('hashes and sizes what was appended, and keeps hashing after a stat', async () => {
    const store = make();
    const key = await store.create();
    const reused = new Uint8Array([1, 2, 3]);
    await store.append(key, reused);
    reused.fill(9); // a caller reusing its buffer must not change what was stored
    expect(await store.stat(key)).toEqual({
      size: 3,
      sha1: createHash('sha1')
        .update(Buffer.from([1, 2, 3]))
        .digest('hex'),
    });
    await store.append(key, new Uint8Array([4, 5]));
    const all = Buffer.from([1, 2, 3, 4, 5]);
    expect(await store.stat(key)).toEqual({ size: 5, sha1: createHash('sha1').update(all).digest('hex') });
    expect(await readAll(store.read(key))).toEqual(all);
    await store.close();
  });

  it('an empty blob has the SHA-1 of no bytes', async () => {
    const store = make();
    const key = await store.create();
    expect(await store.stat(key)).toEqual({ size: 0, sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' });
    expect((await readAll(store.read(key))).length).toBe(0);
    await store.close();
  });

  it('delete forgets a blob and leaves the others', async () => {
    const store = make();
    const a = await store.create();
    const b = await store.create();
    await store.append(b, new Uint8Array([7]));
    await store.delete(a);
    await expect(store.stat(a)).rejects.toThrow();
    expect((await store.stat(b)).size).toBe(1);
    await store.close();
  });
});

it('the file store keeps bytes in a temporary directory and removes it on close', async () => {
  const store = createFileStore();
  expect(store.directory).toBeUndefined();
  const key = await store.create();
  await store.append(key, new Uint8Array(1000));
  const dir = store.directory as string;
  expect(readdirSync(dir)).toEqual([key]);
  await store.delete(key);
  expect(readdirSync(dir)).toEqual([]);
  await store.create();
  await store.close();
  expect(existsSync(dir)).toBe(false);
  expect(store.directory).toBeUndefined();
});
