/** Steps the benchmarks share: pick files in a page, upload through `<SpaceUploader>`, measure server CPU. */
import type { Page } from 'playwright-core';
import { folderUrl } from '../../src/core/endpoints.ts';
import type { TransferOptions } from '../../src/core/transfer.ts';
import type { Timed } from '../app/api.ts';
import { type CpuSample, cpuBetween, sampleCpu } from './proc-cpu.ts';
import { type BenchServer, benchTarget, type MockInstanceConfig } from './server.ts';
import { type Wire, wireOf } from './wire.ts';

/** Gives the page's hidden `#pick` input these files (Chromium reads them from disk). */
export async function pick(page: Page, paths: string | string[]): Promise<void> {
  await page.setInputFiles('#pick', paths, { timeout: 120_000 });
}

/** The tus creation endpoint of the personal space root of a mock instance. */
export const tusEndpoint = (serverUrl: string) => folderUrl(serverUrl, benchTarget.spaceId, '/');

/** A measured run plus the bench server's own CPU time (user + system) while it ran, and what went on the wire. */
export interface Measured extends Timed {
  serverCpuMs: number;
  /** CPU of the bench's own processes (this Node with the mock, Chromium's), per process type and thread. */
  cpu: CpuSample;
  wire: Wire;
}

/** Runs `fn` against a fresh mock instance (disposed afterwards, also on failure) and notes Node's CPU time. */
export async function onFreshMock<T extends Timed>(
  server: BenchServer,
  label: string,
  fn: (serverUrl: string) => Promise<T>,
  config: MockInstanceConfig = {},
): Promise<T & Measured> {
  const mock = server.instance(label, config);
  try {
    // /proc is read outside the Node CPU figure (it is the bench's own work, not the mock's).
    const all = sampleCpu();
    const before = process.cpuUsage();
    const result = await fn(mock.serverUrl);
    const cpu = process.cpuUsage(before);
    const spent = cpuBetween(all, sampleCpu());
    if (result.failed > 0) throw new Error(`${label}: ${result.failed} file(s) failed: ${result.error ?? '?'}`);
    return { ...result, serverCpuMs: (cpu.user + cpu.system) / 1000, cpu: spent, wire: wireOf(mock.state()) };
  } finally {
    await mock.dispose();
  }
}

/**
 * `<SpaceUploader>` (autoStart) gets `paths` through its own file input; resolves with the time from the input's
 * change event to `onUploadComplete`.
 */
export async function uploadThroughComponent(
  page: Page,
  serverUrl: string,
  paths: string | string[],
  transfer: TransferOptions,
  timeoutMs: number,
  target: { token: string; spaceId: string } = benchTarget,
): Promise<Timed> {
  const count = Array.isArray(paths) ? paths.length : 1;
  await page.evaluate((o) => window.bench.mountSpaceUploader(o), {
    serverUrl,
    token: target.token,
    spaceId: target.spaceId,
    transfer,
    autoStart: true,
    expect: count,
  });
  await page.locator('.su-dropzone__input').first().setInputFiles(paths, { timeout: 120_000 });
  await page.waitForFunction(() => window.bench.state().completeAt !== undefined, undefined, {
    timeout: timeoutMs,
    polling: 50,
  });
  const state = await page.evaluate(() => window.bench.state());
  await page.evaluate(() => window.bench.unmount());
  return { ms: (state.completeAt ?? 0) - (state.changeAt ?? 0), failed: state.failed ?? 0 };
}
