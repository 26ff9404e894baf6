/**
 * 2. Many small files: 1,000 files of 1 KiB through the core uploader (defaults: 5 at a time, checksum 'verify':
 * the files stored meanwhile confirmed together, one folder listing each batch) vs raw tus-js-client, one file after another; the same with checksum 'off', in
 * alternating pairs (what verification costs per file); one XHR POST per file to the sink for context.
 */
import type { ChecksumMode } from '../../src/core/transfer.ts';
import { openPage } from '../support/browser.ts';
import { type Measured, onFreshMock, pick, tusEndpoint } from '../support/runs.ts';
import { benchTarget } from '../support/server.ts';
import { fmtMs, fmtRatio, fmtSpread, KiB, median } from '../support/stats.ts';
import type { Benchmark } from '../support/types.ts';
import { describeWire } from '../support/wire.ts';

const COUNT = 1000;
/** Pairs of default ('verify') and 'off' runs, in alternating order. */
const PAIRS = 2;

export const smallFiles: Benchmark = {
  name: 'small-files',
  title: '1,000 files of 1 KiB',
  async run({ server, browser, files, log }) {
    const paths = await files.many('small-1000', COUNT, KiB);
    const { page, errors, close } = await openPage(browser, server.origin, 'lab');
    try {
      // Picked again before each run: a freshly picked File answers its first size/date read with a round trip to
      // the browser process (~0.4 ms), which a run on already-read File objects would not pay.
      const core = async (mode: ChecksumMode | undefined) => {
        await pick(page, paths);
        return onFreshMock(server, `sf-core-${mode ?? 'default'}`, (serverUrl) =>
          page.evaluate((o) => window.bench.runCore(o), {
            serverUrl,
            token: benchTarget.token,
            spaceId: benchTarget.spaceId,
            ...(mode ? { transfer: { checksum: mode } } : {}),
          }),
        );
      };
      const ours: Measured[] = [];
      const off: Measured[] = [];
      for (let pair = 0; pair < PAIRS; pair++) {
        const order = pair % 2 === 0 ? ([ours, off] as const) : ([off, ours] as const);
        for (const list of order) list.push(await core(list === off ? 'off' : undefined));
        log(`small files pair ${pair + 1}: defaults ${fmtMs(ours[pair]?.ms ?? 0)}, off ${fmtMs(off[pair]?.ms ?? 0)}`);
      }
      await pick(page, paths);
      const tus = await onFreshMock(server, 'sf-tus', (serverUrl) =>
        page.evaluate((o) => window.bench.runTus(o), {
          endpoint: tusEndpoint(serverUrl),
          token: benchTarget.token,
          chunkSize: 10_000_000,
        }),
      );
      log(`small files: raw tus ${fmtMs(tus.ms)}`);
      await pick(page, paths);
      const xhr = await onFreshMock(server, 'sf-xhr', () => page.evaluate(() => window.bench.runXhrPost()));
      log(`small files: XHR POSTs ${fmtMs(xhr.ms)}`);
      if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
      const first = ours[0] as Measured;
      const confirmations = (w: Measured['wire']) => w.propfinds + w.listings;
      if (confirmations(first.wire) < 1 || confirmations((off[0] as Measured).wire) !== 0)
        throw new Error(`small-files: verify should ask the server and off not: ${describeWire(first.wire)}`);
      const ms = median(ours.map((r) => r.ms));
      const rate = (t: number) => `${((COUNT / t) * 1000).toFixed(0)} files/s`;
      const ratio = tus.ms / ms;
      const verifyRatios = ours.map((r, i) => (off[i] as Measured).ms / r.ms);
      const cpu = (r: Measured) => `${Math.round((r.serverCpuMs / r.ms) * 100)} %`;
      return [
        {
          bench: 'small-files',
          measure: '1,000 × 1 KiB: core uploader (defaults) vs raw tus-js-client one after another',
          result: `${rate(ms)} (${fmtMs(ms)})`,
          baseline: `${rate(tus.ms)} (${fmtMs(tus.ms)})`,
          ratio: fmtRatio(ratio),
          target: '≥ 2×',
          pass: ratio >= 2,
          note: `defaults: median of ${ours.length} runs, the rest one run each; server CPU: uploader ${cpu(first)}, off ${cpu(off[0] as Measured)}, raw tus ${cpu(tus)} of one core; defaults on the wire: ${describeWire(first.wire)}`,
        },
        {
          bench: 'small-files',
          measure: "1,000 × 1 KiB: core uploader, default checksum ('verify': confirmed in folder listings) vs 'off'",
          result: rate(ms),
          baseline: `${rate(median(off.map((r) => r.ms)))} (${fmtMs(median(off.map((r) => r.ms)))})`,
          ratio: `${fmtRatio(median(verifyRatios))} (${fmtSpread(verifyRatios)}, ${verifyRatios.length} pairs)`,
          target: 'context',
          pass: undefined,
        },
        {
          bench: 'small-files',
          measure: '1,000 × 1 KiB: core uploader vs one XHR POST per file to the sink (floor, one after another)',
          result: rate(ms),
          baseline: `${rate(xhr.ms)} (${fmtMs(xhr.ms)})`,
          ratio: fmtRatio(xhr.ms / ms),
          target: 'context',
          pass: undefined,
        },
      ];
    } finally {
      await close();
    }
  },
};
