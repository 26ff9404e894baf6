/**
 * 2. Many small files: 1,000 files of 1 KiB through the core uploader (defaults: 5 at a time, whole-file
 * checksum) vs raw tus-js-client, one file after another; one XHR POST per file to the sink for context.
 */
import { openPage } from '../support/browser.ts';
import { onFreshMock, pick, tusEndpoint } from '../support/runs.ts';
import { benchTarget } from '../support/server.ts';
import { fmtMs, fmtRatio, KiB } from '../support/stats.ts';
import type { Benchmark } from '../support/types.ts';

const COUNT = 1000;

export const smallFiles: Benchmark = {
  name: 'small-files',
  title: '1,000 files of 1 KiB',
  async run({ server, browser, files, log }) {
    const paths = await files.many('small-1000', COUNT, KiB);
    const { page, errors, close } = await openPage(browser, server.origin, 'lab');
    try {
      // Picked again before each run: a freshly picked File answers its first size/date read with a round trip to
      // the browser process (~0.4 ms), which a run on already-read File objects would not pay.
      await pick(page, paths);
      const ours = await onFreshMock(server, 'sf-core', (serverUrl) =>
        page.evaluate((o) => window.bench.runCore(o), {
          serverUrl,
          token: benchTarget.token,
          spaceId: benchTarget.spaceId,
        }),
      );
      log(`small files: uploader ${fmtMs(ours.ms)}`);
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
      const rate = (ms: number) => `${((COUNT / ms) * 1000).toFixed(0)} files/s`;
      const ratio = tus.ms / ours.ms;
      return [
        {
          bench: 'small-files',
          measure: '1,000 × 1 KiB: core uploader (defaults) vs raw tus-js-client one after another',
          result: `${rate(ours.ms)} (${fmtMs(ours.ms)})`,
          baseline: `${rate(tus.ms)} (${fmtMs(tus.ms)})`,
          ratio: fmtRatio(ratio),
          target: '≥ 2×',
          pass: ratio >= 2,
          note: `one run each (median not needed at this size); server CPU: uploader ${Math.round((ours.serverCpuMs / ours.ms) * 100)} %, raw tus ${Math.round((tus.serverCpuMs / tus.ms) * 100)} % of one core`,
        },
        {
          bench: 'small-files',
          measure: '1,000 × 1 KiB: core uploader vs one XHR POST per file to the sink (floor, one after another)',
          result: rate(ours.ms),
          baseline: `${rate(xhr.ms)} (${fmtMs(xhr.ms)})`,
          ratio: fmtRatio(xhr.ms / ours.ms),
          target: 'context',
          pass: undefined,
        },
      ];
    } finally {
      await close();
    }
  },
};
