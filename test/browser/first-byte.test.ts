/**
 * Hashing never delays the first byte (issue 13), for a 64 MiB file against the mock. The page holds every message
 * to the library's hashing workers until the test lets them through, so no hash can even start before then: with
 * the default checksum mode (`verify`, hashed alongside the transfer) the creation request reaches the mock while
 * hashing is held; with `whole-file` (the SHA-1 travels in the creation request) it comes only once the hash could
 * run. A wall clock comparison (hashing measured apart) was tried first: on a loaded 2-core machine both sides
 * swing by a factor of 3, and it failed now and then; holding the hash makes the order certain.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ChecksumMode, createSpaceUploader, type UploadContext } from '../../src/core/index.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { type MockHandle, mockInstance, randomBytes, sha1, until } from './mock-client.ts';

const MiB = 1024 * 1024;
const root: UploadContext = { space: { id: mockFixtures.personal.id } };
const OriginalWorker = globalThis.Worker;
/** Holds still closed after a failed test: opened, so that workers kept for later jobs are not stuck. */
const holds: (() => void)[] = [];

afterEach(() => {
  globalThis.Worker = OriginalWorker;
  for (const open of holds.splice(0)) open();
});

/** Workers created from now on get no message until `open()`: the library's hashing waits for it. */
function holdHashing() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  globalThis.Worker = class HeldWorker extends OriginalWorker {
    override postMessage(message: unknown, options?: StructuredSerializeOptions | Transferable[]): void {
      void opened.then(() => super.postMessage(message, options as StructuredSerializeOptions));
    }
  };
  holds.push(open);
  let openedAt = 0;
  return {
    open() {
      openedAt = Date.now();
      open();
    },
    openedAt: () => openedAt,
  };
}

async function creationRequest(mock: MockHandle) {
  return (await mock.state()).requests.find((r) => r.route === 'tus-create');
}

function start(label: string, checksum: ChecksumMode | undefined) {
  const mock = mockInstance(label);
  const uploader = createSpaceUploader({
    serverUrl: mock.serverUrl,
    accessToken: mockFixtures.token,
    ...(checksum ? { transfer: { checksum } } : {}),
  });
  const file = new File([randomBytes(64 * MiB)], `${label}.bin`, { lastModified: 1_760_000_000_000 });
  uploader.addFiles([file], root);
  return { mock, uploader, file };
}

describe('hashing never delays the first byte (64 MiB)', () => {
  it('default (verify): the creation request reaches the server while hashing is held; verified afterwards', async () => {
    const hashing = holdHashing();
    const { mock, uploader, file } = start('first-byte-verify', undefined);
    const outcome = uploader.upload();
    // The first byte goes with no hash begun (it travels in the creation request: creation-with-upload).
    const creation = await poll(() => creationRequest(mock));
    expect(creation.bytesReceived).toBeGreaterThan(0);
    hashing.open();
    const { successful, failed } = await outcome;
    expect(failed).toEqual([]);
    expect(successful[0]?.verified).toBe(true);
    expect(creation.at).toBeLessThan(hashing.openedAt());
    expect((await mock.state()).files.find((f) => f.path === `/${file.name}`)?.sha1).toBe(await sha1(file));
    uploader.destroy();
  });

  it('whole-file: no creation request while hashing is held; it comes once the hash could run', async () => {
    const hashing = holdHashing();
    const { mock, uploader } = start('first-byte-whole', 'whole-file');
    const outcome = uploader.upload();
    // Checked and queued: the file is being hashed (status preparing, no check left).
    await until(uploader, (s) => s.preparation.checking === 0 && s.items[0]?.status === 'preparing');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await creationRequest(mock)).toBeUndefined();
    hashing.open();
    expect((await outcome).failed).toEqual([]);
    expect((await creationRequest(mock))?.at).toBeGreaterThanOrEqual(hashing.openedAt());
    uploader.destroy();
  });
});

/** Polls `probe` every 20 ms until it returns something; fails after 10 s. */
async function poll<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the creation request');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
