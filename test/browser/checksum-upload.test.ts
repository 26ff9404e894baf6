/**
 * Checksums through the uploader, in Chromium over real HTTP to the mock in strict mode (which verifies both
 * the metadata `checksum` at completion and each `Upload-Checksum`, answering 460 on a mismatch).
 */
import { describe, expect, it } from 'vitest';
import { type ChecksumMode, createSpaceUploader, type UploadContext } from '../../src/core/index.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import type { MockRuntimeConfig } from '../../src/mock/types.ts';
import { mockInstance, randomBytes, sha1 } from './mock-client.ts';

const root: UploadContext = { space: { id: mockFixtures.personal.id } };
const file = (name: string, size: number) => new File([randomBytes(size)], name, { lastModified: 1_760_000_000_000 });

async function setup(label: string, checksum: ChecksumMode | undefined, config: MockRuntimeConfig = {}) {
  const mock = mockInstance(label);
  await mock.configure({ strict: true, capabilities: { tus: { max_chunk_size: 256 * 1024 } }, ...config });
  const uploader = createSpaceUploader({
    serverUrl: mock.serverUrl,
    accessToken: mockFixtures.token,
    transfer: { retryDelays: [0, 20, 40], ...(checksum ? { checksum } : {}) },
  });
  return { mock, uploader };
}

describe('checksums', () => {
  it('by default no checksum travels: each file is verified against the SHA-1 the server computed', async () => {
    const { mock, uploader } = await setup('verify', undefined);
    const files = [file('a.bin', 5 * 1024 * 1024 + 3), file('b.bin', 10), file('empty.bin', 0)];
    uploader.addFiles(files, root);
    const outcome = await uploader.upload();
    expect(outcome.failed).toEqual([]);
    const state = await mock.state();
    for (const f of files) {
      expect(state.uploads.find((u) => u.filename === f.name)?.metadata.checksum, f.name).toBeUndefined();
      expect(state.files.find((s) => s.path === `/${f.name}`)?.sha1).toBe(await sha1(f));
    }
    // The empty file has nothing to verify (oCIS reports no checksum for it); the others were compared.
    expect(Object.fromEntries(outcome.successful.map((r) => [r.name, r.verified]))).toEqual({
      'a.bin': true,
      'b.bin': true,
      'empty.bin': undefined,
    });
    expect(state.requests.some((r) => r.headers['upload-checksum'])).toBe(false);
    uploader.destroy();
  });

  it('whole-file: each file carries its whole-file SHA-1, which the server verifies', async () => {
    const { mock, uploader } = await setup('whole', 'whole-file');
    const files = [file('a.bin', 700 * 1024), file('b.bin', 10), file('empty.bin', 0)];
    uploader.addFiles(files, root);
    const outcome = await uploader.upload();
    expect(outcome.failed).toEqual([]);
    const state = await mock.state();
    for (const f of files) {
      const upload = state.uploads.find((u) => u.filename === f.name);
      expect(upload?.metadata.checksum).toBe(`SHA1 ${await sha1(f)}`);
      if (f.size > 0) expect(upload?.checksumVerified, f.name).toBe(true);
      expect(state.files.find((s) => s.path === `/${f.name}`)?.sha1).toBe(await sha1(f));
    }
    // Per-chunk checksums are not the default.
    expect(state.requests.some((r) => r.headers['upload-checksum'])).toBe(false);
  });

  it.each([
    ['in its last PATCH', 600 * 1024],
    ['in the creation request (creation-with-upload)', 100 * 1024],
  ])(
    'the whole file arrives not matching its checksum (%s): fails as damaged at once; retry hashes again',
    async (_, size) => {
      const { mock, uploader } = await setup(`whole-mismatch-${size}`, 'whole-file');
      let lies = 1;
      // Read differently the first time it is hashed, as a file that changed after it was hashed would be.
      class ChangedAfterHashing extends File {
        override async arrayBuffer(): Promise<ArrayBuffer> {
          const bytes = new Uint8Array(await super.arrayBuffer());
          if (lies-- > 0) bytes[0] = (bytes[0] ?? 0) ^ 1;
          return bytes.buffer;
        }
      }
      const source = randomBytes(size);
      const f = new ChangedAfterHashing([source], 'changed.bin');
      uploader.addFiles([f], root);
      const outcome = await uploader.upload();
      expect(outcome.failed.map((x) => [x.error.kind, x.error.details.status])).toEqual([['integrity', 460]]);
      expect(uploader.getSnapshot().items[0]).toMatchObject({ restarts: 0, log: [] });
      let state = await mock.state();
      expect(state.uploads).toHaveLength(1);
      expect(state.requests.reduce((n, r) => n + r.bytesReceived, 0)).toBe(source.length);

      uploader.retry();
      expect((await uploader.upload()).failed).toEqual([]);
      // A fresh upload with a fresh hash, not "the upload URL expired".
      expect(uploader.getSnapshot().items[0]).toMatchObject({ restarts: 0, log: [] });
      state = await mock.state();
      expect(state.uploads.at(-1)?.metadata.checksum).toBe(`SHA1 ${await sha1(source)}`);
      expect(state.files.find((s) => s.path === '/changed.bin')?.sha1).toBe(await sha1(source));
    },
  );

  it('whole-file: hashing overlaps uploading: the next file is "preparing" (hashed) while the one before it uploads', async () => {
    const { mock, uploader } = await setup('overlap', 'whole-file', {
      capabilities: { tus: { max_chunk_size: 1024 * 1024 } },
      faults: { bandwidthBytesPerSecond: 10 * 1024 * 1024 },
    });
    const MiB = 1024 * 1024;
    // Over 4 MiB: streamed through the worker (smaller files are one WebCrypto call).
    const files = ['a.bin', 'b.bin', 'c.bin'].map((name) => file(name, 5 * MiB + 1));
    const seen: string[] = [];
    uploader.subscribe(() => {
      const snap = uploader.getSnapshot();
      // Everything is planned (checking 0), so a file "preparing" now is being hashed.
      if (snap.preparation.checking > 0) return;
      const line = snap.items.map((i) => i.status).join(' ');
      if (seen.at(-1) !== line) seen.push(line);
    });
    uploader.addFiles(files, root);
    expect((await uploader.upload()).failed).toEqual([]);
    // b is hashed while a uploads; c while a (or b) uploads.
    expect(seen).toContain('uploading preparing queued');
    expect(
      seen.some((line) => /^(uploading|finalizing|done) \w+ preparing$/.test(line) && line.includes('uploading')),
    ).toBe(true);
    const state = await mock.state();
    for (const f of files)
      expect(state.uploads.find((u) => u.filename === f.name)?.metadata.checksum).toBe(`SHA1 ${await sha1(f)}`);
  });

  it('per-chunk: every data request after the server announced the extension carries Upload-Checksum', async () => {
    const { mock, uploader } = await setup('chunk', 'per-chunk', {
      capabilities: { tus: { max_chunk_size: 256 * 1024, extension: 'creation' } },
    });
    const f = file('c.bin', 900 * 1024);
    uploader.addFiles([f], root);
    expect((await uploader.upload()).failed).toEqual([]);
    const state = await mock.state();
    const patches = state.requests.filter((r) => r.effectiveMethod === 'PATCH');
    expect(patches).toHaveLength(4);
    for (const p of patches) {
      expect(p.headers['upload-checksum']).toMatch(/^sha1 [A-Za-z0-9+/]{27}=$/);
      expect(p.status).toBe(204);
    }
    expect(state.uploads[0]?.metadata.checksum).toBeUndefined();
    expect(state.files.find((s) => s.path === '/c.bin')?.sha1).toBe(await sha1(f));
  });

  // 'both': a 460 on the last chunk may be that chunk's own, so it is sent again too.
  it.each([
    ['the second', 2, [204, 460, 204, 204]],
    ['the last', 3, [204, 204, 460, 204]],
  ])('a 460 on %s chunk sends that chunk again; the file arrives byte for byte', async (_, nth, statuses) => {
    const { mock, uploader } = await setup(`460-once-${nth}`, 'both', {
      capabilities: { tus: { max_chunk_size: 256 * 1024, extension: 'creation' } },
      faults: { rules: [{ type: 'status', status: 460, route: 'tus-patch', nth }] },
    });
    const f = file('d.bin', 600 * 1024);
    uploader.addFiles([f], root);
    expect((await uploader.upload()).failed).toEqual([]);
    const state = await mock.state();
    expect(state.requests.filter((r) => r.effectiveMethod === 'PATCH').map((r) => r.status)).toEqual(statuses);
    expect(state.files.find((s) => s.path === '/d.bin')?.sha1).toBe(await sha1(f));
    expect(state.uploads[0]?.checksumVerified).toBe(true);
  });

  it('460 every time: the retries are bounded and the file fails as an integrity error', async () => {
    const { mock, uploader } = await setup('460-always', 'per-chunk', {
      capabilities: { tus: { max_chunk_size: 256 * 1024, extension: 'creation' } },
      faults: { rules: [{ type: 'status', status: 460, route: 'tus-patch', times: 'always' }] },
    });
    uploader.addFiles([file('e.bin', 300 * 1024)], root);
    const outcome = await uploader.upload();
    expect(outcome.failed.map((f) => [f.error.kind, f.error.details.status])).toEqual([['integrity', 460]]);
    // The first try and one per retry delay, no more.
    expect((await mock.state()).requests.filter((r) => r.effectiveMethod === 'PATCH')).toHaveLength(4);
  });

  it('off: no checksum anywhere', async () => {
    const { mock, uploader } = await setup('off', 'off');
    uploader.addFiles([file('f.bin', 1000)], root);
    expect((await uploader.upload()).failed).toEqual([]);
    const state = await mock.state();
    expect(state.uploads[0]?.metadata.checksum).toBeUndefined();
    expect(state.requests.some((r) => r.headers['upload-checksum'])).toBe(false);
  });

  it('whole-file: the PUT fallback sends OC-Checksum', async () => {
    const { mock, uploader } = await setup('put', 'whole-file', { capabilities: { tus: false } });
    const f = file('g.bin', 5000);
    uploader.addFiles([f], root);
    expect((await uploader.upload()).failed).toEqual([]);
    const put = (await mock.state()).requests.find((r) => r.method === 'PUT');
    expect(put?.headers['oc-checksum']).toBe(`SHA1:${await sha1(f)}`);
  });
});
