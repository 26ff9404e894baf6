/** The batch's speed and time left (src/core/batch-rate.ts), as a pure function of what finished when. */
import { describe, expect, it } from 'vitest';
import { createBatchRate, RATE_MIN_SPAN_MS } from '../../src/core/batch-rate.ts';

/** A run of `files` files of `size` bytes, finishing `perSecond` a second, sampled every 100 ms until `untilMs`. */
function steadyRun(files: number, size: number, perSecond: number, untilMs: number) {
  const rate = createBatchRate();
  for (let at = 0; at <= untilMs; at += 100) {
    const done = Math.min(files, Math.floor((at / 1000) * perSecond));
    rate.sample({ at, bytes: done * size, files: done });
  }
  const done = Math.min(files, Math.floor((untilMs / 1000) * perSecond));
  return rate.estimate({ bytes: (files - done) * size, files: files - done });
}

describe('batch rate', () => {
  it('10,000 files of 10 B at 48 files/s: about 3.5 min in all, not "40 B/s · 33 min left"', () => {
    // The batch: 98.8 KB in 10,000 tiny files, done in 3.5 minutes. After 30 s, 1,440 are done.
    const estimate = steadyRun(10_000, 10, 48, 30_000);
    expect(estimate?.filesPerSecond).toBeCloseTo(48, 0);
    expect(estimate?.bytesPerSecond).toBeCloseTo(480, -1);
    // 8,560 files left at 48 a second: 178 s. Within 5 % of the truth.
    expect(estimate?.timeLeft).toBeGreaterThan(170);
    expect(estimate?.timeLeft).toBeLessThan(187);
  });

  it('one big file: bytes left at the bandwidth', () => {
    const rate = createBatchRate();
    for (let at = 0; at <= 5_000; at += 100) rate.sample({ at, bytes: at * 1_000, files: 0 });
    // 1 MB/s; 5 MB sent of 20 MB: 15 s left.
    const estimate = rate.estimate({ bytes: 15_000_000, files: 1 });
    expect(estimate?.bytesPerSecond).toBeCloseTo(1_000_000, -3);
    expect(estimate?.filesPerSecond).toBe(0);
    expect(estimate?.timeLeft).toBeCloseTo(15, 0);
  });

  it('the longer of the two: files left at the file rate when that takes longer than the bytes', () => {
    const rate = createBatchRate();
    // 10 files a second of 1 kB each; left: 100 files but only 10 kB (they are smaller).
    for (let at = 0; at <= 4_000; at += 100) rate.sample({ at, bytes: at * 10, files: at / 100 });
    expect(rate.estimate({ bytes: 10_000, files: 100 })?.timeLeft).toBeCloseTo(10, 5);
  });

  it('no estimate before enough time is measured; none once reset (a pause)', () => {
    const rate = createBatchRate();
    rate.sample({ at: 0, bytes: 0, files: 0 });
    rate.sample({ at: RATE_MIN_SPAN_MS - 1, bytes: 1000, files: 1 });
    expect(rate.estimate({ bytes: 1000, files: 1 })).toBeUndefined();
    rate.sample({ at: RATE_MIN_SPAN_MS, bytes: 1000, files: 1 });
    expect(rate.estimate({ bytes: 1000, files: 1 })?.timeLeft).toBeGreaterThan(0);
    rate.reset();
    expect(rate.estimate({ bytes: 1000, files: 1 })).toBeUndefined();
  });

  it('follows a change within the window: the old rate is forgotten after 10 s', () => {
    const rate = createBatchRate();
    let bytes = 0;
    for (let at = 0; at <= 20_000; at += 100) {
      bytes += at < 10_000 ? 100_000 : 10_000; // 1 MB/s, then 100 kB/s
      rate.sample({ at, bytes, files: 0 });
    }
    expect(rate.estimate({ bytes: 1_000_000, files: 1 })?.bytesPerSecond).toBeCloseTo(100_000, -3);
  });

  it('a step back (files cleared, a retry) starts over; nothing moving gives no time left', () => {
    const rate = createBatchRate();
    for (let at = 0; at <= 3_000; at += 100) rate.sample({ at, bytes: at, files: 0 });
    rate.sample({ at: 3_100, bytes: 10, files: 0 });
    expect(rate.estimate({ bytes: 100, files: 1 })).toBeUndefined();
    const still = createBatchRate();
    for (let at = 0; at <= 3_000; at += 100) still.sample({ at, bytes: 500, files: 2 });
    expect(still.estimate({ bytes: 100, files: 1 })).toEqual({
      bytesPerSecond: 0,
      filesPerSecond: 0,
      timeLeft: undefined,
    });
    expect(still.estimate({ bytes: 0, files: 0 })?.timeLeft).toBe(0);
  });
});
