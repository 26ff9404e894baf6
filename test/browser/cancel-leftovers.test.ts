/**
 * Cancel leaves nothing behind that the UI does not report: after "cancel all" in the middle of a batch of small
 * files, the server holds exactly the files shown as uploaded. A small file travels in one request (creation with
 * its data); with latency in front of the mock, several such requests have arrived whole when the cancel comes.
 */
import { describe, expect, it } from 'vitest';
import { createSpaceUploader, type UploadContext } from '../../src/core/index.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { mockInstance, randomBytes, until } from './mock-client.ts';

const { personal } = mockFixtures;
const root: UploadContext = {
  space: { id: personal.id, name: personal.name, driveAlias: personal.driveAlias, driveType: 'personal' },
};

describe('cancel all during a batch', () => {
  it('300 small files: the server holds exactly the files the UI reports as uploaded', async () => {
    const mock = mockInstance('cancel-leftovers');
    await mock.configure({ faults: { latencyMs: 120 } });
    const uploader = createSpaceUploader({
      serverUrl: mock.serverUrl,
      accessToken: mockFixtures.token,
      transfer: { limit: 5, retryDelays: [0, 50] },
    });
    const files = Array.from(
      { length: 300 },
      (_, i) => new File([randomBytes(1024 + i)], `c-${i}.bin`, { lastModified: 1_760_000_000_000 }),
    );
    uploader.addFiles(files, root);
    const outcome = uploader.upload();
    await until(uploader, (s) => s.totals.counts.done >= 30);
    uploader.cancel();
    const settled = await outcome;
    const items = uploader.getSnapshot().items;
    const uploaded = items.filter((i) => i.status === 'done').map((i) => i.path);
    expect(items.filter((i) => i.status !== 'done' && i.status !== 'canceled')).toEqual([]);
    expect(settled.successful.map((r) => r.path).sort()).toEqual([...uploaded].sort());
    // Late arrivals are given time to show: nothing stored after the uploader said it was done.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const stored = (await mock.state()).files.map((f) => f.path).filter((p) => p.startsWith('/c-'));
    expect(stored.sort()).toEqual([...uploaded].sort());
    expect(uploaded.length).toBeGreaterThanOrEqual(30);
    expect(uploaded.length).toBeLessThan(300);
    uploader.destroy();
  });
});
