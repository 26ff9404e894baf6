/**
 * `npm run bench [-- name…]`: the performance benchmarks, in real Chromium over loopback, each a ratio against a
 * baseline measured in the same run. Prints a markdown table and writes it to bench/results.md.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { bundleBench } from './benchmarks/bundle.ts';
import { hashing } from './benchmarks/hashing.ts';
import { memory } from './benchmarks/memory.ts';
import { realServerThroughput } from './benchmarks/real-server.ts';
import { smallFiles } from './benchmarks/small-files.ts';
import { throughput } from './benchmarks/throughput.ts';
import { uiMany } from './benchmarks/ui-many.ts';
import { launchChromium } from './support/browser.ts';
import { createTempFiles } from './support/files.ts';
import { machineLine } from './support/machine.ts';
import { type BenchServer, startBenchServer } from './support/server.ts';
import { fmtMs } from './support/stats.ts';
import type { Benchmark, BenchRow } from './support/types.ts';

const ALL: Benchmark[] = [throughput, realServerThroughput, smallFiles, hashing, uiMany, memory, bundleBench];
const here = dirname(fileURLToPath(import.meta.url));

function table(rows: BenchRow[]): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const verdict = (p: boolean | undefined) => (p === undefined ? '—' : p ? 'pass' : '**miss**');
  const lines = [
    '| Benchmark | Measure | Result | Baseline | Ratio | Target | Verdict |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${[r.bench, r.measure, r.result, r.baseline, r.ratio, r.target, verdict(r.pass)].map(cell).join(' | ')} |`,
    ),
  ];
  return lines.join('\n');
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).filter((a) => a !== '--');
  const unknown = wanted.filter((w) => !ALL.some((b) => b.name === w));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${ALL.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const selected = wanted.length > 0 ? ALL.filter((b) => wanted.includes(b.name)) : ALL;
  const started = Date.now();
  const files = createTempFiles();
  let server: BenchServer | undefined;
  let browser: Browser | undefined;
  const rows: BenchRow[] = [];
  const failures: string[] = [];
  const log = (message: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${message}`);
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    files.cleanup();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    server = await startBenchServer();
    browser = await launchChromium();
    for (const bench of selected) {
      const t0 = Date.now();
      log(`${bench.name}: ${bench.title}…`);
      try {
        rows.push(...(await bench.run({ server, browser, files, log })));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${bench.name}: ${message}`);
        rows.push({
          bench: bench.name,
          measure: bench.title,
          result: `failed: ${message.split('\n')[0]}`,
          baseline: '',
          ratio: '',
          target: '',
          pass: false,
        });
        // A crashed browser is not reused by the next benchmark.
        if (!browser.isConnected()) browser = await launchChromium();
      }
      log(`${bench.name} done in ${fmtMs(Date.now() - t0)}`);
    }
    const machine = machineLine(browser);
    const notes = rows.filter((r) => r.note).map((r) => `- ${r.bench}: ${r.note}`);
    const total = fmtMs(Date.now() - started);
    const markdown = [
      `Machine: ${machine}`,
      '',
      table(rows),
      '',
      ...(notes.length > 0 ? ['Notes:', ...notes, ''] : []),
      `Run: ${new Date().toISOString()}, ${selected.map((b) => b.name).join(', ')}, ${total}.`,
    ].join('\n');
    console.log(markdown);
    writeFileSync(join(here, 'results.md'), `# Benchmark results\n\n${markdown}\n`);
    if (failures.length > 0) console.error(`\nfailed:\n${failures.join('\n')}`);
    return failures.length > 0 ? 1 : 0;
  } finally {
    await stop();
  }
}

process.exitCode = await main();
