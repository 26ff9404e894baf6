/**
 * The batch's speed and time left, measured on the batch as a whole: bytes and files finished over the last few
 * seconds. Summing each moving file's own speed fails for many small files: each is done before its speed is
 * known, so 10,000 files of 10 B showed "40 B/s · 33 min left" for a batch that took 3.5 minutes. Pure: time is
 * passed in.
 */

/** How far back the rate looks (ms): long enough to span many small files, short enough to follow a change. */
export const RATE_WINDOW_MS = 10_000;
/** Less time than this (ms) measured gives no estimate yet. */
export const RATE_MIN_SPAN_MS = 2_000;

export interface RateSample {
  /** Milliseconds, any clock that only goes forward. */
  at: number;
  /** Bytes of the batch sent so far (finished files whole, moving files by their offset). */
  bytes: number;
  /** Files of the batch finished so far. */
  files: number;
}

export interface RateEstimate {
  /** Bytes per second over the window. */
  bytesPerSecond: number;
  /** Files finished per second over the window. */
  filesPerSecond: number;
  /**
   * Seconds, or `undefined` when nothing moved in the window. The longer of bytes left at the byte rate and files
   * left at the file rate: big files are bound by bandwidth, small ones by each file's requests.
   */
  timeLeft: number | undefined;
}

export interface BatchRate {
  /** Records where the batch is now; a step back (files cleared, a retry) starts the measurement over. */
  sample(sample: RateSample): void;
  /** The estimate for what is left, or `undefined` while less than `RATE_MIN_SPAN_MS` was measured. */
  estimate(left: { bytes: number; files: number }): RateEstimate | undefined;
  /** Forgets the samples (a pause: its time is not transfer time). */
  reset(): void;
}

export function createBatchRate(windowMs = RATE_WINDOW_MS, minSpanMs = RATE_MIN_SPAN_MS): BatchRate {
  let samples: RateSample[] = [];
  // Time for `n` at `rate` per second; 0 when none is left or nothing moves.
  const time = (n: number, rate: number) => (n > 0 && rate > 0 ? n / rate : 0);
  return {
    sample(next) {
      const last = samples[samples.length - 1];
      if (last && (next.bytes < last.bytes || next.files < last.files || next.at < last.at)) samples = [];
      samples.push(next);
      // Keep one sample older than the window, so the window is always spanned once it can be.
      while ((samples[1]?.at ?? Number.POSITIVE_INFINITY) <= next.at - windowMs) samples.shift();
    },
    estimate(left) {
      const first = samples[0];
      const last = samples[samples.length - 1];
      if (!first || !last || last.at - first.at < minSpanMs) return undefined;
      const span = (last.at - first.at) / 1000;
      const bytesPerSecond = (last.bytes - first.bytes) / span;
      const filesPerSecond = (last.files - first.files) / span;
      const timeLeft = Math.max(time(left.bytes, bytesPerSecond), time(left.files, filesPerSecond));
      // Something left and nothing moving: unknown.
      const stuck = timeLeft === 0 && (left.bytes > 0 || left.files > 0);
      return { bytesPerSecond, filesPerSecond, timeLeft: stuck ? undefined : timeLeft };
    },
    reset() {
      samples = [];
    },
  };
}
