/** Small numeric helpers for the benchmarks. */
export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export const fmtMs = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
export const fmtMiBs = (bytes: number, ms: number): string => `${(bytes / MiB / (ms / 1000)).toFixed(0)} MiB/s`;
export const fmtRatio = (ratio: number): string => `${ratio.toFixed(2)}×`;
export const fmtKB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

/** Runs `fn` `rounds` times and returns every result (rounds run one after another). */
export async function rounds<T>(count: number, fn: (round: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < count; i++) results.push(await fn(i));
  return results;
}

/** Rejects after `ms` with a message naming `what` (the timer never keeps the process alive). */
export function withTimeout<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${fmtMs(ms)}`)), ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Lowest–highest of paired ratios, e.g. `0.91–1.02×` (the spread a median hides). */
export function fmtSpread(ratios: readonly number[]): string {
  if (ratios.length === 0) return '';
  return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`;
}
