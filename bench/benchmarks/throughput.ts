/**
 * 1. Throughput: a 256 MiB file from disk through `<SpaceUploader>` (10 MB tus chunks, checksum 'off' and the
 * default 'whole-file') vs raw tus-js-client (same chunk size, same mock) vs one fetch POST to the sink. Ratios are
 * medians of per-round ratios.
 */

import { openPage } from '../support/browser.ts';
import { onFreshMock, pick, tusEndpoint, uploadThroughComponent } from '../support/runs.ts';
import { benchTarget } from '../support/server.ts';
import { fmtMiBs, fmtMs, fmtRatio, MiB, median } from '../support/stats.ts';
import type { Benchmark, BenchRow } from '../support/types.ts';

const SIZE = 256 * MiB;
const CHUNK = 10_000_000;
// Paired rounds: each ratio is taken inside one round (the machine's speed drifts between rounds by ±20 %), and the
// median of those ratios is reported.
const ROUNDS = 5;
const TIMEOUT = 120_000;

export const throughput: Benchmark = {
  name: 'throughput',
  title: '256 MiB upload throughput',
  async run({ server, browser, files, log }) {
    const { path } = await files.random('throughput-256MiB.bin', SIZE);
    const { page, errors, close } = await openPage(browser, server.origin, 'lab');
    const times = { off: [] as number[], whole: [] as number[], tus: [] as number[], post: [] as number[] };
    const cpu = { off: [] as number[], tus: [] as number[], post: [] as number[] };
    /** The file through `<SpaceUploader>` with these checksum settings, on a fresh mock instance. */
    const component = (label: string, checksum: { checksum?: 'off' }) =>
      onFreshMock(server, label, (url) =>
        uploadThroughComponent(page, url, path, { chunkSize: CHUNK, ...checksum }, TIMEOUT),
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
      await component('tp-warm', { checksum: 'off' });
      await rawTus('tp-warm-tus');
      for (let round = 0; round < ROUNDS; round++) {
        const off = await component('tp-off', { checksum: 'off' });
        const whole = await component('tp-whole', {});
        const tus = await rawTus('tp-tus');
        const post = await onFreshMock(server, 'tp-post', () => page.evaluate(() => window.bench.runFetchPost()));
        times.off.push(off.ms);
        times.whole.push(whole.ms);
        times.tus.push(tus.ms);
        times.post.push(post.ms);
        cpu.off.push(off.serverCpuMs / off.ms);
        cpu.tus.push(tus.serverCpuMs / tus.ms);
        cpu.post.push(post.serverCpuMs / post.ms);
        log(
          `throughput round ${round + 1}: off ${fmtMs(off.ms)}, whole-file ${fmtMs(whole.ms)}, tus ${fmtMs(tus.ms)}, POST ${fmtMs(post.ms)}`,
        );
      }
    } finally {
      await close();
    }
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    const m = { off: median(times.off), whole: median(times.whole), tus: median(times.tus), post: median(times.post) };
    const busy = (xs: number[]) => `${Math.round(median(xs) * 100)} %`;
    const serverNote = `server CPU (one core = 100 %): mock during uploader ${busy(cpu.off)}, during raw tus ${busy(cpu.tus)}, sink ${busy(cpu.post)}`;
    const paired = (baseline: number[], measured: number[]) =>
      median(baseline.map((b, i) => b / (measured[i] as number)));
    const vsTus = paired(times.tus, times.off);
    const vsPost = paired(times.post, times.off);
    const rows: BenchRow[] = [
      {
        bench: 'throughput',
        measure: '`<SpaceUploader>`, checksum off, 10 MB chunks vs raw tus-js-client',
        result: `${fmtMs(m.off)} (${fmtMiBs(SIZE, m.off)})`,
        baseline: `${fmtMs(m.tus)} (${fmtMiBs(SIZE, m.tus)})`,
        ratio: fmtRatio(vsTus),
        target: '≥ 0.95×',
        pass: vsTus >= 0.95,
        note: serverNote,
      },
      {
        bench: 'throughput',
        measure: '`<SpaceUploader>`, checksum off vs one fetch POST to a sink',
        result: `${fmtMs(m.off)} (${fmtMiBs(SIZE, m.off)})`,
        baseline: `${fmtMs(m.post)} (${fmtMiBs(SIZE, m.post)})`,
        ratio: fmtRatio(vsPost),
        target: '≥ 0.9×',
        pass: vsPost >= 0.9,
      },
      {
        bench: 'throughput',
        measure: '`<SpaceUploader>`, default checksum (whole-file) vs raw tus-js-client',
        result: `${fmtMs(m.whole)} (${fmtMiBs(SIZE, m.whole)})`,
        baseline: `${fmtMs(m.tus)} (${fmtMiBs(SIZE, m.tus)})`,
        ratio: fmtRatio(paired(times.tus, times.whole)),
        target: 'context',
        pass: undefined,
      },
    ];
    return rows;
  },
};
