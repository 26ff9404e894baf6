/**
 * 1. Throughput: a 256 MiB file from disk through `<SpaceUploader>` (10 MB tus chunks) with each checksum mode, vs
 * raw tus-js-client (same chunk size, same mock) vs one fetch POST to the sink. The default (`verify`) and `off`
 * run back to back in every round, in alternating order; the other modes in the first rounds. Ratios are medians
 * of per-round ratios, with their spread.
 */

import type { ChecksumMode } from '../../src/core/transfer.ts';
import { openPage } from '../support/browser.ts';
import { cpuTotal, workerCpu } from '../support/proc-cpu.ts';
import { type Measured, onFreshMock, pick, tusEndpoint, uploadThroughComponent } from '../support/runs.ts';
import { benchTarget } from '../support/server.ts';
import { fmtMiBs, fmtMs, fmtRatio, fmtSpread, MiB, median } from '../support/stats.ts';
import type { Benchmark, BenchRow } from '../support/types.ts';
import { describeWire } from '../support/wire.ts';

const SIZE = 256 * MiB;
const CHUNK = 10_000_000;
// Paired rounds: each ratio is taken inside one round (the machine's speed drifts between rounds by ±20 %), and the
// median of those ratios is reported.
const ROUNDS = 5;
/** Rounds that also measure 'whole-file', 'per-chunk' and 'both' (for the README's integrity table). */
const MODE_ROUNDS = 3;
const TIMEOUT = 120_000;
/** A link slower than the machine (about 540 Mbit/s): what verification costs when the CPU is not the limit. */
const LINK = 64 * MiB;
const LINK_PAIRS = 3;
const OTHER_MODES = ['whole-file', 'per-chunk', 'both'] as const;
/**
 * Per-chunk checksums go on only once the server names the tus `checksum` extension and `sha1` in an answer the page
 * can read: the mock does in strict mode (and then checks each chunk, 460 on a mismatch), as a spec tus server would.
 */
const STRICT: ReadonlySet<ChecksumMode> = new Set(['per-chunk', 'both']);

type Runs = Record<ChecksumMode | 'tus' | 'post' | 'linkOff' | 'linkVerify', Measured[]>;

/** Median of per-round `baseline / measured` (rounds where both ran), and every such ratio. */
function paired(baseline: Measured[], measured: Measured[]): { median: number; all: number[] } {
  const all = measured.map((m, i) => (baseline[i] as Measured).ms / m.ms);
  return { median: median(all), all };
}

export const throughput: Benchmark = {
  name: 'throughput',
  title: '256 MiB upload throughput, by checksum mode',
  async run({ server, browser, files, log }) {
    const { path } = await files.random('throughput-256MiB.bin', SIZE);
    const { page, errors, close } = await openPage(browser, server.origin, 'lab');
    const runs: Runs = {
      verify: [],
      off: [],
      'whole-file': [],
      'per-chunk': [],
      both: [],
      tus: [],
      post: [],
      linkOff: [],
      linkVerify: [],
    };
    /** The file through `<SpaceUploader>` with this checksum mode, on a fresh mock instance. */
    const component = (mode: ChecksumMode, bandwidth?: number) =>
      onFreshMock(
        server,
        `tp-${mode}${bandwidth ? '-link' : ''}`,
        (url) => uploadThroughComponent(page, url, path, { chunkSize: CHUNK, checksum: mode }, TIMEOUT),
        { strict: STRICT.has(mode), ...(bandwidth ? { bandwidth } : {}) },
      );
    /** The file through raw tus-js-client (picked into the page's own input first). */
    const rawTus = async (label: string) => {
      await pick(page, path);
      return onFreshMock(server, label, (url) =>
        page.evaluate((o) => window.bench.runTus(o), {
          endpoint: tusEndpoint(url),
          token: benchTarget.token,
          chunkSize: CHUNK,
        }),
      );
    };
    try {
      // One uploader run and one raw run first, not counted: the first run of each pays for compiling and warming
      // the page's code (it was 10–25 % slower in every round-by-round look).
      await component('off');
      await rawTus('tp-warm-tus');
      for (let round = 0; round < ROUNDS; round++) {
        const line: string[] = [];
        // Alternating order, so that neither mode always runs on the heels of the other.
        const pair: ChecksumMode[] = round % 2 === 0 ? ['off', 'verify'] : ['verify', 'off'];
        const others = round < MODE_ROUNDS ? OTHER_MODES.map((_, i) => OTHER_MODES[(i + round) % 3]) : [];
        for (const mode of [...pair, ...others] as ChecksumMode[]) {
          const r = await component(mode);
          runs[mode].push(r);
          line.push(`${mode} ${fmtMs(r.ms)}`);
        }
        runs.tus.push(await rawTus('tp-tus'));
        runs.post.push(await onFreshMock(server, 'tp-post', () => page.evaluate(() => window.bench.runFetchPost())));
        line.push(`tus ${fmtMs(runs.tus[round]?.ms ?? 0)}`, `POST ${fmtMs(runs.post[round]?.ms ?? 0)}`);
        log(`throughput round ${round + 1}: ${line.join(', ')}`);
      }
      for (let pair = 0; pair < LINK_PAIRS; pair++) {
        const order = pair % 2 === 0 ? (['off', 'verify'] as const) : (['verify', 'off'] as const);
        for (const mode of order) (mode === 'off' ? runs.linkOff : runs.linkVerify).push(await component(mode, LINK));
        log(
          `throughput at ${LINK / MiB} MiB/s, pair ${pair + 1}: off ${fmtMs(runs.linkOff[pair]?.ms ?? 0)}, verify ${fmtMs(runs.linkVerify[pair]?.ms ?? 0)}`,
        );
      }
    } finally {
      await close();
    }
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    checkWire(runs);
    return rows(runs);
  },
};

/** Each mode did what it says on the wire (else its figure would be another mode's). */
function checkWire(runs: Runs): void {
  for (const [key, list] of Object.entries(runs) as Array<[keyof Runs, Measured[]]>) {
    const mode = key === 'linkOff' ? 'off' : key === 'linkVerify' ? 'verify' : key;
    for (const { wire: w } of list) {
      const chunks = mode === 'per-chunk' || mode === 'both';
      const metadata = mode === 'whole-file' || mode === 'both';
      const propfind = mode === 'verify' || metadata;
      const ok =
        (mode === 'post' || w.dataRequests > 0) &&
        // The creation request goes before the server could announce anything: it carries none.
        (chunks ? w.chunkChecksums >= w.dataRequests - w.uploads : w.chunkChecksums === 0) &&
        (metadata ? w.metadataChecksums === w.uploads : w.metadataChecksums === 0) &&
        (propfind ? w.propfinds + w.listings >= 1 : w.propfinds + w.listings === 0);
      if (!ok) throw new Error(`throughput: mode ${mode} did not do what it says: ${describeWire(w)}`);
    }
  }
}

/**
 * Whether the run is CPU-bound: the cores the bench's processes (mock and Chromium) kept busy, and what verification
 * added (the worker's SHA-1; the rest is mostly reading the file a second time).
 */
function cpuNote(runs: Runs): string {
  const med = (list: Measured[], f: (r: Measured) => number) => median(list.map(f));
  const cores = (list: Measured[]) => med(list, (r) => cpuTotal(r.cpu) / r.ms).toFixed(2);
  const total = (list: Measured[]) => med(list, (r) => cpuTotal(r.cpu));
  if (total(runs.off) === 0) return 'no CPU figures (no /proc)';
  const worker = med(runs.verify, (r) => workerCpu(r.cpu));
  const more = median(runs.verify.map((r, i) => cpuTotal(r.cpu) - cpuTotal((runs.off[i] as Measured).cpu)));
  return `CPU of mock + Chromium (CPU over each run ÷ its upload time; 2 cores): off ${cores(runs.off)} cores busy, verify ${cores(runs.verify)}; verify spent ${fmtMs(more)} more CPU per 256 MiB than off in the same round (median), the hashing worker ${fmtMs(worker)} of it; at ${LINK / MiB} MiB/s: off ${cores(runs.linkOff)}, verify ${cores(runs.linkVerify)} cores`;
}

function rows(runs: Runs): BenchRow[] {
  const ms = (list: Measured[]) => median(list.map((r) => r.ms));
  const timed = (list: Measured[]) => `${fmtMs(ms(list))} (${fmtMiBs(SIZE, ms(list))})`;
  const busy = (list: Measured[]) => `${Math.round(median(list.map((r) => r.serverCpuMs / r.ms)) * 100)} %`;
  const vsTus = paired(runs.tus, runs.off);
  const vsPost = paired(runs.post, runs.off);
  const verify = paired(runs.off, runs.verify);
  const spread = (p: { median: number; all: number[] }) =>
    `${fmtRatio(p.median)} (${fmtSpread(p.all)}, ${p.all.length} pairs)`;
  const modeRow = (mode: (typeof OTHER_MODES)[number], what: string): BenchRow => {
    const p = paired(runs.off, runs[mode]);
    return {
      bench: 'throughput',
      measure: `\`<SpaceUploader>\`, checksum '${mode}' vs 'off' (${what})`,
      result: timed(runs[mode]),
      baseline: timed(runs.off.slice(0, runs[mode].length)),
      ratio: spread(p),
      target: 'context',
      pass: undefined,
    };
  };
  const wireNote = (['verify', 'whole-file', 'per-chunk', 'both', 'off'] as const)
    .map((mode) => `${mode}: ${describeWire((runs[mode][0] as Measured).wire)}`)
    .join('; ');
  return [
    {
      bench: 'throughput',
      measure: '`<SpaceUploader>`, checksum off, 10 MB chunks vs raw tus-js-client',
      result: timed(runs.off),
      baseline: timed(runs.tus),
      ratio: spread(vsTus),
      target: '≥ 0.95×',
      pass: vsTus.median >= 0.95,
      note: `server CPU (one core = 100 %): mock during uploader off ${busy(runs.off)}, verify ${busy(runs.verify)}, raw tus ${busy(runs.tus)}, sink ${busy(runs.post)}`,
    },
    {
      bench: 'throughput',
      measure: '`<SpaceUploader>`, checksum off vs one fetch POST to a sink',
      result: timed(runs.off),
      baseline: timed(runs.post),
      ratio: spread(vsPost),
      target: '≥ 0.9×',
      pass: vsPost.median >= 0.9,
    },
    {
      bench: 'throughput',
      measure: "`<SpaceUploader>`, default checksum ('verify') vs 'off', paired rounds",
      result: timed(runs.verify),
      baseline: timed(runs.off),
      ratio: spread(verify),
      target: '≥ 0.95×',
      pass: verify.median >= 0.95,
      note: `${cpuNote(runs)}; wire per mode: ${wireNote}`,
    },
    {
      bench: 'throughput',
      measure: "`<SpaceUploader>`, default checksum ('verify') vs raw tus-js-client",
      result: timed(runs.verify),
      baseline: timed(runs.tus),
      ratio: spread(paired(runs.tus, runs.verify)),
      target: 'context',
      pass: undefined,
    },
    {
      bench: 'throughput',
      measure: `\`<SpaceUploader>\`, default checksum ('verify') vs 'off', server reading at most ${LINK / MiB} MiB/s`,
      result: timed(runs.linkVerify),
      baseline: timed(runs.linkOff),
      ratio: spread(paired(runs.linkOff, runs.linkVerify)),
      target: 'context',
      pass: undefined,
    },
    modeRow('whole-file', 'hashed before the first byte, metadata checksum, then verified'),
    modeRow('per-chunk', 'mock in strict mode: announces and checks them'),
    modeRow('both', 'mock in strict mode'),
  ];
}
