import type { Browser } from 'playwright-core';
import type { TempFiles } from './files.ts';
import type { BenchServer } from './server.ts';

/** One row of the results table. `pass` is undefined for rows that are context, not a target. */
export interface BenchRow {
  bench: string;
  measure: string;
  result: string;
  baseline: string;
  ratio: string;
  target: string;
  pass: boolean | undefined;
  note?: string;
}

export interface BenchContext {
  server: BenchServer;
  browser: Browser;
  files: TempFiles;
  /** Log a progress line (stderr). */
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
