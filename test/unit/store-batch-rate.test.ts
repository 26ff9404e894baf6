/**
 * The snapshot's speed and time left for many tiny files: the store measures the batch as a whole (batch-rate.ts).
 * Summing the moving files' own speeds said "40 B/s · 33 min left" for 10,000 files of 10 B that took 3.5 minutes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FileStatus } from '../../src/core/state.ts';
import type { Entry } from '../../src/core/uploader/entry.ts';
import type { Internals } from '../../src/core/uploader/internals.ts';
import { createStore } from '../../src/core/uploader/store.ts';

/** The fields of an entry the store reads (the rest of the uploader is not involved). */
function entry(id: number, size: number): Entry {
  return {
    id: `f${id}`,
    name: `f${id}.txt`,
    path: `/f${id}.txt`,
    context: { space: { id: 's$u' } },
    meta: { type: 'text/plain' },
    size,
    status: 'queued' as FileStatus,
    state: 'queued',
    planned: true,
    bytesUploaded: 0,
    speed: 0,
    timeLeft: undefined,
    attempts: 0,
    replaces: false,
    restarts: 0,
    log: [],
  } as unknown as Entry;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('store: the batch rate', () => {
  it('10,000 files of 10 B at 48 a second: about 3 min left after 30 s, not half an hour', () => {
    vi.useFakeTimers({ now: 0 });
    const entries = new Map<string, Entry>();
    for (let i = 0; i < 10_000; i++) entries.set(`f${i}`, entry(i, 10));
    const internals = {
      entries,
      quotaHolds: new Map(),
      folders: { progress: { total: 0, settled: 0 }, errors: [] },
      destroyed: false,
    } as unknown as Omit<Internals, 'store' | 'transport'>;
    const store = createStore(internals);
    const list = [...entries.values()];
    let done = 0;
    let snapshot = store.getSnapshot();
    for (let t = 0; t <= 30_000; t += 100) {
      vi.setSystemTime(t);
      const target = Math.floor((t / 1000) * 48);
      for (; done < target; done++) {
        const finished = list[done] as Entry;
        Object.assign(finished, { status: 'done', state: 'done', bytesUploaded: 10, speed: 0 });
        store.touch(finished);
      }
      // The file moving now: its own speed is all the old sum had (a tiny file is done before it is measured).
      const moving = list[done] as Entry;
      Object.assign(moving, { status: 'uploading', state: 'uploading', bytesUploaded: 4, speed: 40, timeLeft: 0.15 });
      store.touch(moving, false);
      snapshot = store.getSnapshot();
    }
    expect(snapshot.status).toBe('uploading');
    expect(snapshot.totals.counts.done).toBe(1_440);
    // 8,560 files left at 48 a second: 178 s.
    expect(snapshot.totals.timeLeft).toBeGreaterThan(170);
    expect(snapshot.totals.timeLeft).toBeLessThan(190);
    expect(snapshot.totals.speed).toBeGreaterThan(400);
    store.close();
  });
});
