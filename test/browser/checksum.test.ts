/**
 * SHA-1 in real Chromium: whole-file hashing in the Web Worker (checked against WebCrypto), its abort, and the
 * `Upload-Checksum` HttpStack wrapper around tus-js-client's own DefaultHttpStack, uploading to the mock oCIS in
 * strict mode (where a wrong checksum is refused with 460).
 */
import { DefaultHttpStack, type DetailedError, Upload, type UploadOptions } from 'tus-js-client';
import { describe, expect, it } from 'vitest';
import {
  createChecksumHttpStack,
  metadataChecksum,
  sha1OfBlob,
  type TusHttpRequest,
  type TusHttpStack,
} from '../../src/core/checksum.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import type { MockState } from '../../src/mock/types.ts';
import { type MockHandle, mockInstance, randomBytes, sha1 } from './mock-client.ts';

const MiB = 1024 * 1024;

/** `sha1 <base64>` of some bytes, from WebCrypto: written independently of the code under test. */
async function expectedHeader(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', bytes));
  return `sha1 ${btoa(String.fromCharCode(...digest))}`;
}

describe('sha1OfBlob in Chromium', () => {
  it('hashes a 40 MiB Blob in the worker, equal to WebCrypto, with progress up to the size', async () => {
    const bytes = randomBytes(40 * MiB);
    const blob = new Blob([bytes]);
    const threads: string[] = [];
    const progress: number[] = [];
    const hex = await sha1OfBlob(blob, { onThread: (t) => threads.push(t), onProgress: (n) => progress.push(n) });
    expect(threads).toEqual(['worker']);
    expect(hex).toBe(await sha1(bytes));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(blob.size);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('hashes on the calling thread with useWorker: false, to the same digest', async () => {
    const bytes = randomBytes(3 * MiB + 5);
    const threads: string[] = [];
    expect(await sha1OfBlob(new Blob([bytes]), { useWorker: false, onThread: (t) => threads.push(t) })).toBe(
      await sha1(bytes),
    );
    expect(threads).toEqual(['main']);
  });

  it('an abort mid-way rejects with AbortError; the next file is hashed in a new worker', async () => {
    const controller = new AbortController();
    const progress: number[] = [];
    const hashing = sha1OfBlob(new Blob([randomBytes(40 * MiB)]), {
      signal: controller.signal,
      onProgress: (n) => {
        progress.push(n);
        controller.abort();
      },
    });
    await expect(hashing).rejects.toMatchObject({ name: 'AbortError' });
    await expect(hashing).rejects.toBeInstanceOf(DOMException);
    expect(progress).toHaveLength(1);
    expect(progress[0]).toBeLessThan(40 * MiB);

    const bytes = randomBytes(MiB);
    const threads: string[] = [];
    expect(await sha1OfBlob(new Blob([bytes]), { onThread: (t) => threads.push(t) })).toBe(await sha1(bytes));
    expect(threads).toEqual(['worker']);
  });

  it('several files at once each get their own digest', async () => {
    const files = [randomBytes(2 * MiB), randomBytes(0), randomBytes(MiB + 1), randomBytes(17)];
    const digests = await Promise.all(files.map((f) => sha1OfBlob(new File([f], 'f.bin'))));
    expect(digests).toEqual(await Promise.all(files.map((f) => sha1(f))));
  });
});

/** Wraps a stack so that every `Upload-Checksum` it is given is replaced by a wrong one (still valid sha1 base64). */
function corrupting(inner: TusHttpStack): TusHttpStack {
  return {
    getName: () => 'Corrupting',
    createRequest(method, url) {
      const request: TusHttpRequest = inner.createRequest(method, url);
      return {
        ...request,
        getMethod: () => request.getMethod(),
        getURL: () => request.getURL(),
        getHeader: (h) => request.getHeader(h),
        setProgressHandler: (h) => request.setProgressHandler(h),
        send: (body) => request.send(body),
        abort: () => request.abort(),
        getUnderlyingObject: () => request.getUnderlyingObject(),
        setHeader: (h, v) =>
          request.setHeader(h, h.toLowerCase() === 'upload-checksum' ? `sha1 ${btoa('\0'.repeat(20))}` : v),
      };
    },
  };
}

function upload(mock: MockHandle, blob: Blob, options: UploadOptions): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const u = new Upload(blob, {
      endpoint: `${mock.serverUrl}/remote.php/dav/spaces/${encodeURIComponent(mockFixtures.personal.id)}`,
      headers: { Authorization: `Bearer ${mockFixtures.token}` },
      chunkSize: MiB,
      retryDelays: null,
      storeFingerprintForResuming: false,
      ...options,
      onSuccess: () => resolve(u),
      onError: reject,
    });
    u.start();
  });
}

function requestsOf(state: MockState, filename: string) {
  const u = state.uploads.find((x) => x.filename === filename);
  if (!u) throw new Error(`no upload of ${filename}`);
  return { upload: u, requests: state.requests.filter((r) => r.uploadId === u.id) };
}

/** The header each 1 MiB chunk of `bytes` must carry. */
const chunkHeaders = (bytes: Uint8Array<ArrayBuffer>) =>
  Promise.all([0, 1, 2].map((i) => expectedHeader(bytes.slice(i * MiB, (i + 1) * MiB))));

describe('createChecksumHttpStack around tus-js-client in Chromium, against the strict mock', () => {
  it('every PATCH of a 3 MiB upload carries the right Upload-Checksum, and strict mode accepts them', async () => {
    const mock = mockInstance('checksum-patch');
    await mock.configure({ strict: true });
    const bytes = randomBytes(3 * MiB);
    const blob = new Blob([bytes]);
    const hex = await sha1OfBlob(blob);
    await upload(mock, blob, {
      httpStack: createChecksumHttpStack(new DefaultHttpStack({})),
      metadata: { filename: 'sum.bin', checksum: metadataChecksum(hex) },
    });
    const state = await mock.state();
    expect(state.strict).toBe(true);
    const { upload: u, requests } = requestsOf(state, 'sum.bin');
    const patches = requests.filter((r) => r.effectiveMethod === 'PATCH');
    expect(patches.map((r) => [r.method, r.status, r.bytesReceived])).toEqual([
      ['PATCH', 204, MiB],
      ['PATCH', 204, MiB],
      ['PATCH', 204, MiB],
    ]);
    expect(patches.map((r) => r.headers['upload-checksum'])).toEqual(await chunkHeaders(bytes));
    // The creation POST carried no body, so no checksum either.
    expect(requests.filter((r) => r.route === 'tus-create').map((r) => r.headers['upload-checksum'])).toEqual([
      undefined,
    ]);
    expect(u.checksumVerified).toBe(true);
    expect(state.files.find((f) => f.path === '/sum.bin')?.sha1).toBe(hex);
  });

  it('creation-with-upload and POST + X-HTTP-Method-Override carry it too', async () => {
    const mock = mockInstance('checksum-override');
    await mock.configure({ strict: true });
    const bytes = randomBytes(3 * MiB);
    await upload(mock, new Blob([bytes]), {
      httpStack: createChecksumHttpStack(new DefaultHttpStack({})),
      metadata: { filename: 'override.bin' },
      uploadDataDuringCreation: true,
      overridePatchMethod: true,
    });
    const { requests } = requestsOf(await mock.state(), 'override.bin');
    const data = requests.filter((r) => r.bytesReceived > 0);
    expect(data.map((r) => [r.method, r.headers['x-http-method-override'], r.status])).toEqual([
      ['POST', undefined, 201],
      ['POST', 'PATCH', 204],
      ['POST', 'PATCH', 204],
    ]);
    expect(data.map((r) => r.headers['upload-checksum'])).toEqual(await chunkHeaders(bytes));
    expect(await sha1(await mock.download(mockFixtures.personal.id, '/override.bin'))).toBe(await sha1(bytes));
  });

  it('a wrong Upload-Checksum is refused with 460 and the chunk is not kept', async () => {
    const mock = mockInstance('checksum-wrong');
    await mock.configure({ strict: true });
    const failure = await upload(mock, new Blob([randomBytes(3 * MiB)]), {
      httpStack: createChecksumHttpStack(corrupting(new DefaultHttpStack({}))),
      metadata: { filename: 'wrong.bin' },
    }).then(
      () => undefined,
      (error: DetailedError) => error,
    );
    expect(failure?.originalResponse?.getStatus()).toBe(460);
    const { upload: u, requests } = requestsOf(await mock.state(), 'wrong.bin');
    const patches = requests.filter((r) => r.effectiveMethod === 'PATCH');
    expect(patches.map((r) => [r.status, r.bytesReceived])).toEqual([[460, 0]]);
    expect(patches[0]?.headers['upload-checksum']).toBe(`sha1 ${btoa('\0'.repeat(20))}`);
    expect(u.offset).toBe(0);
  });
});
