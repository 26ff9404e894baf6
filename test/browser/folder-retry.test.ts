/**
 * Retrying what a folder that could not be created left behind, in Chromium over real HTTP to the mock: files that
 * failed because their folder was not created go again once the folder is (retry() sends its MKCOL again first),
 * and a folder's files are retried, paused and resumed as one list of ids.
 */
import { describe, expect, it } from 'vitest';
import { createSpaceUploader, type SpaceUploader, type UploadContext } from '../../src/core/index.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import type { MockRuntimeConfig } from '../../src/mock/types.ts';
import { type MockHandle, mockInstance, randomBytes, sha1, until } from './mock-client.ts';

const { personal, token } = mockFixtures;
const root: UploadContext = { space: { id: personal.id, name: personal.name } };
const file = (name: string, size: number) => new File([randomBytes(size)], name, { lastModified: 1_760_000_000_000 });

async function setup(label: string, config: MockRuntimeConfig): Promise<{ mock: MockHandle; uploader: SpaceUploader }> {
  const mock = mockInstance(label);
  await mock.configure(config);
  const uploader = createSpaceUploader({
    serverUrl: mock.serverUrl,
    accessToken: token,
    transfer: { retryDelays: [0] },
  });
  return { mock, uploader };
}

const mkcols = async (mock: MockHandle) =>
  (await mock.state()).requests
    .filter((r) => r.route === 'mkcol')
    .map((r) => [decodeURIComponent(r.path.slice(r.path.indexOf(personal.id) + personal.id.length)), r.status]);

describe('retry after a folder could not be created', () => {
  it('the files below it fail; retry() creates the folder (and the one below it) again, then uploads them', async () => {
    // The first MKCOL (Trip) fails; Trip/day1 fails with it without a request.
    const { mock, uploader } = await setup('folder-retry', {
      faults: { rules: [{ type: 'status', status: 500, route: 'mkcol', times: 1 }] },
    });
    const beach = file('beach.jpg', 2048);
    const dunes = file('dunes.jpg', 1024);
    const ids = uploader.addFiles(
      [
        { file: beach, relativePath: 'Trip/beach.jpg' },
        { file: dunes, relativePath: 'Trip/day1/dunes.jpg' },
      ],
      root,
    );
    const first = await uploader.upload();
    expect(first.failed.map((f) => [f.name, f.error.kind])).toEqual([
      ['beach.jpg', 'server'],
      ['dunes.jpg', 'server'],
    ]);
    expect(await mkcols(mock)).toEqual([['/Trip', 500]]);
    // Files that say why they failed: no separate folder error for them.
    expect(uploader.getSnapshot().folderErrors).toEqual([]);

    uploader.retry(ids);
    const again = await uploader.upload();
    expect(again.failed).toEqual([]);
    expect(again.successful.map((r) => r.path).sort()).toEqual(['/Trip/beach.jpg', '/Trip/day1/dunes.jpg']);
    expect(await mkcols(mock)).toEqual([
      ['/Trip', 500],
      ['/Trip', 201],
      ['/Trip/day1', 201],
    ]);
    const stored = new Map((await mock.state()).files.map((f) => [f.path, f.sha1]));
    expect(stored.get('/Trip/beach.jpg')).toBe(await sha1(beach));
    expect(stored.get('/Trip/day1/dunes.jpg')).toBe(await sha1(dunes));
    uploader.destroy();
  });

  it('a retried file whose folder fails again fails again, and says so', async () => {
    const { mock, uploader } = await setup('folder-retry-twice', {
      faults: { rules: [{ type: 'status', status: 500, route: 'mkcol', times: 2 }] },
    });
    const [id] = uploader.addFiles([{ file: file('a.txt', 10), relativePath: 'Docs/a.txt' }], root);
    await uploader.upload();
    uploader.retry(id);
    const again = await uploader.upload();
    expect(again.failed.map((f) => f.error.details.status)).toEqual([500]);
    expect(await mkcols(mock)).toEqual([
      ['/Docs', 500],
      ['/Docs', 500],
    ]);
    // No upload was attempted into a folder that does not exist.
    expect((await mock.state()).requests.filter((r) => r.route === 'tus-create' || r.route === 'webdav-put')).toEqual(
      [],
    );
    uploader.destroy();
  });

  it('the snapshot says which empty folders retry() creates again: a failed MKCOL, not a refused name', async () => {
    const { mock, uploader } = await setup('folder-retryable', {
      faults: { rules: [{ type: 'status', status: 500, route: 'mkcol', times: 1 }] },
    });
    uploader.addFiles([], root, { emptyFolders: ['Empty', 'bad\\name'] });
    uploader.start();
    await until(uploader, (s) => s.folderErrors.length === 2);
    const flags = () => uploader.getSnapshot().folderErrors.map((f) => [f.path, f.error.kind, f.retryable]);
    expect(flags()).toEqual([
      ['/bad\\name', 'invalid-name', false],
      ['/Empty', 'server', true],
    ]);
    uploader.retry();
    await expect.poll(async () => (await mock.state()).folders.map((f) => f.path)).toContain('/Empty');
    expect(flags()).toEqual([['/bad\\name', 'invalid-name', false]]);
    uploader.destroy();
  });
});
