/**
 * Issue 5 end to end: batches planned against the real target, then uploaded, in Chromium over real HTTP to
 * the mock. After each, what the mock stored is compared with what was dropped.
 */
import { describe, expect, it } from 'vitest';
import {
  type ConflictHandler,
  createSpaceUploader,
  type SpaceUploader,
  type UploadContext,
} from '../../src/core/index.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import type { MockRuntimeConfig } from '../../src/mock/types.ts';
import { type MockHandle, mockInstance, randomBytes, sha1, until } from './mock-client.ts';

const { personal, nearlyFull, readOnlyShare, token } = mockFixtures;
const KiB = 1024;
const root: UploadContext = { space: { id: personal.id, name: personal.name } };
const auth = { Authorization: `Bearer ${token}` };

const file = (name: string, size: number) => new File([randomBytes(size)], name, { lastModified: 1_760_000_000_000 });

interface Setup {
  mock: MockHandle;
  uploader: SpaceUploader;
  /** Most MKCOL requests that were open at the same moment (counted at the client). */
  maxOpenMkcol: () => number;
}

async function setup(
  label: string,
  config: MockRuntimeConfig = {},
  extra: { onConflict?: ConflictHandler; limit?: number } = {},
): Promise<Setup> {
  const mock = mockInstance(label);
  await mock.configure(config);
  let open = 0;
  let most = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    const mkcol = init?.method === 'MKCOL';
    if (mkcol) most = Math.max(most, ++open);
    try {
      return await fetch(input, init);
    } finally {
      if (mkcol) open--;
    }
  };
  const uploader = createSpaceUploader({
    serverUrl: mock.serverUrl,
    accessToken: token,
    fetch: countingFetch,
    transfer: { retryDelays: [0, 50], ...(extra.limit ? { limit: extra.limit } : {}) },
    ...(extra.onConflict ? { onConflict: extra.onConflict } : {}),
  });
  return { mock, uploader, maxOpenMkcol: () => most };
}

const davUrl = (mock: MockHandle, path: string, spaceId = personal.id) =>
  `${mock.serverUrl}/remote.php/dav/spaces/${spaceId}${path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/')}`;
async function seedFolder(mock: MockHandle, path: string) {
  expect((await fetch(davUrl(mock, path), { method: 'MKCOL', headers: auth })).status).toBe(201);
}
async function seedFile(mock: MockHandle, path: string, bytes: Uint8Array<ArrayBuffer>) {
  expect((await fetch(davUrl(mock, path), { method: 'PUT', headers: auth, body: bytes })).status).toBeLessThan(300);
}

describe('folder trees', () => {
  it('a 3-level tree of 200 files and 3 empty folders: every folder and file stored, MKCOL never above 3 at once', async () => {
    // Slow answers, so that parallel MKCOLs overlap if they can.
    const { mock, uploader, maxOpenMkcol } = await setup('tree-200', { faults: { latencyMs: 40 } });
    const entries: Array<{ file: File; relativePath: string }> = [];
    const folders = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const a = `L1-${i % 4}`;
      const b = `L2-${i % 3}`;
      const c = `L3-${i % 5}`;
      const depth = i % 3; // files at every level
      const dir = [a, b, c].slice(0, depth + 1);
      for (let d = 1; d <= dir.length; d++) folders.add(`/Tree/${dir.slice(0, d).join('/')}`);
      entries.push({ file: file(`f${i}.bin`, 64 + (i % 7) * 100), relativePath: `${dir.join('/')}/f${i}.bin` });
    }
    const empty = ['L1-0/empty-a', 'L1-1/L2-1/empty-b', 'empty-c'];
    for (const e of empty) folders.add(`/Tree/${e}`);
    for (const e of ['L1-1/L2-1']) folders.add(`/Tree/${e}`);
    await seedFolder(mock, '/Tree');
    const ids = uploader.addFiles(entries, { ...root, folder: { path: '/Tree' } }, { emptyFolders: empty });
    const outcome = await uploader.upload();
    expect(outcome.failed).toEqual([]);
    expect(outcome.successful).toHaveLength(200);
    expect(maxOpenMkcol()).toBeGreaterThan(1); // they did overlap…
    expect(maxOpenMkcol()).toBeLessThanOrEqual(3); // …but never above the bound

    const state = await mock.state();
    const stored = new Map(state.files.map((f) => [f.path, f]));
    for (const [i, e] of entries.entries()) {
      const item = uploader.getSnapshot().items.find((x) => x.id === ids[i]);
      expect(item?.path).toBe(`/Tree/${e.relativePath}`);
      expect(stored.get(`/Tree/${e.relativePath}`)?.sha1, e.relativePath).toBe(await sha1(e.file));
    }
    const storedFolders = new Set(state.folders.filter((f) => f.spaceId === personal.id).map((f) => f.path));
    for (const folder of folders) expect(storedFolders, folder).toContain(folder);
    // Each folder was created exactly once (the seeded /Tree aside), parents first.
    const created = state.requests
      .filter((r) => r.route === 'mkcol' && !r.path.endsWith('/Tree'))
      .map((r) => decodeURIComponent(r.path.slice(r.path.indexOf('/Tree'))));
    expect(state.requests.filter((r) => r.route === 'mkcol').every((r) => r.status === 201)).toBe(true);
    expect(new Set(created)).toEqual(folders);
    expect(created).toHaveLength(folders.size);
    for (const [i, path] of created.entries()) {
      const parent = path.slice(0, path.lastIndexOf('/'));
      if (parent !== '/Tree') expect(created.indexOf(parent), path).toBeLessThan(i);
    }
    uploader.destroy();
  });

  it('a drop of empty folders only: every folder created, parents first', async () => {
    const { mock, uploader } = await setup('empty-only');
    uploader.addFiles([], { ...root, folder: { path: '/Documents' } }, { emptyFolders: ['Empty/Inner', 'Lone'] });
    await until(uploader, (s) => s.preparation.foldersTotal === 3 && s.preparation.foldersSettled === 3);
    const created = (await mock.state()).requests.filter((r) => r.route === 'mkcol');
    const paths = created.map((r) => decodeURIComponent(r.path.slice(r.path.indexOf('/Documents'))));
    expect(created.map((r) => r.status)).toEqual([201, 201, 201]);
    // The two top-level folders are created side by side (up to 3 MKCOLs at once), so they reach the server in either
    // order; the nested one only after both of its level.
    expect(new Set(paths.slice(0, 2))).toEqual(new Set(['/Documents/Empty', '/Documents/Lone']));
    expect(paths[2]).toBe('/Documents/Empty/Inner');
    uploader.destroy();
  });

  it('an empty folder that cannot be created is reported itself; retry() creates it', async () => {
    const { mock, uploader } = await setup('empty-fails', {
      faults: { rules: [{ type: 'status', status: 500, route: 'mkcol', times: 1 }] },
    });
    const reported: string[] = [];
    uploader.on('folder-error', (f) => reported.push(`${f.path} ${f.error.kind}`));
    uploader.addFiles([file('a.txt', 3)], root, { emptyFolders: ['Empty/Inner'] });
    const outcome = await uploader.upload();
    expect(outcome.failed).toEqual([]);
    await until(uploader, (s) => s.folderErrors.length === 1);
    expect(reported).toEqual(['/Empty server']);
    expect(uploader.getSnapshot().folderErrors.map((f) => [f.path, f.error.details.status])).toEqual([['/Empty', 500]]);

    uploader.retry();
    await until(uploader, (s) => s.folderErrors.length === 0 && s.preparation.foldersSettled === 2);
    const folders = (await mock.state()).folders.map((f) => f.path);
    expect(folders).toEqual(expect.arrayContaining(['/Empty', '/Empty/Inner']));

    // A refused name is not tried again by retry(); clearFinished() clears it from the list.
    uploader.addFiles([], root, { emptyFolders: ['bad\\name'] });
    await until(uploader, (s) => s.folderErrors.length === 1);
    uploader.retry();
    expect(uploader.getSnapshot().folderErrors.map((f) => [f.path, f.error.kind])).toEqual([
      ['/bad\\name', 'invalid-name'],
    ]);
    uploader.clearFinished();
    expect(uploader.getSnapshot().folderErrors).toEqual([]);
    uploader.destroy();
  });

  it('three trees dropped at once: MKCOL stays within the bound across batches', async () => {
    const { mock, uploader, maxOpenMkcol } = await setup('mkcol-batches', { faults: { latencyMs: 60 } });
    for (const tree of ['T1', 'T2', 'T3']) {
      const entries = Array.from({ length: 12 }, (_, i) => ({
        file: file(`f${i}.bin`, 8),
        relativePath: `${tree}/d${i}/f${i}.bin`,
      }));
      uploader.addFiles(entries, root);
    }
    const outcome = await uploader.upload();
    expect(outcome.failed).toEqual([]);
    expect((await mock.state()).requests.filter((r) => r.route === 'mkcol')).toHaveLength(39);
    expect(maxOpenMkcol()).toBeGreaterThan(1);
    expect(maxOpenMkcol()).toBeLessThanOrEqual(3);
    uploader.destroy();
  });

  it('merges into an existing tree: only missing folders are created, existing files stay, new files land', async () => {
    const { mock, uploader } = await setup('merge');
    await seedFolder(mock, '/Proj');
    await seedFolder(mock, '/Proj/src');
    const kept = randomBytes(100);
    await seedFile(mock, '/Proj/src/keep.txt', kept);
    const seeded = (await mock.state()).requests.length;
    const a = file('a.txt', 50);
    const b = file('b.txt', 60);
    uploader.addFiles(
      [
        { file: a, relativePath: 'Proj/src/a.txt' },
        { file: b, relativePath: 'Proj/src/lib/b.txt' },
      ],
      root,
    );
    const outcome = await uploader.upload();
    expect(outcome.failed).toEqual([]);
    const state = await mock.state();
    const ours = state.requests.slice(seeded);
    expect(ours.filter((r) => r.route === 'mkcol').map((r) => decodeURIComponent(r.path))).toEqual([
      expect.stringMatching(/\/Proj\/src\/lib$/),
    ]);
    const byPath = new Map(state.files.map((f) => [f.path, f.sha1]));
    expect(byPath.get('/Proj/src/keep.txt')).toBe(await sha1(kept));
    expect(byPath.get('/Proj/src/a.txt')).toBe(await sha1(a));
    expect(byPath.get('/Proj/src/lib/b.txt')).toBe(await sha1(b));
    uploader.destroy();
  });
});

describe('conflicts', () => {
  it('keep both for a folder: the whole subtree lands in “A (1)”, endpoints and relativePath from data', async () => {
    const { mock, uploader } = await setup('keep-folder', {}, { onConflict: () => 'keep-both' });
    await seedFolder(mock, '/A');
    const deep = file('deep name #1.txt', 70);
    const [id] = uploader.addFiles([{ file: deep, relativePath: 'A/b/c/deep name #1.txt' }], root);
    const outcome = await uploader.upload();
    expect(outcome.failed).toEqual([]);
    const plan = uploader.plan(id as string);
    expect(plan?.path).toBe('/A (1)/b/c/deep name #1.txt');
    expect(plan?.endpoint).toBe(davUrl(mock, '/A (1)/b/c'));
    const item = uploader.getSnapshot().items[0];
    expect(item).toMatchObject({ renamedFrom: '/A/b/c/deep name #1.txt', relativePath: '/A (1)/b/c/deep name #1.txt' });
    const state = await mock.state();
    expect(state.files.find((f) => f.path === '/A (1)/b/c/deep name #1.txt')?.sha1).toBe(await sha1(deep));
    const upload = state.uploads[0];
    expect(upload?.metadata).toMatchObject({
      relativePath: '/A (1)/b/c/deep name #1.txt',
      relativeFolder: '/A (1)/b/c',
      tusEndpoint: davUrl(mock, '/A (1)/b/c'),
    });
    uploader.destroy();
  });

  it('keep both for a file at depth 3: both versions stored side by side', async () => {
    const { mock, uploader } = await setup(
      'keep-file',
      {},
      {
        onConflict: (c) => (c.kind === 'folder' ? 'merge' : 'keep-both'),
      },
    );
    for (const p of ['/A', '/A/b', '/A/b/c']) await seedFolder(mock, p);
    const old = randomBytes(30);
    await seedFile(mock, '/A/b/c/x.txt', old);
    const fresh = file('x.txt', 40);
    uploader.addFiles([{ file: fresh, relativePath: 'A/b/c/x.txt' }], root);
    expect((await uploader.upload()).failed).toEqual([]);
    const byPath = new Map((await mock.state()).files.map((f) => [f.path, f.sha1]));
    expect(byPath.get('/A/b/c/x.txt')).toBe(await sha1(old));
    expect(byPath.get('/A/b/c/x (1).txt')).toBe(await sha1(fresh));
    uploader.destroy();
  });

  it('replace creates a new version of the same file (same file id)', async () => {
    const { mock, uploader } = await setup('replace', {}, { onConflict: () => 'replace' });
    await seedFile(mock, '/r.txt', randomBytes(10));
    const before = (await mock.state()).files.find((f) => f.path === '/r.txt');
    const fresh = file('r.txt', 25);
    uploader.addFiles([fresh], root);
    const outcome = await uploader.upload();
    expect(outcome.successful[0]?.fileId).toBe(before?.fileId);
    expect(uploader.getSnapshot().items[0]?.replaces).toBe(true);
    const after = (await mock.state()).files.filter((f) => f.path === '/r.txt');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ fileId: before?.fileId, size: 25, sha1: await sha1(fresh) });
    uploader.destroy();
  });

  it('skip: the file is not sent, the one on the server is untouched', async () => {
    const { mock, uploader } = await setup('skip', {}, { onConflict: () => 'skip' });
    const old = randomBytes(10);
    await seedFile(mock, '/s.txt', old);
    const other = file('other.txt', 5);
    const [skippedId] = uploader.addFiles([file('s.txt', 99), other], root);
    const outcome = await uploader.upload();
    expect(outcome.successful.map((r) => r.name)).toEqual(['other.txt']);
    expect(uploader.getSnapshot().items.find((i) => i.id === skippedId)?.status).toBe('skipped');
    const state = await mock.state();
    expect(state.files.find((f) => f.path === '/s.txt')?.sha1).toBe(await sha1(old));
    expect(state.uploads.map((u) => u.filename)).toEqual(['other.txt']);
    uploader.destroy();
  });

  it('a conflict question that is refused cancels the batch: nothing is sent', async () => {
    const { mock, uploader } = await setup(
      'refuse',
      {},
      {
        onConflict: () => Promise.reject(new Error('closed')),
      },
    );
    await seedFile(mock, '/c.txt', randomBytes(3));
    uploader.addFiles([file('c.txt', 5), file('d.txt', 5)], root);
    const snap = await until(uploader, (s) => s.totals.counts.canceled === 2);
    expect(snap.status).toBe('idle');
    expect((await mock.state()).requests.some((r) => r.method === 'POST')).toBe(false);
    uploader.destroy();
  });
});

describe('quota', () => {
  it('empty folders dropped while files of that space wait for room are still created', async () => {
    const { mock, uploader } = await setup('quota-empty-folders');
    const space = { id: nearlyFull.id, name: nearlyFull.name };
    uploader.addFiles([file('big.bin', 400 * KiB)], { space });
    await until(uploader, (s) => s.holds.length === 1);
    uploader.addFiles([], { space }, { emptyFolders: ['Empty'] });
    await until(uploader, (s) => s.preparation.foldersTotal === 1 && s.preparation.foldersSettled === 1);
    const made = (await mock.state()).requests.filter((r) => r.route === 'mkcol').map((r) => r.status);
    expect(made).toEqual([201]);
    expect(uploader.getSnapshot().folderErrors).toEqual([]);
    uploader.destroy();
  });

  it('a batch that fits file by file but not in total is held before any byte, with what is missing', async () => {
    const { mock, uploader } = await setup('quota-sum');
    const space = { id: nearlyFull.id, name: nearlyFull.name };
    const files = [file('a.bin', 100 * KiB), file('b.bin', 100 * KiB), file('c.bin', 100 * KiB)];
    uploader.addFiles(files, { space });
    const outcome = await uploader.upload();
    expect(outcome.successful).toEqual([]);
    expect(outcome.failed.map((f) => f.error.kind)).toEqual(['quota', 'quota', 'quota']);
    const snap = uploader.getSnapshot();
    expect(snap.items.map((i) => [i.status, i.hold])).toEqual([
      ['paused', 'quota'],
      ['paused', 'quota'],
      ['paused', 'quota'],
    ]);
    expect(snap.holds).toEqual([
      {
        spaceId: nearlyFull.id,
        spaceName: nearlyFull.name,
        reason: 'quota',
        files: 3,
        needed: 300 * KiB,
        available: 256 * KiB,
        missing: 44 * KiB,
      },
    ]);
    const state = await mock.state();
    expect(state.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH')).toEqual([]);
    // Checking again without freeing space changes nothing; cancel gives them up.
    uploader.resumeHeld(nearlyFull.id);
    await new Promise((r) => setTimeout(r, 200));
    expect(uploader.getSnapshot().holds[0]?.missing).toBe(44 * KiB);
    for (const item of uploader.getSnapshot().items) uploader.cancel(item.id);
    expect(uploader.getSnapshot().holds).toEqual([]);
    uploader.destroy();
  });

  it('a 507 mid-batch holds the rest of that space (not a pile of failures); freeing space and resuming finishes it', async () => {
    // The integrator passed a stale quota (so the pre-check passes); the server knows better.
    const { mock, uploader } = await setup(
      'quota-507',
      { faults: { quotas: { [personal.id]: 250 * KiB } } },
      { limit: 1 },
    );
    const files = Array.from({ length: 6 }, (_, i) => file(`q${i}.bin`, 100 * KiB));
    uploader.addFiles(files, { space: { id: personal.id, quota: { remaining: 10 * 1024 * KiB } } });
    const first = await uploader.upload();
    expect(first.successful.map((r) => r.name)).toEqual(['q0.bin', 'q1.bin']);
    expect(first.failed.map((f) => f.error.kind)).toEqual(Array(4).fill('quota'));
    const held = uploader.getSnapshot();
    expect(held.totals.counts).toMatchObject({ done: 2, paused: 4, failed: 0 });
    expect(held.holds).toMatchObject([{ spaceId: personal.id, files: 4, reason: 'quota' }]);
    // Only one creation was refused: the others never went.
    expect((await mock.state()).requests.filter((r) => r.route === 'tus-create').map((r) => r.status)).toEqual([
      201, 201, 507,
    ]);

    await mock.configure({ faults: { quotas: {} } });
    uploader.resumeHeld(personal.id);
    const done = await until(uploader, (s) => s.totals.counts.done === 6);
    expect(done.holds).toEqual([]);
    const state = await mock.state();
    for (const f of files) {
      expect(state.files.filter((s) => s.path === `/${f.name}`).map((s) => s.sha1)).toEqual([await sha1(f)]);
    }
    expect(state.uploads.filter((u) => u.complete)).toHaveLength(6);
    uploader.destroy();
  });

  it('a 507 holds only files at least as big as the refused one: a smaller one still goes, whatever the timing', async () => {
    // 256 KiB free: the 1 MiB file is refused; the 10 KiB file queued behind it (limit 1) fits and is stored.
    const { mock, uploader } = await setup(
      'quota-507-smaller',
      { faults: { quotas: { [personal.id]: 256 * KiB } } },
      { limit: 1 },
    );
    const big = file('big.bin', 1024 * KiB);
    const bigger = file('bigger.bin', 2048 * KiB);
    const small = file('small.bin', 10 * KiB);
    uploader.addFiles([big, bigger, small], { space: { id: personal.id, quota: { remaining: 10 * 1024 * KiB } } });
    const outcome = await uploader.upload();
    expect(outcome.successful.map((r) => r.name)).toEqual(['small.bin']);
    expect(outcome.failed.map((f) => [f.name, f.error.kind])).toEqual([
      ['big.bin', 'quota'],
      ['bigger.bin', 'quota'],
    ]);
    const snapshot = uploader.getSnapshot();
    expect(snapshot.holds).toMatchObject([{ spaceId: personal.id, files: 2, reason: 'quota' }]);
    const creations = (await mock.state()).requests.filter((r) => r.route === 'tus-create');
    // The bigger one was never tried: it could not fit where the big one did not.
    expect(creations.map((r) => r.status)).toEqual([507, 201]);
    const state = await mock.state();
    expect(state.files.filter((s) => s.path === '/small.bin').map((s) => s.sha1)).toEqual([await sha1(small)]);
    uploader.destroy();
  });
});

describe('shares and names', () => {
  it('a read-only share is refused before bytes flow, as "you can\'t upload here"', async () => {
    const { mock, uploader } = await setup('ro-share');
    uploader.addFiles([file('x.txt', 10), { file: file('y.txt', 5), relativePath: 'D/y.txt' }], {
      space: { id: readOnlyShare.id, name: readOnlyShare.name },
      route: { shareId: readOnlyShare.shareId },
    });
    const outcome = await uploader.upload();
    expect(outcome.failed.map((f) => [f.name, f.error.kind])).toEqual([
      ['x.txt', 'forbidden'],
      ['y.txt', 'forbidden'],
    ]);
    expect(outcome.failed[0]?.error.message).toMatch(/can't upload here/);
    const routes = (await mock.state()).requests.map((r) => r.method);
    expect(routes.filter((m) => m !== 'PROPFIND' && m !== 'GET')).toEqual([]);
    uploader.destroy();
  });

  it('an unexpected error while preparing fails the batch, saying so, instead of leaving it preparing', async () => {
    const { uploader } = await setup('prepare-error');
    class Unreadable extends File {
      override get size(): number {
        throw new Error('the size cannot be read');
      }
    }
    uploader.addFiles([new Unreadable(['x'], 'odd.bin'), file('fine.txt', 3)], root);
    const outcome = await uploader.upload();
    expect(outcome.failed.map((f) => [f.name, f.error.message])).toEqual([
      ['odd.bin', expect.stringMatching(/could not be prepared: .*size cannot be read/)],
      ['fine.txt', expect.stringMatching(/could not be prepared/)],
    ]);
    uploader.destroy();
  });

  it('start() on a batch the checks refuse entirely still emits complete, with the reasons', async () => {
    const { uploader } = await setup('ro-complete');
    const completed = new Promise<Parameters<Parameters<typeof uploader.on<'complete'>>[1]>[0]>((resolve) =>
      uploader.on('complete', resolve),
    );
    uploader.addFiles([file('x.txt', 10)], { space: { id: readOnlyShare.id } });
    uploader.start();
    const summary = await completed;
    expect(summary.successful).toEqual([]);
    expect(summary.failed.map((f) => f.error.kind)).toEqual(['forbidden']);
    uploader.destroy();
  });

  it('invalid names fail before upload naming the file; the rest of the batch goes; case twins are flagged', async () => {
    const { mock, uploader } = await setup('names');
    const ok = file('ok.txt', 5);
    // Names and paths no drop produces but an app can pass: each fails alone (addFiles does not throw).
    const odd = [file('..', 1), { file: file('c.txt', 1), relativePath: '../up/c.txt' }];
    uploader.addFiles(
      [ok, file('bad\\name.txt', 5), file('Twin.txt', 1), file('twin.txt', 2), file('x'.repeat(256), 1), ...odd],
      root,
    );
    const outcome = await uploader.upload();
    expect(outcome.successful.map((r) => r.name).sort()).toEqual(['Twin.txt', 'ok.txt', 'twin.txt']);
    expect(outcome.failed.map((f) => f.error.kind)).toEqual(Array(4).fill('invalid-name'));
    expect(outcome.failed[0]?.error.message).toContain('bad\\\\name.txt');
    expect(outcome.failed[1]?.error.message).toContain('255 bytes');
    expect(outcome.failed.slice(2).map((f) => f.error.message)).toEqual([
      expect.stringContaining('".."'),
      expect.stringContaining('".."'),
    ]);
    const items = uploader.getSnapshot().items;
    expect(items.find((i) => i.name === 'Twin.txt')?.caseCollision).toBe('/twin.txt');
    expect(items.find((i) => i.name === 'twin.txt')?.caseCollision).toBe('/Twin.txt');
    expect((await mock.state()).uploads.map((u) => u.filename).sort()).toEqual(['Twin.txt', 'ok.txt', 'twin.txt']);
    uploader.destroy();
  });
});
