/**
 * The uploader's own store in real Chromium against the mock: Uppy holds only the files uploading now,
 * snapshots follow each file's state, folders of a dropped tree are created, and per-file actions work.
 */
import { describe, expect, it } from 'vitest';
import { createSpaceUploader, type SpaceUploader, type UploadContext } from '../../src/core/index.ts';
import type { FileStatus } from '../../src/core/state.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import type { MockRuntimeConfig } from '../../src/mock/types.ts';
import { mockInstance, randomBytes, sha1, until } from './mock-client.ts';

const { personal } = mockFixtures;
const root: UploadContext = {
  space: { id: personal.id, name: personal.name, driveAlias: personal.driveAlias, driveType: 'personal' },
};
const file = (name: string, size: number) => new File([randomBytes(size)], name, { lastModified: 1_760_000_000_000 });

async function setup(label: string, config: MockRuntimeConfig = {}, limit = 5) {
  const mock = mockInstance(label);
  await mock.configure(config);
  const uploader = createSpaceUploader({
    serverUrl: mock.serverUrl,
    accessToken: mockFixtures.token,
    transfer: { limit, retryDelays: [0, 50] },
  });
  return { mock, uploader };
}

const statusOf = (uploader: SpaceUploader, id: string): FileStatus | undefined =>
  uploader.getSnapshot().items.find((i) => i.id === id)?.status;

describe('the store', () => {
  it('Uppy never holds more files than upload at once, and every file arrives', async () => {
    const { mock, uploader } = await setup('window', {}, 3);
    const files = Array.from({ length: 40 }, (_, i) => file(`small-${i}.bin`, 100 + i));
    let most = 0;
    uploader.uppy.on('file-added', () => {
      most = Math.max(most, Object.keys(uploader.uppy.getState().files).length);
    });
    uploader.addFiles(files, root);
    expect(Object.keys(uploader.uppy.getState().files)).toHaveLength(0);
    const outcome = await uploader.upload();
    expect(outcome.successful).toHaveLength(40);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(3);
    const state = await mock.state();
    for (const f of files) expect(state.files.find((s) => s.path === `/${f.name}`)?.sha1).toBe(await sha1(f));
    uploader.destroy();
  });

  it('10,000 queued files stay out of Uppy until their turn', async () => {
    const { uploader } = await setup('many');
    const files = Array.from({ length: 10_000 }, (_, i) => new File([`${i}`], `f-${i}.txt`));
    const ids = uploader.addFiles(files, root);
    expect(ids).toHaveLength(10_000);
    const snap = uploader.getSnapshot();
    expect(snap.items).toHaveLength(10_000);
    // First the target is checked (one listing for a flat batch), then they wait for their turn.
    expect(snap.totals.counts.preparing).toBe(10_000);
    expect(snap.preparation.checking).toBe(10_000);
    // Sizes are read after adding, a slice at a time (see the next test): none is known yet.
    expect(snap.items.every((item) => !item.measured && item.size === 0)).toBe(true);
    const planned = await until(uploader, (s) => s.totals.counts.queued === 10_000);
    expect(planned.preparation.checking).toBe(0);
    expect(planned.items.every((item) => item.measured)).toBe(true);
    expect(planned.totals.bytesTotal).toBe(files.reduce((n, f) => n + f.size, 0));
    expect(Object.keys(uploader.uppy.getState().files)).toHaveLength(0);
    uploader.destroy();
  });

  it('adding files never asks for their sizes or dates at once: they are read in slices, and the page runs between', async () => {
    // Chromium answers a picked file's first `size`/`lastModified` with a synchronous round trip to the browser
    // process (~0.4 ms each on 2 cores): here each costs 1 ms of busy main thread, and every read is counted.
    let reads = 0;
    class SlowFile extends File {
      override get size() {
        reads++;
        const until = performance.now() + 1;
        while (performance.now() < until) {}
        return super.size;
      }
      override get lastModified() {
        reads++;
        return super.lastModified;
      }
    }
    const { mock, uploader } = await setup('measure');
    const files = Array.from(
      { length: 300 },
      (_, i) => new SlowFile([`${i}`.repeat(i + 1)], `m-${i}.txt`, { lastModified: 1_700_000_000_000 + i * 1000 }),
    );
    uploader.addFiles(files, root);
    expect(reads).toBe(0);
    expect(uploader.getSnapshot().items.filter((item) => item.measured)).toHaveLength(0);

    // Timers get to run while sizes are read: some see part of them read (one long task would show none of that).
    const seen: number[] = [];
    const ticker = setInterval(() => {
      seen.push(uploader.getSnapshot().items.filter((item) => item.measured).length);
    }, 5);
    const measured = await until(uploader, (s) => s.items.every((item) => item.measured), 20_000);
    clearInterval(ticker);
    expect(seen.filter((n) => n > 0 && n < files.length).length).toBeGreaterThanOrEqual(2);
    expect(measured.items.map((item) => item.size)).toEqual(
      files.map((f) => `${files.indexOf(f)}`.repeat(files.indexOf(f) + 1).length),
    );

    // The dates arrive in the metadata: mtime on the wire, as if it had been known from the start.
    const done = await uploader.upload();
    expect(done.successful).toHaveLength(300);
    const creations = (await mock.state()).requests.filter((r) => r.route === 'tus-create');
    const mtimes = creations.map((r) => {
      const meta = Object.fromEntries(
        String(r.headers['upload-metadata'])
          .split(',')
          .map((pair) => pair.split(' ') as [string, string]),
      );
      return [atob(meta.filename ?? ''), atob(meta.mtime ?? '')];
    });
    for (const [name, mtime] of mtimes) {
      const i = Number(name?.slice(2, -4));
      expect(mtime).toBe(String(1_700_000_000 + i));
    }
    uploader.destroy();
  });

  it('with many files, status changes reach listeners once per frame, not once per change', async () => {
    const { uploader } = await setup('coalesce');
    const ids = uploader.addFiles(
      Array.from({ length: 300 }, (_, i) => new File([`${i}`], `c-${i}.txt`)),
      root,
    );
    await until(uploader, (s) => s.items.every((item) => item.measured));
    let calls = 0;
    uploader.subscribe(() => calls++);
    // 100 changes, each in its own microtask: with a few files each would be its own notification.
    for (const id of ids.slice(0, 100)) {
      uploader.cancel(id);
      await Promise.resolve();
    }
    const settled = await until(uploader, (s) => s.totals.counts.canceled === 100);
    expect(settled.items.slice(0, 100).every((item) => item.status === 'canceled')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the frame's notification
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(3);
    uploader.destroy();
  });

  it('reading the snapshot never calls listeners (React reads it while rendering); they hear of it right after', async () => {
    const { uploader } = await setup('no-sync-notify');
    let calls = 0;
    uploader.subscribe(() => calls++);
    uploader.addFiles([file('x.bin', 1)], root);
    expect(uploader.getSnapshot().items).toHaveLength(1); // the change is visible at once…
    expect(calls).toBe(0); // …but no listener ran inside getSnapshot
    await Promise.resolve();
    expect(calls).toBe(1);
    uploader.destroy();
  });

  it('snapshots go queued → uploading → done with totals, and items keep their identity when unchanged', async () => {
    const { uploader } = await setup('snap', { faults: { latencyMs: 30 } }, 1);
    const [a, b] = uploader.addFiles([file('a.bin', 1000), file('b.bin', 2000)], root);
    const first = uploader.getSnapshot();
    expect(first.status).toBe('preparing');
    expect(first.items.map((i) => i.status)).toEqual(['preparing', 'preparing']);
    const checked = await until(uploader, (s) => s.totals.counts.queued === 2);
    expect(checked.status).toBe('idle');
    const seen = new Set<string>();
    const stop = uploader.subscribe(() =>
      seen.add(`${statusOf(uploader, a as string)}/${statusOf(uploader, b as string)}`),
    );
    await uploader.upload();
    stop();
    expect(seen).toContain('uploading/queued');
    const last = uploader.getSnapshot();
    expect(last.status).toBe('done');
    expect(last.totals).toMatchObject({ files: 2, bytesTotal: 3000, bytesUploaded: 3000 });
    expect(last.totals.counts.done).toBe(2);
    expect(uploader.getSnapshot()).toBe(last); // no change, same snapshot (useSyncExternalStore relies on it)
    uploader.destroy();
  });
});

describe('events', () => {
  it('start() with a single file emits complete once, with its result', async () => {
    const { uploader } = await setup('complete-one');
    const summaries: Array<{ successful: unknown[]; failed: unknown[] }> = [];
    uploader.on('complete', (summary) => summaries.push(summary));
    const [id] = uploader.addFiles([file('one.bin', 10)], root);
    uploader.start();
    await until(uploader, (s) => s.status === 'done');
    await new Promise((r) => setTimeout(r, 50));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.successful).toMatchObject([{ id, path: '/one.bin', size: 10 }]);
    uploader.destroy();
  });
});

describe('files given to Uppy directly (Dashboard, plugins)', () => {
  it('join the queue and upload to the target', async () => {
    const mock = mockInstance('direct');
    const uploader = createSpaceUploader({
      serverUrl: mock.serverUrl,
      accessToken: mockFixtures.token,
      target: { ...root, folder: { path: '/Photos' } },
    });
    const f = file('from-dashboard.bin', 3000);
    uploader.uppy.addFile({ name: f.name, type: f.type, data: f, source: 'Dashboard' });
    const snap = await until(uploader, (s) => s.status === 'done');
    expect(snap.items.map((i) => i.path)).toEqual(['/Photos/from-dashboard.bin']);
    const state = await mock.state();
    expect(state.files.find((s) => s.path === '/Photos/from-dashboard.bin')?.sha1).toBe(await sha1(f));
    expect(state.uploads[0]?.metadata.currentFolder).toBe('/Photos');
    uploader.destroy();
  });

  it('are refused with a message when there is no target', async () => {
    const mock = mockInstance('direct-none');
    const uploader = createSpaceUploader({ serverUrl: mock.serverUrl, accessToken: mockFixtures.token });
    uploader.uppy.addFile({ name: 'lost.bin', data: file('lost.bin', 10), source: 'Dashboard' });
    await new Promise((r) => setTimeout(r, 50));
    expect(Object.keys(uploader.uppy.getState().files)).toEqual([]);
    expect(uploader.uppy.getState().info.map((i) => i.message)).toContain('No target folder to upload to');
    expect(uploader.getSnapshot().items).toEqual([]);
    uploader.destroy();
  });
});

describe('actions taken through Uppy itself (e.g. its Dashboard)', () => {
  it('a file removed in Uppy becomes canceled; pause-all and resume-all show on our rows', async () => {
    const { mock, uploader } = await setup(
      'uppy-side',
      {
        capabilities: { tus: { max_chunk_size: 8 * 1024, extension: 'creation' } },
        faults: { bandwidthBytesPerSecond: 64 * 1024 },
      },
      2,
    );
    const [a, b] = uploader.addFiles([file('a.bin', 128 * 1024), file('b.bin', 128 * 1024)], root);
    const done = uploader.upload();
    await until(uploader, (s) => s.items.every((i) => i.bytesUploaded > 0));
    uploader.uppy.pauseAll();
    expect(uploader.getSnapshot().items.map((i) => i.status)).toEqual(['paused', 'paused']);
    uploader.uppy.resumeAll();
    expect(uploader.getSnapshot().items.map((i) => i.status)).toEqual(['uploading', 'uploading']);
    const uppyIdOfA = uploader.plan(a as string)?.uppyId as string;
    uploader.uppy.removeFile(uppyIdOfA);
    expect(statusOf(uploader, a as string)).toBe('canceled');
    await mock.configure({ faults: {} });
    const outcome = await done;
    expect(outcome.successful.map((r) => r.id)).toEqual([b]);
    expect(uploader.getSnapshot().status).toBe('done');
    uploader.destroy();
  });
});

describe('folder trees', () => {
  it('creates every folder of a dropped tree, parents first, empty ones too, then uploads into them', async () => {
    const { mock, uploader } = await setup('tree');
    const context: UploadContext = { ...root, folder: { path: '/Documents' } };
    const deep = file('deep.txt', 30);
    const top = file('top.txt', 20);
    uploader.addFiles(
      [
        { file: deep, relativePath: 'New/A/B/deep.txt' },
        { file: top, relativePath: 'New/top.txt' },
      ],
      context,
      { emptyFolders: ['New/Empty', 'New/A/Also empty'] },
    );
    expect(uploader.getSnapshot().items.map((i) => i.status)).toEqual(['preparing', 'preparing']);
    const outcome = await uploader.upload();
    expect(outcome.failed).toEqual([]);
    const state = await mock.state();
    const folders = state.folders.map((f) => f.path);
    for (const path of [
      '/Documents/New',
      '/Documents/New/A',
      '/Documents/New/A/B',
      '/Documents/New/Empty',
      '/Documents/New/A/Also empty',
    ])
      expect(folders, path).toContain(path);
    const mkcols = state.requests
      .filter((r) => r.route === 'mkcol')
      .map((r) => decodeURIComponent(r.path.split(personal.id)[1] ?? ''));
    expect(mkcols.indexOf('/Documents/New')).toBeLessThan(mkcols.indexOf('/Documents/New/A'));
    expect(mkcols.indexOf('/Documents/New/A')).toBeLessThan(mkcols.indexOf('/Documents/New/A/B'));
    expect(state.files.find((f) => f.path === '/Documents/New/A/B/deep.txt')?.sha1).toBe(await sha1(deep));
    expect(state.files.find((f) => f.path === '/Documents/New/top.txt')?.sha1).toBe(await sha1(top));
    uploader.destroy();
  });

  it('merges into folders that exist (listed, never created again) and fails the files of a folder that cannot be created, with the reason', async () => {
    const { mock, uploader } = await setup('tree-fail', {
      faults: { rules: [{ type: 'status', status: 423, route: 'mkcol', nth: 1 }] },
    });
    const ok = file('ok.txt', 5);
    const doomed = file('doomed.txt', 5);
    const [okId, doomedId] = uploader.addFiles(
      [
        { file: ok, relativePath: 'Reports/ok.txt' }, // /Documents/Reports exists: merged (the default)
        { file: doomed, relativePath: 'Reports/Locked/doomed.txt' }, // the only MKCOL answers 423
      ],
      { ...root, folder: { path: '/Documents' } },
    );
    const outcome = await uploader.upload();
    expect(outcome.successful.map((r) => r.id)).toEqual([okId]);
    expect(outcome.failed.map((f) => [f.id, f.error.kind, f.error.details.status])).toEqual([
      [doomedId, 'locked', 423],
    ]);
    const state = await mock.state();
    expect(
      state.requests.filter((r) => r.route === 'mkcol').map((r) => [r.path.split('/').slice(-2).join('/'), r.status]),
    ).toEqual([['Reports/Locked', 423]]);
    expect(state.files.some((f) => f.path.endsWith('doomed.txt'))).toBe(false);
    uploader.destroy();
  });
});

describe('per-file actions', () => {
  it('pause stops one file, resume finishes it byte for byte', async () => {
    const { mock, uploader } = await setup('pause', {
      capabilities: { tus: { max_chunk_size: 16 * 1024, extension: 'creation' } },
      faults: { bandwidthBytesPerSecond: 128 * 1024 },
    });
    const slow = file('slow.bin', 256 * 1024);
    const [id] = uploader.addFiles([slow], root);
    const done = uploader.upload();
    await until(uploader, (s) => (s.items[0]?.bytesUploaded ?? 0) > 0);
    uploader.pause(id);
    expect(statusOf(uploader, id as string)).toBe('paused');
    await new Promise((r) => setTimeout(r, 300));
    const offsetWhilePaused = (await mock.state()).uploads[0]?.offset;
    await new Promise((r) => setTimeout(r, 300));
    expect((await mock.state()).uploads[0]?.offset).toBe(offsetWhilePaused);
    await mock.configure({ faults: {} });
    uploader.resume(id);
    const outcome = await done;
    expect(outcome.successful).toHaveLength(1);
    const state = await mock.state();
    expect(state.files.find((f) => f.path === '/slow.bin')?.sha1).toBe(await sha1(slow));
    expect(state.uploads).toHaveLength(1); // resumed, not started again
    uploader.destroy();
  });

  it('cancel stops one file (tus DELETE) and the others go on', async () => {
    const { mock, uploader } = await setup('cancel', {
      capabilities: { tus: { max_chunk_size: 8 * 1024, extension: 'creation' } },
      faults: { bandwidthBytesPerSecond: 64 * 1024 },
    });
    const [big, small] = uploader.addFiles([file('big.bin', 256 * 1024), file('small.bin', 1000)], root);
    const done = uploader.upload();
    await until(uploader, (s) => (s.items[0]?.bytesUploaded ?? 0) > 0);
    uploader.cancel(big);
    await mock.configure({ faults: {} });
    const outcome = await done;
    expect(outcome.successful.map((r) => r.id)).toEqual([small]);
    expect(statusOf(uploader, big as string)).toBe('canceled');
    for (let i = 0; i < 30 && !(await mock.state()).requests.some((r) => r.route === 'tus-delete'); i++)
      await new Promise((r) => setTimeout(r, 100));
    const state = await mock.state();
    expect(state.requests.some((r) => r.route === 'tus-delete' && r.status === 204)).toBe(true);
    expect(state.files.some((f) => f.path === '/big.bin')).toBe(false);
    expect(uploader.getSnapshot().totals.files).toBe(1);
    uploader.clearFinished();
    expect(uploader.getSnapshot().items).toEqual([]);
    uploader.destroy();
  });

  it('retry uploads a failed file again once the cause is gone', async () => {
    const { mock, uploader } = await setup('retry', {
      faults: { rules: [{ type: 'status', status: 403, route: 'tus-create' }] },
    });
    const f = file('again.bin', 500);
    const [id] = uploader.addFiles([f], root);
    const first = await uploader.upload();
    expect(first.failed[0]?.error.kind).toBe('forbidden');
    expect(uploader.getSnapshot().status).toBe('failed');
    uploader.retry(id);
    const second = await uploader.upload();
    expect(second.successful.map((r) => r.id)).toEqual([id]);
    expect(uploader.getSnapshot().items[0]).toMatchObject({ status: 'done', attempts: 1 });
    expect((await mock.state()).files.find((s) => s.path === '/again.bin')?.sha1).toBe(await sha1(f));
    uploader.destroy();
  });
});
