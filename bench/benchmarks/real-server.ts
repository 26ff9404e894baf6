/**
 * 1b. Throughput against the real server (`../shared/opencloud`, or `OCIS_URL`): a 256 MiB file through
 * `<SpaceUploader>` (checksum 'off' and the default 'verify') vs raw tus-js-client, with the server's own chunk
 * size, from a page on the origin the server allows (`http://127.0.0.1:5199`: cross-origin, as most apps embed it),
 * with a real token, in paired rounds. The server's CPU share is noted: on 2 cores it competes with Chromium.
 * Without a real server the benchmark says so in one row and passes nothing.
 */
import { readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGraph } from '../../test/real-server/support/graph.ts';
import {
  DEFAULT_TEST_ORIGIN,
  describeConfig,
  fetchToken,
  type RealServerConfig,
  startSharedServer,
} from '../../test/real-server/support/server.ts';
import { openPage } from '../support/browser.ts';
import { pick, uploadThroughComponent } from '../support/runs.ts';
import { fmtMiBs, fmtMs, fmtRatio, fmtSpread, MiB, median } from '../support/stats.ts';
import type { Benchmark, BenchRow } from '../support/types.ts';

const SIZE = 256 * MiB;
/** OpenCloud's `max_chunk_size` (capabilities): the component uses it by itself, raw tus-js-client is told. */
const CHUNK = 10_000_000;
const ROUNDS = 3;
const TIMEOUT = 180_000;
const NAME = 'throughput-real-256MiB.bin';

interface Run {
  ms: number;
  serverCpuMs: number;
}

/** User + system CPU of the server process (ms), when its PID file is where `start.sh` keeps it. */
function serverCpu(): number | undefined {
  try {
    const pid = readFileSync(join(process.env.OC_HOME ?? join(tmpdir(), 'opencloud-test'), 'server.pid'), 'utf8');
    const stat = readFileSync(`/proc/${pid.trim()}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

async function realServer(): Promise<RealServerConfig | undefined> {
  const { config, shared } = describeConfig();
  if (config) return config;
  return shared ? startSharedServer(DEFAULT_TEST_ORIGIN) : undefined;
}

/** Serves the bench pages on the origin the server allows (forwarded to the bench server). */
async function pageOrigin(origin: string, benchOrigin: string) {
  const bench = new URL(benchOrigin);
  const server = createServer((req, res) => {
    const upstream = request(
      { host: bench.hostname, port: bench.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const url = new URL(origin);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(url.port), url.hostname, () => resolve());
  });
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export const realServerThroughput: Benchmark = {
  name: 'real-server',
  title: '256 MiB to the real server (OpenCloud), cross-origin',
  async run({ server, browser, files, log }) {
    const config = await realServer().catch((error: unknown) => {
      log(`real server: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    if (!config) {
      return [
        {
          bench: 'real-server',
          measure: '256 MiB through `<SpaceUploader>` vs raw tus-js-client, real server',
          result: 'skipped: no real server (../shared/opencloud or OCIS_URL)',
          baseline: '',
          ratio: '',
          target: '≥ 0.95×',
          pass: undefined,
        },
      ];
    }
    const admin = createGraph(config);
    const spaceId = (await admin.personal()).id;
    const { path } = await files.random(NAME, SIZE);
    const origin = await pageOrigin(config.crossOrigin, server.origin);
    const { page, errors, close } = await openPage(browser, config.crossOrigin, 'lab');
    const runs: Record<'off' | 'verify' | 'tus', Run[]> = { off: [], verify: [], tus: [] };
    /** One upload into the space's root as `NAME`, removed afterwards (the next run must find no conflict). */
    const measure = async (fn: (token: string) => Promise<{ ms: number; failed: number; error?: string }>) => {
      await admin.remove(spaceId, `/${NAME}`).catch(() => undefined);
      const token = (await fetchToken(config)).access_token;
      const cpu = serverCpu();
      const result = await fn(token);
      const spent = cpu === undefined ? Number.NaN : (serverCpu() ?? Number.NaN) - cpu;
      await admin.remove(spaceId, `/${NAME}`).catch(() => undefined);
      if (result.failed > 0) throw new Error(`real server: the upload failed: ${result.error ?? '?'}`);
      return { ms: result.ms, serverCpuMs: spent };
    };
    const component = (checksum: 'off' | 'verify') =>
      measure(async (token) => {
        return uploadThroughComponent(page, config.publicUrl, path, { checksum }, TIMEOUT, { token, spaceId });
      });
    const rawTus = () =>
      measure(async (token) => {
        await pick(page, path);
        return page.evaluate((o) => window.bench.runTus(o), {
          endpoint: `${config.publicUrl}/remote.php/dav/spaces/${encodeURIComponent(spaceId)}/`,
          token,
          chunkSize: CHUNK,
        });
      });
    try {
      // Not counted: the first run of each pays for warming the page and the server.
      await component('off');
      await rawTus();
      for (let round = 0; round < ROUNDS; round++) {
        const pair = round % 2 === 0 ? (['off', 'verify'] as const) : (['verify', 'off'] as const);
        for (const mode of pair) runs[mode].push(await component(mode));
        runs.tus.push(await rawTus());
        log(
          `real server round ${round + 1}: off ${fmtMs(runs.off[round]?.ms ?? 0)}, verify ${fmtMs(runs.verify[round]?.ms ?? 0)}, tus ${fmtMs(runs.tus[round]?.ms ?? 0)}`,
        );
      }
    } finally {
      await close();
      await origin.close();
    }
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    return rows(runs);
  },
};

function rows(runs: Record<'off' | 'verify' | 'tus', Run[]>): BenchRow[] {
  const ms = (list: Run[]) => median(list.map((r) => r.ms));
  const timed = (list: Run[]) => `${fmtMs(ms(list))} (${fmtMiBs(SIZE, ms(list))})`;
  const paired = (baseline: Run[], measured: Run[]) => {
    const all = measured.map((m, i) => (baseline[i] as Run).ms / m.ms);
    return { median: median(all), all };
  };
  const spread = (p: { median: number; all: number[] }) =>
    `${fmtRatio(p.median)} (${fmtSpread(p.all)}, ${p.all.length} pairs)`;
  const busy = (list: Run[]) => `${Math.round(median(list.map((r) => r.serverCpuMs / r.ms)) * 100)} %`;
  const vsTus = paired(runs.tus, runs.off);
  const verify = paired(runs.off, runs.verify);
  return [
    {
      bench: 'real-server',
      measure: '256 MiB to the real server, cross-origin: `<SpaceUploader>`, checksum off vs raw tus-js-client',
      result: timed(runs.off),
      baseline: timed(runs.tus),
      ratio: spread(vsTus),
      target: '≥ 0.95×',
      pass: vsTus.median >= 0.95,
      note: `OpenCloud's CPU (one core = 100 %): during uploader off ${busy(runs.off)}, verify ${busy(runs.verify)}, raw tus ${busy(runs.tus)}; it stores each chunk and computes SHA1, MD5 and ADLER32 of every file`,
    },
    {
      bench: 'real-server',
      measure: "256 MiB to the real server, cross-origin: default checksum ('verify') vs 'off', paired rounds",
      result: timed(runs.verify),
      baseline: timed(runs.off),
      ratio: spread(verify),
      target: '≥ 0.95×',
      pass: verify.median >= 0.95,
    },
  ];
}
