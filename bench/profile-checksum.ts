/**
 * `npx tsx bench/profile-checksum.ts [rounds] [modes…]`: where a checksum mode's time goes on a 256 MiB upload
 * through the core uploader (no UI): wall time, when every byte was sent, the tail after it (last hash bytes and
 * the verifying PROPFIND), and the CPU each of our processes and threads spent (the hashing worker is a thread of
 * the renderer), against the 2 cores. Modes alternate in order round by round. Not part of `npm run bench`.
 */
import type { Page } from 'playwright-core';
import type { ChecksumMode } from '../src/core/transfer.ts';
import { launchChromium, openPage } from './support/browser.ts';
import { createTempFiles } from './support/files.ts';
import { cpuBetween, sampleCpu } from './support/proc-cpu.ts';
import { onFreshMock, pick } from './support/runs.ts';
import { type BenchServer, benchTarget, startBenchServer } from './support/server.ts';
import { MiB, median } from './support/stats.ts';

const SIZE = 256 * MiB;
const args = process.argv.slice(2).filter((a) => a !== '--');
const ROUNDS = Number(args[0] ?? 3);
const MODES = (args.length > 1 ? args.slice(1) : ['off', 'verify']) as ChecksumMode[];

interface Row {
  mode: ChecksumMode;
  ms: number;
  sentAt: number;
  tail: number;
  cpu: Map<string, number>;
}

async function once(server: BenchServer, page: Page, mode: ChecksumMode): Promise<Row> {
  const before = sampleCpu();
  const r = await onFreshMock(server, `prof-${mode}`, (serverUrl) =>
    page.evaluate((o) => window.bench.runCore(o), {
      serverUrl,
      token: benchTarget.token,
      spaceId: benchTarget.spaceId,
      transfer: { chunkSize: 10_000_000, checksum: mode },
      phases: true,
    }),
  );
  const cpu = cpuBetween(before, sampleCpu());
  const sentAt = r.phases?.sentAt ?? Number.NaN;
  return { mode, ms: r.ms, sentAt, tail: r.ms - sentAt, cpu };
}

/** CPU by process type, the worker thread apart, in ms; and the total against 2 cores × wall time. */
function summary(cpu: Map<string, number>, ms: number): string {
  const by = new Map<string, number>();
  for (const [key, v] of cpu) {
    const [type, thread] = key.split('/') as [string, string];
    const name = thread.startsWith('DedicatedWorker') ? 'worker' : type;
    by.set(name, (by.get(name) ?? 0) + v);
  }
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  const parts = [...by].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${Math.round(v)}`);
  return `cpu ${Math.round(total)} ms = ${((total / ms) * 100).toFixed(0)} % of one core (${parts.join(', ')})`;
}

const files = createTempFiles();
const server = await startBenchServer();
const browser = await launchChromium();
try {
  const { path } = await files.random('profile-256MiB.bin', SIZE);
  const { page, close } = await openPage(browser, server.origin, 'lab');
  await pick(page, path);
  await once(server, page, 'off');
  const rows: Row[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = MODES.map((_, i) => MODES[(i + round) % MODES.length] as ChecksumMode);
    for (const mode of order) {
      const row = await once(server, page, mode);
      rows.push(row);
      console.log(
        `round ${round + 1} ${mode.padEnd(10)} ${Math.round(row.ms)} ms, all sent at ${Math.round(row.sentAt)} ms, tail ${Math.round(row.tail)} ms; ${summary(row.cpu, row.ms)}`,
      );
    }
  }
  for (const mode of MODES) {
    const mine = rows.filter((r) => r.mode === mode);
    console.log(
      `${mode}: median ${Math.round(median(mine.map((r) => r.ms)))} ms, sent at ${Math.round(median(mine.map((r) => r.sentAt)))} ms, tail ${Math.round(median(mine.map((r) => r.tail)))} ms`,
    );
  }
  // Where the extra CPU of the second mode goes: per thread, median of the second minus median of the first.
  const [a, b] = MODES as [ChecksumMode, ChecksumMode];
  const keys = new Set(rows.flatMap((r) => [...r.cpu.keys()]));
  const med = (mode: ChecksumMode, key: string) =>
    median(rows.filter((r) => r.mode === mode).map((r) => r.cpu.get(key) ?? 0));
  const diff = [...keys].map((k) => [k, med(b, k) - med(a, k)] as const).filter(([, d]) => Math.abs(d) >= 20);
  console.log(
    `CPU ms, '${b}' − '${a}' per thread (medians): ${diff
      .sort((x, y) => y[1] - x[1])
      .map(([k, d]) => `${k} ${d > 0 ? '+' : ''}${Math.round(d)}`)
      .join(', ')}`,
  );
  await close();
} finally {
  await browser.close();
  await server.close();
  files.cleanup();
}
