/**
 * 5. Memory: the page's JS heap (CDP `Runtime.getHeapUsage`, sampled every 250 ms) while the core uploader sends
 * a 2 GiB file from disk with checksums on ('both': whole-file SHA-1 first, then `Upload-Checksum` per 10 MB
 * chunk; the mock in strict mode checks both). Growth = highest sample − the heap after a GC before the upload.
 */
import { openPage } from '../support/browser.ts';
import { onFreshMock, pick } from '../support/runs.ts';
import { benchTarget } from '../support/server.ts';
import { fmtMiBs, fmtMs, GiB, MiB } from '../support/stats.ts';
import type { Benchmark } from '../support/types.ts';

const SIZE = 2 * GiB;

interface HeapUsage {
  usedSize: number;
  totalSize: number;
  embedderHeapUsedSize?: number;
  backingStorageSize?: number;
}

export const memory: Benchmark = {
  name: 'memory',
  title: 'JS heap during a 2 GiB upload with checksums',
  async run({ server, browser, files, log }) {
    const path = await files.repeated('memory-2GiB.bin', SIZE, { sparse: true });
    const { page, errors, close } = await openPage(browser, server.origin, 'lab');
    try {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('HeapProfiler.enable');
      await pick(page, path);
      await cdp.send('HeapProfiler.collectGarbage');
      const base = (await cdp.send('Runtime.getHeapUsage')) as HeapUsage;
      let peak = base;
      let samples = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const usage = (await cdp.send('Runtime.getHeapUsage').catch(() => undefined)) as HeapUsage | undefined;
          if (usage) {
            samples++;
            if (usage.usedSize > peak.usedSize) peak = usage;
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      })();
      let result: { ms: number };
      try {
        result = await onFreshMock(
          server,
          'memory',
          (serverUrl) =>
            page.evaluate((o) => window.bench.runCore(o), {
              serverUrl,
              token: benchTarget.token,
              spaceId: benchTarget.spaceId,
              transfer: { chunkSize: 10_000_000, checksum: 'both' as const },
            }),
          { strict: true },
        );
      } finally {
        sampling = false;
        await sampler;
      }
      await cdp.send('HeapProfiler.collectGarbage');
      const after = (await cdp.send('Runtime.getHeapUsage')) as HeapUsage;
      if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
      const growth = peak.usedSize - base.usedSize;
      const mib = (n: number) => `${(n / MiB).toFixed(1)} MiB`;
      log(`memory: upload ${fmtMs(result.ms)}, heap ${mib(base.usedSize)} → peak ${mib(peak.usedSize)}`);
      const backing =
        peak.backingStorageSize !== undefined
          ? `; ArrayBuffer backing store at the peak ${mib(peak.backingStorageSize)}`
          : '';
      return [
        {
          bench: 'memory',
          measure: "JS heap growth, 2 GiB upload from disk, checksum 'both' (core uploader)",
          result: `+${mib(growth)} (peak ${mib(peak.usedSize)})`,
          baseline: `${mib(base.usedSize)} before`,
          ratio: '',
          target: '< 100 MiB',
          pass: growth < 100 * MiB,
          note: `${samples} samples over ${fmtMs(result.ms)} (${fmtMiBs(SIZE, result.ms)}); heap after a GC at the end ${mib(after.usedSize)}${backing}`,
        },
      ];
    } finally {
      await close();
    }
  },
};
