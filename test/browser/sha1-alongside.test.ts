/**
 * `startSha1` in Chromium: the whole-file SHA-1 computed alongside an upload, in its own worker, several files side
 * by side, paced by what the transfer reports sent (`allow`), aborted one file at a time.
 */
import { describe, expect, it } from 'vitest';
import { startSha1 } from '../../src/core/sha1-alongside.ts';
import { randomBytes, sha1 } from './mock-client.ts';

const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a promise has settled yet (without waiting for it). */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await sleep(0);
  return settled;
}

describe('startSha1 in Chromium', () => {
  it('unpaced: as fast as it reads, equal to WebCrypto, progress up to the size', async () => {
    const bytes = randomBytes(24 * MiB + 3);
    const progress: number[] = [];
    const hashing = startSha1(new Blob([bytes]), { onProgress: (n) => progress.push(n) });
    expect(await hashing.done).toBe(await sha1(bytes));
    expect(progress.at(-1)).toBe(bytes.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('paced: stays within lead of what was allowed, then finishes once everything is allowed', async () => {
    const bytes = randomBytes(32 * MiB);
    let hashed = 0;
    const lead = 4 * MiB;
    const hashing = startSha1(new Blob([bytes]), { lead, onProgress: (n) => (hashed = n) });
    await sleep(300);
    expect(await isSettled(hashing.done)).toBe(false);
    // Within the lead, give or take one read of the stream (Chromium reads in-memory Blobs up to 2 MiB at a time).
    expect(hashed).toBeLessThanOrEqual(lead + 3 * MiB);
    hashing.allow(16 * MiB);
    await sleep(300);
    expect(hashed).toBeGreaterThan(16 * MiB);
    expect(hashed).toBeLessThanOrEqual(16 * MiB + lead + 3 * MiB);
    expect(await isSettled(hashing.done)).toBe(false);
    hashing.allow(bytes.length);
    expect(await hashing.done).toBe(await sha1(bytes));
  });

  it('files side by side: one held back does not hold the others (no queue)', async () => {
    const files = [randomBytes(12 * MiB), randomBytes(5 * MiB + 1), randomBytes(0), randomBytes(MiB)];
    const hashes = files.map((bytes) => startSha1(new Blob([bytes]), { lead: MiB }));
    for (const [i, hashing] of hashes.entries()) if (i > 0) hashing.allow(files[i]?.length ?? 0);
    const later = await Promise.all(hashes.slice(1).map((h) => h.done));
    expect(later).toEqual(await Promise.all(files.slice(1).map((f) => sha1(f))));
    expect(await isSettled(hashes[0]?.done as Promise<string>)).toBe(false);
    hashes[0]?.allow(files[0]?.length ?? 0);
    expect(await hashes[0]?.done).toBe(await sha1(files[0] as Uint8Array<ArrayBuffer>));
  });

  it('an abort rejects that file with AbortError; the file hashed beside it is not disturbed', async () => {
    const controller = new AbortController();
    const aborted = startSha1(new Blob([randomBytes(16 * MiB)]), { lead: MiB, signal: controller.signal });
    const other = randomBytes(20 * MiB);
    const kept = startSha1(new Blob([other]));
    controller.abort();
    await expect(aborted.done).rejects.toMatchObject({ name: 'AbortError' });
    expect(await kept.done).toBe(await sha1(other));
    const already = new AbortController();
    already.abort();
    await expect(startSha1(new Blob([other]), { signal: already.signal }).done).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('on this thread (useWorker: false): the same digest, paced the same way', async () => {
    const bytes = randomBytes(6 * MiB + 5);
    let hashed = 0;
    const hashing = startSha1(new Blob([bytes]), { useWorker: false, lead: MiB, onProgress: (n) => (hashed = n) });
    await sleep(200);
    expect(hashed).toBeLessThanOrEqual(MiB + 3 * MiB);
    hashing.allow(bytes.length);
    expect(await hashing.done).toBe(await sha1(bytes));
    expect(hashed).toBe(bytes.length);
  });
});
