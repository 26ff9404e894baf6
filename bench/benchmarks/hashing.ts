/**
 * 3. Hashing: `sha1OfBlob` (Web Worker, hash-wasm) over a 256 MiB file from disk vs `openssl sha1` of the same
 * file (reading included on both sides); and a 256 MiB upload (core uploader) with checksum 'whole-file' vs 'off'.
 */
import { spawn } from 'node:child_process';
import { openPage } from '../support/browser.ts';
import { onFreshMock, pick } from '../support/runs.ts';
import { benchTarget } from '../support/server.ts';
import { fmtMiBs, fmtMs, fmtRatio, MiB, median, withTimeout } from '../support/stats.ts';
import type { Benchmark } from '../support/types.ts';

const SIZE = 256 * MiB;
const ROUNDS = 3;

function opensslSha1(path: string): Promise<{ ms: number; hex: string }> {
  return withTimeout(
    'openssl sha1',
    60_000,
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const child = spawn('openssl', ['sha1', '-r', path], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) reject(new Error(`openssl exited with ${code}`));
        else resolve({ ms: performance.now() - t0, hex: out.trim().split(/\s+/)[0] ?? '' });
      });
    }),
  );
}

export const hashing: Benchmark = {
  name: 'hashing',
  title: 'SHA-1 of 256 MiB; upload with whole-file checksum',
  async run({ server, browser, files, log }) {
    const { path, sha1 } = await files.random('hashing-256MiB.bin', SIZE);
    const { page, errors, close } = await openPage(browser, server.origin, 'lab');
    const ours: number[] = [];
    const openssl: number[] = [];
    const whole: number[] = [];
    const off: number[] = [];
    let thread = '';
    try {
      await pick(page, path);
      for (let round = 0; round < ROUNDS; round++) {
        const r = await page.evaluate(() => window.bench.runSha1());
        if (r.hex !== sha1) throw new Error(`sha1OfBlob gave ${r.hex}, expected ${sha1}`);
        thread = r.thread;
        const o = await opensslSha1(path);
        if (o.hex !== sha1) throw new Error(`openssl gave ${o.hex}, expected ${sha1}`);
        ours.push(r.ms);
        openssl.push(o.ms);
        log(`hashing round ${round + 1}: sha1OfBlob ${fmtMs(r.ms)} (${thread}), openssl ${fmtMs(o.ms)}`);
      }
      for (let round = 0; round < 2; round++) {
        for (const [mode, into] of [
          ['whole-file', whole],
          ['off', off],
        ] as const) {
          const r = await onFreshMock(server, `hash-${mode}`, (serverUrl) =>
            page.evaluate((o) => window.bench.runCore(o), {
              serverUrl,
              token: benchTarget.token,
              spaceId: benchTarget.spaceId,
              transfer: { chunkSize: 10_000_000, checksum: mode },
            }),
          );
          into.push(r.ms);
          log(`hashing upload round ${round + 1}: ${mode} ${fmtMs(r.ms)}`);
        }
      }
    } finally {
      await close();
    }
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    const m = { ours: median(ours), openssl: median(openssl), whole: median(whole), off: median(off) };
    return [
      {
        bench: 'hashing',
        measure: `\`sha1OfBlob\` over 256 MiB from disk (${thread}) vs \`openssl sha1\``,
        result: `${fmtMs(m.ours)} (${fmtMiBs(SIZE, m.ours)})`,
        baseline: `${fmtMs(m.openssl)} (${fmtMiBs(SIZE, m.openssl)})`,
        ratio: fmtRatio(m.openssl / m.ours),
        target: '≥ 0.4×',
        pass: m.openssl / m.ours >= 0.4,
      },
      {
        bench: 'hashing',
        measure: "256 MiB upload (core uploader): checksum 'whole-file' vs 'off'",
        result: `${fmtMs(m.whole)} (${fmtMiBs(SIZE, m.whole)})`,
        baseline: `${fmtMs(m.off)} (${fmtMiBs(SIZE, m.off)})`,
        ratio: fmtRatio(m.off / m.whole),
        target: '≥ 0.9×',
        pass: m.off / m.whole >= 0.9,
        note: 'median of 3 (hash) and 2 (upload) rounds',
      },
    ];
  },
};
