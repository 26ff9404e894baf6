/**
 * Resilience in Chromium over real HTTP to the mock: upload URLs that expire (403) or vanish (404) mid-upload
 * (a fresh upload, logged), tokens that cannot be refreshed (wait for sign-in), resume after a reload (records per
 * user, edge hash, kept bytes), Retry-After.
 */
import { describe, expect, it, vi } from 'vitest';
import { createSpaceUploader } from '../../src/core/index.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { mockInstance, randomBytes, sha1, until } from './mock-client.ts';

const root = { space: { id: mockFixtures.personal.id } };
const KiB = 1024;

async function slowUpload(label: string) {
  const mock = mockInstance(label);
  await mock.configure({
    capabilities: { tus: { max_chunk_size: 64 * KiB, extension: 'creation' } },
    faults: { bandwidthBytesPerSecond: 256 * KiB },
  });
  const uploader = createSpaceUploader({
    serverUrl: mock.serverUrl,
    accessToken: mockFixtures.token,
    transfer: { retryDelays: [0, 50, 100] },
  });
  const bytes = randomBytes(768 * KiB);
  const f = new File([bytes], 'long.bin');
  const [id] = uploader.addFiles([f], root);
  const done = uploader.upload();
  await until(uploader, (s) => (s.items[0]?.bytesUploaded ?? 0) >= 128 * KiB);
  return { mock, uploader, f, id: id as string, done };
}

describe('expired or vanished upload URLs', () => {
  it('expired while uploading (403 on PATCH): a fresh upload of the file, logged, stored once', async () => {
    const { mock, uploader, f, done } = await slowUpload('expired-mid');
    // A day and more passes for the server: the upload URL's token (exp = 24 h) is no longer valid.
    await mock.configure({ faults: { clockOffsetSeconds: 90_000 } });
    const outcome = await done;
    expect(outcome.failed).toEqual([]);
    const item = uploader.getSnapshot().items[0];
    expect(item?.restarts).toBe(1);
    expect(item?.log.map((l) => l.message)).toEqual([expect.stringMatching(/started a fresh upload/)]);
    const state = await mock.state();
    expect(state.requests.some((r) => r.route === 'tus-patch' && r.status === 403)).toBe(true);
    expect(state.uploads.map((u) => u.complete)).toEqual([false, true]);
    expect(state.files.filter((s) => s.path === '/long.bin').map((s) => s.sha1)).toEqual([await sha1(f)]);
    uploader.destroy();
  });

  it('expired while paused (403 on resume): resuming starts a fresh upload', async () => {
    const { mock, uploader, f, id, done } = await slowUpload('expired-paused');
    uploader.pause(id);
    await mock.configure({ faults: { clockOffsetSeconds: 90_000 } });
    uploader.resume(id);
    const outcome = await done;
    expect(outcome.failed).toEqual([]);
    expect(uploader.getSnapshot().items[0]?.restarts).toBe(1);
    const state = await mock.state();
    expect(state.requests.some((r) => r.method === 'HEAD' && r.status === 403)).toBe(true);
    expect(state.files.filter((s) => s.path === '/long.bin').map((s) => s.sha1)).toEqual([await sha1(f)]);
    uploader.destroy();
  });

  it('gone while uploading (404: the server forgot it): a fresh upload', async () => {
    const { mock, uploader, f, done } = await slowUpload('gone-mid');
    await mock.configure({
      faults: {
        rules: [
          { type: 'status', status: 404, route: 'tus-patch', times: 1 },
          { type: 'status', status: 404, route: 'tus-head', times: 1 },
        ],
      },
    });
    const outcome = await done;
    expect(outcome.failed).toEqual([]);
    expect(uploader.getSnapshot().items[0]?.restarts).toBe(1);
    const state = await mock.state();
    expect(state.uploads.filter((u) => u.complete)).toHaveLength(1);
    expect(state.files.filter((s) => s.path === '/long.bin').map((s) => s.sha1)).toEqual([await sha1(f)]);
    uploader.destroy();
  });
});

describe('tokens', () => {
  it('a refused token that cannot be refreshed: files wait for sign-in, then go on, none failed, none twice', async () => {
    const mock = mockInstance('sign-in');
    await mock.configure({ tokens: ['first', 'second'], capabilities: { tus: { max_chunk_size: 64 * KiB } } });
    let refreshes = 0;
    const uploader = createSpaceUploader({
      serverUrl: mock.serverUrl,
      accessToken: ({ refresh }) => {
        if (!refresh) return 'first';
        refreshes++;
        return Promise.reject(new Error('the session is over'));
      },
      transfer: { limit: 1, retryDelays: [0, 50] },
    });
    const files = Array.from({ length: 4 }, (_, i) => new File([randomBytes(40 * KiB)], `t${i}.bin`));
    uploader.addFiles(files, root);
    uploader.start();
    // The first file is stored (small stored files are then confirmed together, so "done" may come for several at
    // once): the server stops accepting the first token.
    await until(uploader, (s) => s.totals.counts.done + s.totals.counts.finalizing >= 1);
    await mock.configure({ tokens: [{ token: 'first', lifetimeSeconds: 0 }] });
    await until(uploader, (s) => s.signInRequired);
    expect(refreshes).toBeGreaterThanOrEqual(1);
    // Settled: nothing moving, nothing waiting for a slot, nothing still being confirmed (verified) with the server.
    const held = await until(
      uploader,
      (s) => s.totals.counts.uploading === 0 && s.totals.counts.queued === 0 && s.totals.counts.finalizing === 0,
    );
    expect(held.signInRequired).toBe(true);
    expect(held.totals.counts.failed).toBe(0);
    expect(held.items.filter((i) => i.status !== 'done').map((i) => [i.status, i.hold])).toEqual(
      Array(held.items.length - held.totals.counts.done).fill(['paused', 'sign-in']),
    );

    uploader.signedIn('second');
    const done = await until(uploader, (s) => s.totals.counts.done === 4);
    expect(done.signInRequired).toBe(false);
    const state = await mock.state();
    for (const f of files)
      expect(state.files.filter((s) => s.path === `/${f.name}`).map((s) => s.sha1)).toEqual([await sha1(f)]);
    expect(state.uploads.filter((u) => u.complete)).toHaveLength(4);
    uploader.destroy();
  });
});

describe('a token function that fails', () => {
  it('once the batch is planned: its files wait for sign-in (not a network failure), then go on', async () => {
    const mock = mockInstance('token-function-fails');
    let dead = false;
    let calls = 0;
    const uploader = createSpaceUploader({
      serverUrl: mock.serverUrl,
      accessToken: () => {
        calls++;
        if (dead) throw new Error('the session is over');
        return mockFixtures.token;
      },
    });
    uploader.on('planned', () => {
      dead = true;
    });
    const files = [new File(['one'], 'f1.txt'), new File(['two'], 'f2.txt')];
    uploader.addFiles(files, root);
    uploader.start();
    const held = await until(uploader, (s) => s.signInRequired && s.totals.counts.uploading === 0);
    expect(held.totals.counts.failed).toBe(0);
    expect(held.items.map((i) => [i.status, i.hold])).toEqual([
      ['paused', 'sign-in'],
      ['paused', 'sign-in'],
    ]);
    // Held at once: the failing function is not asked again and again by retries.
    const askedWhenHeld = calls;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toBe(askedWhenHeld);

    uploader.signedIn(mockFixtures.token);
    await until(uploader, (s) => s.totals.counts.done === 2);
    const state = await mock.state();
    for (const f of files)
      expect(state.files.filter((s) => s.path === `/${f.name}`).map((s) => s.sha1)).toEqual([await sha1(f)]);
    uploader.destroy();
  });
});

describe('retry in the same page', () => {
  it('without the resume option, retry() goes on from the server offset: one upload, no restart', async () => {
    const mock = mockInstance('retry-same-page');
    await mock.configure({
      capabilities: { tus: { max_chunk_size: 64 * KiB, extension: 'creation' } },
      faults: { rules: [{ type: 'status', status: 500, route: 'tus-patch', nth: 3, times: 'always' }] },
    });
    const uploader = createSpaceUploader({
      serverUrl: mock.serverUrl,
      accessToken: mockFixtures.token,
      transfer: { retryDelays: [0, 20], checksum: 'off' },
    });
    const bytes = randomBytes(400 * KiB);
    uploader.addFiles([new File([bytes], 'again.bin')], root);
    expect((await uploader.upload()).failed.map((f) => f.error.kind)).toEqual(['server']);
    const offset = (await mock.state()).uploads[0]?.offset ?? 0;
    expect(offset).toBe(128 * KiB);

    await mock.configure({ faults: {} });
    uploader.retry();
    expect((await uploader.upload()).failed).toEqual([]);
    expect(uploader.getSnapshot().items[0]).toMatchObject({ restarts: 0, log: [] });
    const state = await mock.state();
    expect(state.uploads).toHaveLength(1);
    const sent = state.requests.filter((r) => r.route === 'tus-patch' && r.status === 204);
    expect(sent.reduce((n, r) => n + r.bytesReceived, 0)).toBe(bytes.length);
    expect(state.files.find((s) => s.path === '/again.bin')?.sha1).toBe(await sha1(bytes));
    uploader.destroy();
  });
});

describe('tokens that cannot be refreshed', () => {
  it.each(['tus', 'put'] as const)(
    'a fixed token refused (%s): the file waits for sign-in, then goes with the new token, none failed',
    async (mode) => {
      const mock = mockInstance(`sign-in-fixed-${mode}`);
      await mock.configure({
        capabilities: mode === 'put' ? { tus: false } : { tus: { max_chunk_size: 64 * KiB } },
        faults: {
          rules: [{ type: 'status', status: 401, route: mode === 'put' ? 'webdav-put' : 'tus-create', nth: 2 }],
        },
      });
      const uploader = createSpaceUploader({
        serverUrl: mock.serverUrl,
        accessToken: mockFixtures.token, // a string: nothing to refresh
        transfer: { limit: 1, retryDelays: [0, 50] },
      });
      const files = Array.from({ length: 3 }, (_, i) => new File([randomBytes(40 * KiB)], `s${i}.bin`));
      uploader.addFiles(files, root);
      uploader.start();
      const held = await until(
        uploader,
        (s) => s.signInRequired && s.totals.counts.uploading === 0 && s.totals.counts.finalizing === 0,
      );
      expect(held.items.map((i) => [i.name, i.status, i.hold])).toEqual([
        ['s0.bin', 'done', undefined],
        ['s1.bin', 'paused', 'sign-in'],
        ['s2.bin', 'paused', 'sign-in'],
      ]);
      uploader.signedIn(mockFixtures.token);
      const done = await until(uploader, (s) => s.totals.counts.done === 3);
      expect(done.signInRequired).toBe(false);
      const state = await mock.state();
      for (const f of files)
        expect(state.files.filter((s) => s.path === `/${f.name}`).map((s) => s.sha1)).toEqual([await sha1(f)]);
      uploader.destroy();
    },
  );

  it.each(['tus', 'put'] as const)(
    'several refused at once (%s): every one waits, none is left behind, all go after sign-in',
    async (mode) => {
      const mock = mockInstance(`sign-in-many-${mode}`);
      await mock.configure({
        tokens: ['first', 'second'],
        capabilities: mode === 'put' ? { tus: false } : { tus: { max_chunk_size: 64 * KiB } },
      });
      const uploader = createSpaceUploader({
        serverUrl: mock.serverUrl,
        accessToken: 'first',
        transfer: { limit: 3, retryDelays: [0, 50] },
      });
      const files = Array.from({ length: 6 }, (_, i) => new File([randomBytes(40 * KiB)], `m${i}.bin`));
      uploader.addFiles(files, root);
      await until(uploader, (s) => s.totals.counts.queued === 6); // checked, not started
      // The session ends before they start: three requests are refused together.
      await mock.configure({ tokens: [{ token: 'first', lifetimeSeconds: 0 }, 'second'] });
      uploader.start();
      const held = await until(
        uploader,
        (s) => s.signInRequired && s.totals.counts.uploading === 0 && s.totals.counts.finalizing === 0,
      );
      expect(held.items.map((i) => [i.status, i.hold])).toEqual(Array(6).fill(['paused', 'sign-in']));
      expect((await mock.state()).requests.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(2);
      uploader.signedIn('second');
      await until(uploader, (s) => s.totals.counts.done === 6);
      const state = await mock.state();
      for (const f of files)
        expect(state.files.filter((s) => s.path === `/${f.name}`).map((s) => s.sha1)).toEqual([await sha1(f)]);
      uploader.destroy();
    },
  );
});

describe('sign-in holds and cancel', () => {
  it('PUT: one held file canceled, the others still go after sign-in (none is left in a dead upload)', async () => {
    const mock = mockInstance('sign-in-cancel-put');
    await mock.configure({
      capabilities: { tus: false },
      faults: { latencyMs: 100, rules: [{ type: 'status', status: 401, route: 'webdav-put', times: 'always' }] },
    });
    const uploader = createSpaceUploader({
      serverUrl: mock.serverUrl,
      accessToken: mockFixtures.token,
      transfer: { limit: 3, retryDelays: [0] },
    });
    const files = Array.from({ length: 3 }, (_, i) => new File([randomBytes(40 * KiB)], `p${i}.bin`));
    const ids = uploader.addFiles(files, root);
    uploader.start();
    await until(uploader, (s) => s.signInRequired && s.items.every((i) => i.hold === 'sign-in'));
    // Every refusal has arrived (three PUTs, each 100 ms late).
    await vi.waitFor(async () => expect((await mock.state()).requests.filter((r) => r.status === 401)).toHaveLength(3));
    uploader.cancel(ids[0]);
    await mock.configure({ faults: {} });
    uploader.signedIn(mockFixtures.token);
    const done = await until(uploader, (s) => s.totals.counts.done === 2);
    expect(done.items.map((i) => i.status)).toEqual(['canceled', 'done', 'done']);
    uploader.destroy();
  });
});

describe('resume after a reload', () => {
  // One localStorage-like store shared by "before" and "after" the reload.
  const sharedStorage = () => {
    const map = new Map<string, string>();
    return {
      map,
      storage: {
        get length() {
          return map.size;
        },
        key: (i: number) => [...map.keys()][i] ?? null,
        getItem: (k: string) => map.get(k) ?? null,
        setItem: (k: string, v: string) => void map.set(k, v),
        removeItem: (k: string) => void map.delete(k),
      },
    };
  };

  /** An upload stopped a quarter of the way in, as when the page goes away (no cancel, no DELETE). */
  async function interruptedUpload(
    label: string,
    storage: ReturnType<typeof sharedStorage>['storage'],
    how: { name?: string; keepFileBytes?: boolean; relativePath?: string; folder?: string } = {},
  ) {
    const mock = mockInstance(label);
    await mock.configure({
      capabilities: { tus: { max_chunk_size: 64 * KiB, extension: 'creation' } },
      faults: { bandwidthBytesPerSecond: 512 * KiB },
    });
    const bytes = randomBytes(1024 * KiB);
    const original = new File([bytes], how.name ?? 'big.bin', { lastModified: 1_760_000_000_000 });
    const resume = { userId: 'einstein', storage, ...(how.keepFileBytes ? { keepFileBytes: true } : {}) };
    const before = createSpaceUploader({ serverUrl: mock.serverUrl, accessToken: mockFixtures.token, resume });
    const [id] = before.addFiles([how.relativePath ? { file: original, relativePath: how.relativePath } : original], {
      ...root,
      ...(how.folder ? { folder: { path: how.folder } } : {}),
    });
    before.start();
    await until(before, (s) => (s.items[0]?.bytesUploaded ?? 0) >= 256 * KiB);
    if (how.keepFileBytes)
      await vi.waitFor(() => expect(before.interrupted()[0]?.hasBytes).toBe(true), { timeout: 10_000 });
    before.pause(id as string);
    return { mock, bytes, before, resume };
  }

  it('the same file added again continues from the server offset: one upload, fewer than 2× the bytes', async () => {
    const { storage } = sharedStorage();
    const { mock, bytes } = await interruptedUpload('resume', storage);
    const offsetBefore = (await mock.state()).uploads[0]?.offset ?? 0;
    expect(offsetBefore).toBeGreaterThan(0);

    const after = createSpaceUploader({
      serverUrl: mock.serverUrl,
      accessToken: mockFixtures.token,
      resume: { userId: 'einstein', storage },
    });
    expect(after.interrupted().map((r) => [r.name, r.size, r.path, r.spaceId])).toEqual([
      ['big.bin', bytes.length, '/big.bin', mockFixtures.personal.id],
    ]);
    // No token and no metadata but name and target in what is kept.
    expect(JSON.stringify(after.interrupted())).not.toContain(mockFixtures.token);
    await mock.configure({ faults: {} });
    after.addFiles([new File([bytes], 'big.bin', { lastModified: 1_760_000_000_000 })], root);
    const outcome = await after.upload();
    expect(outcome.failed).toEqual([]);
    const state = await mock.state();
    expect(state.uploads).toHaveLength(1);
    expect(state.uploads[0]?.complete).toBe(true);
    const received = state.requests.reduce((n, r) => n + r.bytesReceived, 0);
    expect(received).toBeLessThan(2 * bytes.length);
    expect(state.requests.some((r) => r.method === 'HEAD' && r.status === 200)).toBe(true);
    expect(state.files.find((f) => f.path === '/big.bin')?.sha1).toBe(await sha1(bytes));
    // Finished: the record is gone.
    expect(after.interrupted()).toEqual([]);
    after.destroy();
  });

  it('same name, size and date but other bytes: not resumed (a fresh upload), the right bytes stored', async () => {
    const { storage } = sharedStorage();
    const { mock, bytes } = await interruptedUpload('resume-other', storage);
    await mock.configure({ faults: {} });
    const other = randomBytes(bytes.length);
    const after = createSpaceUploader({
      serverUrl: mock.serverUrl,
      accessToken: mockFixtures.token,
      resume: { userId: 'einstein', storage },
    });
    after.addFiles([new File([other], 'big.bin', { lastModified: 1_760_000_000_000 })], root);
    expect((await after.upload()).failed).toEqual([]);
    const state = await mock.state();
    expect(state.uploads).toHaveLength(2);
    expect(state.files.find((f) => f.path === '/big.bin')?.sha1).toBe(await sha1(other));
    after.destroy();
  });

  it('keepFileBytes: an interrupted upload continues from its kept bytes, no file picked again', async () => {
    const { storage } = sharedStorage();
    const kept = { name: 'kept.bin', keepFileBytes: true, folder: '/Documents' };
    const { mock, bytes, before, resume } = await interruptedUpload('keep-bytes', storage, kept);

    await mock.configure({ faults: {} });
    const after = createSpaceUploader({ serverUrl: mock.serverUrl, accessToken: mockFixtures.token, resume });
    const [record] = after.interrupted();
    expect(record).toMatchObject({ name: 'kept.bin', path: '/Documents/kept.bin', hasBytes: true });
    const newId = await after.continueInterrupted(record?.key as string);
    expect(newId).toBeDefined();
    const done = await until(after, (s) => s.totals.counts.done === 1);
    expect(done.items[0]?.path).toBe('/Documents/kept.bin');
    const state = await mock.state();
    expect(state.uploads).toHaveLength(1);
    expect(state.uploads[0]?.complete).toBe(true);
    expect(state.requests.reduce((n, r) => n + r.bytesReceived, 0)).toBeLessThan(2 * bytes.length);
    expect(state.files.find((f) => f.path === '/Documents/kept.bin')?.sha1).toBe(await sha1(bytes));
    // Finished: record and bytes are gone.
    expect(after.interrupted()).toEqual([]);
    expect(await after.continueInterrupted(record?.key as string)).toBeUndefined();
    before.destroy();
    after.destroy();
  });

  it('keepFileBytes: a file of a dropped folder whose URL expired starts afresh with its place in the drop', async () => {
    const { storage } = sharedStorage();
    const kept = { name: 'kept.bin', keepFileBytes: true, folder: '/Documents', relativePath: 'Reports/2026/kept.bin' };
    const { mock, bytes, before, resume } = await interruptedUpload('keep-bytes-tree', storage, kept);

    // A day and more later for the server: the upload URL is no longer valid, so the file goes again from 0.
    await mock.configure({ faults: { clockOffsetSeconds: 90_000 } });
    const after = createSpaceUploader({ serverUrl: mock.serverUrl, accessToken: mockFixtures.token, resume });
    const [record] = after.interrupted();
    expect(record).toMatchObject({ path: '/Documents/Reports/2026/kept.bin', relativePath: '/Reports/2026/kept.bin' });
    await after.continueInterrupted(record?.key as string);
    const done = await until(after, (s) => s.totals.counts.done === 1);
    expect(done.items[0]).toMatchObject({ path: '/Documents/Reports/2026/kept.bin', restarts: 1 });
    const state = await mock.state();
    const [first, fresh] = state.uploads;
    expect(fresh?.complete).toBe(true);
    const place = ['relativePath', 'relativeFolder', 'topLevelFolderId', 'currentFolder'] as const;
    const placeOf = (m: Record<string, string> | undefined) => Object.fromEntries(place.map((k) => [k, m?.[k]]));
    expect(placeOf(fresh?.metadata)).toEqual(placeOf(first?.metadata));
    expect(fresh?.metadata).toMatchObject({ relativePath: '/Reports/2026/kept.bin', relativeFolder: '/Reports/2026' });
    expect(fresh?.metadata.topLevelFolderId).toMatch(/^[0-9a-f-]{36}$/);
    expect(state.files.find((f) => f.path === '/Documents/Reports/2026/kept.bin')?.sha1).toBe(await sha1(bytes));
    before.destroy();
    after.destroy();
  });

  it('forgetInterrupted drops the record and deletes the partial upload on the server', async () => {
    const { storage } = sharedStorage();
    const { mock, before } = await interruptedUpload('forget', storage);
    const key = before.interrupted()[0]?.key as string;
    before.forgetInterrupted(key);
    expect(before.interrupted()).toEqual([]);
    await vi.waitFor(async () => expect((await mock.state()).uploads[0]?.terminated).toBe(true), { timeout: 10_000 });
  });

  it('records are per user, and expired ones are purged', async () => {
    const { storage, map } = sharedStorage();
    await interruptedUpload('resume-users', storage);
    const otherUser = createSpaceUploader({
      serverUrl: location.origin,
      accessToken: 't',
      resume: { userId: 'marie', storage },
    });
    expect(otherUser.interrupted()).toEqual([]);
    expect(map.size).toBe(1);
    // Make the stored record expired, as a day later.
    for (const [key, value] of map) map.set(key, JSON.stringify({ ...JSON.parse(value), expiresAt: Date.now() - 1 }));
    createSpaceUploader({ serverUrl: location.origin, accessToken: 't', resume: { userId: 'marie', storage } });
    expect(map.size).toBe(0);
  });
});

describe('Retry-After', () => {
  it("429 six times over one upload: each waited out and retried, never a budget for the uploader's life", async () => {
    const mock = mockInstance('many-429');
    await mock.configure({
      capabilities: { tus: { max_chunk_size: 64 * KiB, extension: 'creation' } },
      faults: {
        rules: [3, 6, 9, 12, 15, 18].map((nth) => ({
          type: 'status' as const,
          status: 429,
          route: 'tus-patch' as const,
          nth,
          times: 1,
          retryAfterSeconds: 0,
        })),
      },
    });
    const uploader = createSpaceUploader({
      serverUrl: mock.serverUrl,
      accessToken: mockFixtures.token,
      transfer: { retryDelays: [0, 50, 100, 200] },
    });
    const f = new File([randomBytes(20 * 64 * KiB)], 'patient.bin');
    uploader.addFiles([f], root);
    expect((await uploader.upload()).failed).toEqual([]);
    const state = await mock.state();
    expect(state.requests.filter((r) => r.status === 429)).toHaveLength(6);
    expect(state.files.find((s) => s.path === '/patient.bin')?.sha1).toBe(await sha1(f));
    uploader.destroy();
  });

  it.each([429, 423])('a %s with Retry-After: 1 is waited out before the PATCH is repeated', async (status) => {
    const mock = mockInstance(`retry-after-${status}`);
    await mock.configure({
      capabilities: { tus: { max_chunk_size: 64 * KiB, extension: 'creation' } },
      faults: { rules: [{ type: 'status', status, route: 'tus-patch', nth: 2, times: 1, retryAfterSeconds: 1 }] },
    });
    const uploader = createSpaceUploader({
      serverUrl: mock.serverUrl,
      accessToken: mockFixtures.token,
      transfer: { retryDelays: [0, 50, 100] },
    });
    const f = new File([randomBytes(200 * KiB)], 'later.bin');
    uploader.addFiles([f], root);
    expect((await uploader.upload()).failed).toEqual([]);
    const state = await mock.state();
    const refused = state.requests.find((r) => r.route === 'tus-patch' && r.status === status);
    const after = state.requests.filter((r) => r.seq > (refused?.seq ?? 0) && r.route === 'tus-patch');
    expect(refused).toBeDefined();
    // The retry's HEAD is not a data request; the next PATCH waited the second the server asked for.
    expect((after[0]?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(state.files.find((s) => s.path === '/later.bin')?.sha1).toBe(await sha1(f));
    uploader.destroy();
  });
});
