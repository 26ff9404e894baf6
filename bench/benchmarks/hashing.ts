/**
 * 3. Hashing: `sha1OfBlob` (Web Worker, hash-wasm) over a 256 MiB file from disk vs `openssl sha1` of the same
 * file (reading included on both sides); and a 256 MiB upload (core uploader, no UI) with checksum 'verify' (the
 * default) and 'whole-file' vs 'off', in paired rounds.
 */
import { spawn } from 'node:child_process';
import type { Phases, Timed } from '../app/api.ts';
import { openPage } from '../support/browser.ts';
import { onFreshMock, pick } from '../support/runs.ts';
import { benchTarget } from '../support/server.ts';
import { fmtMiBs, fmtMs, fmtRatio, fmtSpread, MiB, median, withTimeout } from '../support/stats.ts';
import type { Benchmark } from '../support/types.ts';

const SIZE = 256 * MiB;
const ROUNDS = 3;
const UPLOAD_ROUNDS = 3;
const UPLOAD_MODES = ['off', 'verify', 'whole-file'] as const;
type UploadMode = (typeof UPLOAD_MODES)[number];

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
  title: 'SHA-1 of 256 MiB; upload with verify and whole-file checksums',
  async run({ server, browser, files, log }) {
    const { path, sha1 } = await files.random('hashing-256MiB.bin', SIZE);
    const { page, errors, close } = await openPage(browser, server.origin, 'lab');
    const ours: number[] = [];
    const openssl: number[] = [];
    const uploads: Record<UploadMode, Array<Timed & { phases?: Phases }>> = { off: [], verify: [], 'whole-file': [] };
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
      for (let round = 0; round < UPLOAD_ROUNDS; round++) {
        // Rotating order: no mode always runs first or after the same other one.
        const order = UPLOAD_MODES.map((_, i) => UPLOAD_MODES[(i + round) % UPLOAD_MODES.length] as UploadMode);
        for (const mode of order) {
          const r = await onFreshMock(server, `hash-${mode}`, (serverUrl) =>
            page.evaluate((o) => window.bench.runCore(o), {
              serverUrl,
              token: benchTarget.token,
              spaceId: benchTarget.spaceId,
              transfer: { chunkSize: 10_000_000, checksum: mode },
              phases: true,
            }),
          );
          uploads[mode].push(r);
          log(
            `hashing upload round ${round + 1}: ${mode} ${fmtMs(r.ms)} (all sent at ${fmtMs(r.phases?.sentAt ?? 0)})`,
          );
        }
      }
    } finally {
      await close();
    }
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    const m = { ours: median(ours), openssl: median(openssl) };
    const ms = (mode: UploadMode) => median(uploads[mode].map((r) => r.ms));
    const vsOff = (mode: UploadMode) => uploads[mode].map((r, i) => (uploads.off[i] as Timed).ms / r.ms);
    /** After the last byte: the end of hashing, the server's last answer and the verifying PROPFIND. */
    const tail = (mode: UploadMode) => fmtMs(median(uploads[mode].map((r) => r.ms - (r.phases?.sentAt ?? r.ms))));
    const row = (mode: 'verify' | 'whole-file', target: number) => {
      const ratios = vsOff(mode);
      return {
        bench: 'hashing',
        measure: `256 MiB upload (core uploader): checksum '${mode}' vs 'off'`,
        result: `${fmtMs(ms(mode))} (${fmtMiBs(SIZE, ms(mode))})`,
        baseline: `${fmtMs(ms('off'))} (${fmtMiBs(SIZE, ms('off'))})`,
        ratio: `${fmtRatio(median(ratios))} (${fmtSpread(ratios)}, ${ratios.length} rounds)`,
        target: `≥ ${target}×`,
        pass: median(ratios) >= target,
      };
    };
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
      row('whole-file', 0.9),
      {
        ...row('verify', 0.95),
        note: `median of ${ROUNDS} (hash) and ${UPLOAD_ROUNDS} (upload, paired) rounds; after the last byte sent (median): off ${tail('off')}, verify ${tail('verify')}, whole-file ${tail('whole-file')}`,
      },
    ];
  },
};
