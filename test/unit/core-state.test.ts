import { describe, expect, it } from 'vitest';
import { type FileStatus, summarize, type UploadItem } from '../../src/core/state.ts';
import { makeUploadItem } from '../support/upload-item.ts';

const item = (status: FileStatus, size = 100, bytesUploaded = 0, speed = 0): UploadItem =>
  makeUploadItem({
    name: 'f',
    path: '/f',
    spaceId: 's$u',
    type: 'application/octet-stream',
    status,
    size,
    bytesUploaded,
    speed,
  });

describe('summarize', () => {
  it.each<[FileStatus[], string]>([
    [[], 'idle'],
    [['queued', 'queued'], 'idle'],
    [['preparing'], 'preparing'],
    [['preparing', 'uploading'], 'uploading'],
    [['uploading', 'queued'], 'uploading'],
    [['queued', 'done'], 'idle'],
    [['finalizing', 'done'], 'finalizing'],
    [['paused', 'done'], 'paused'],
    [['done', 'failed'], 'failed'],
    [['done', 'canceled'], 'done'],
    [['canceled'], 'idle'],
    [['skipped', 'canceled'], 'idle'],
    [['done', 'skipped'], 'done'],
    [['done', 'done'], 'done'],
  ])('%j → %s', (statuses, status) => {
    expect(summarize(statuses.map((s) => item(s))).status).toBe(status);
  });

  it('counts bytes of files still to go and done; failed and canceled ones leave the progress', () => {
    const { totals } = summarize([
      item('done', 100),
      item('uploading', 200, 50, 10),
      item('failed', 1000, 300),
      item('canceled', 5000, 10),
    ]);
    expect(totals).toMatchObject({ files: 3, bytesTotal: 300, bytesUploaded: 150, speed: 10 });
    expect(totals.timeLeft).toBe(15); // 150 bytes left at 10 B/s
    expect(totals.counts).toMatchObject({ done: 1, uploading: 1, failed: 1, canceled: 1 });
  });

  it('skipped files (a conflict answered "skip") leave the progress and the file count', () => {
    const { totals } = summarize([item('done', 100), item('skipped', 700)]);
    expect(totals).toMatchObject({ files: 1, bytesTotal: 100, bytesUploaded: 100 });
    expect(totals.counts.skipped).toBe(1);
  });

  it('counts the files whose size is still being read (their bytes are not in the total yet)', () => {
    const unread = { ...item('queued', 0), measured: false };
    const { totals } = summarize([item('done', 100), unread, { ...item('canceled', 0), measured: false }]);
    expect(totals).toMatchObject({ measuring: 1, bytesTotal: 100 });
    expect(summarize([item('done', 100)]).totals.measuring).toBe(0);
  });

  it('has no time left without speed or without anything moving', () => {
    expect(summarize([item('uploading', 100, 10, 0)]).totals.timeLeft).toBeUndefined();
    expect(summarize([item('paused', 100, 10, 5)]).totals.timeLeft).toBeUndefined();
  });
});
