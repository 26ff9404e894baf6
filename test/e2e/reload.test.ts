/**
 * End to end: an upload survives the page going away. Real Chromium (playwright-core, Debian's binary) opens a
 * small app (test/e2e/reload-app) served by a Vite dev server that also serves the mock oCIS on the same origin.
 * A 24 MiB file from disk starts uploading over tus with resume records in localStorage; at ≥ 25 % on the server
 * the page is closed (or reloaded) mid-upload. The reopened page lists the interrupted upload; the same file
 * chosen again continues from the server's offset: one upload on the server, a HEAD that found the offset, fewer
 * than twice the bytes sent, the right bytes stored, and no record left afterwards.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockOcisPlugin } from '../../.storybook/mock-ocis-plugin.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import type { MockRuntimeConfig, MockState } from '../../src/mock/types.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const SIZE = 24 * MiB;
/** The page's tus chunk size (test/e2e/reload-app/main.ts); below the mock's max_chunk_size (10 MB). */
const CHUNK = 256 * KiB;
const RESUME_PREFIX = 'space-uploader:resume:';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), 'reload-app');

let workDir: string | undefined;
let filePath = '';
let fileSha1 = '';
let server: ViteDevServer | undefined;
let origin = '';
let browser: Browser | undefined;

/** Polls `probe` until it returns something other than `undefined`/`false`; fails with `what` after `timeoutMs`. */
async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: last });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let counter = 0;
/** A fresh isolated mock instance (`/__mock-instances/{name}`), configured and read over HTTP from Node. */
function mockInstance(label: string) {
  const name = `${label}-${Date.now().toString(36)}-${++counter}`;
  const serverUrl = `${origin}/__mock-instances/${name}`;
  return {
    serverUrl,
    async configure(config: MockRuntimeConfig) {
      const res = await fetch(`${serverUrl}/__mock/config`, { method: 'POST', body: JSON.stringify(config) });
      if (res.status !== 204) throw new Error(`mock config answered ${res.status}: ${await res.text()}`);
    },
    async state(): Promise<MockState> {
      const res = await fetch(`${serverUrl}/__mock/state`);
      if (!res.ok) throw new Error(`mock state answered ${res.status}`);
      return (await res.json()) as MockState;
    },
  };
}

interface InterruptedRecord {
  name: string;
  size: number;
  path: string;
  spaceId: string;
  uploadUrl: string;
  expiresAt: number;
}

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
}

const interruptedOn = async (page: Page) =>
  JSON.parse((await page.textContent('#interrupted')) ?? 'null') as InterruptedRecord[];

const resumeKeys = (page: Page) =>
  page.evaluate((prefix) => Object.keys(localStorage).filter((key) => key.startsWith(prefix)), RESUME_PREFIX);

/** Waits until the page's file is done or failed; a failure reports the page's error. */
async function settled(page: Page, timeoutMs: number): Promise<string> {
  await page.waitForFunction(
    () => ['done', 'failed', 'canceled'].includes(document.getElementById('status')?.dataset.status ?? ''),
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
  return page.$eval('#status', (el) => {
    const { status, error, bytes } = (el as HTMLElement).dataset;
    return status === 'done' ? status : `${status} at ${bytes} bytes: ${error ?? 'no error message'}`;
  });
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'space-uploader-reload-'));
  // Random bytes in a real file: Chromium reads it from disk (big in-memory Blobs are unreliable there).
  const bytes = randomBytes(SIZE);
  filePath = join(workDir, 'reload-24MiB.bin');
  await writeFile(filePath, bytes);
  fileSha1 = createHash('sha1').update(bytes).digest('hex');

  server = await createServer({
    configFile: false,
    root: appRoot,
    // A cache of its own: other Vite servers of this repository (Vitest, Storybook) keep theirs.
    cacheDir: join(workDir, 'vite-cache'),
    logLevel: 'error',
    plugins: [mockOcisPlugin()],
    // No watcher and no HMR: an edit elsewhere in the repository must not reload the page mid-test.
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
    // Everything the app imports, optimized up front: a dependency found later would make Vite reload the page.
    optimizeDeps: { include: ['@uppy/core', '@uppy/tus', '@uppy/xhr-upload', 'tus-js-client', 'hash-wasm'] },
  });
  await server.listen();
  const address = server.httpServer?.address() as AddressInfo | null;
  if (!address) throw new Error('the Vite dev server is not listening');
  origin = `http://127.0.0.1:${address.port}`;

  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });

  // Warm up: the first load transforms the app and optimizes its dependencies; the timed part starts after.
  const warm = mockInstance('warm-up');
  const page = await browser.newPage();
  try {
    await open(page, `${origin}/?serverUrl=${encodeURIComponent(warm.serverUrl)}`);
  } finally {
    await page.close();
  }
}, 60_000);

afterAll(async () => {
  try {
    await browser?.close();
  } finally {
    try {
      await server?.close();
    } finally {
      if (workDir) await rm(workDir, { recursive: true, force: true });
    }
  }
});

describe('resume after the page goes away (real Chromium)', () => {
  it.each([
    ['closed, then opened again in a new page', 'close'],
    ['reloaded', 'reload'],
  ] as const)('page %s: the same file continues from the server offset', async (_title, variant) => {
    const name = basename(filePath);
    const mock = mockInstance(`reload-${variant}`);
    // Slow enough that the page goes away mid-upload (24 MiB at 8 MiB/s ≈ 3 s).
    await mock.configure({ faults: { bandwidthBytesPerSecond: 8 * MiB } });
    const url = `${origin}/?serverUrl=${encodeURIComponent(mock.serverUrl)}`;

    if (!browser) throw new Error('Chromium did not start');
    let context: BrowserContext | undefined;
    try {
      // One context for both pages: localStorage (the resume records) survives as it would in one browser profile.
      context = await browser.newContext();
      let page = await context.newPage();
      await open(page, url);
      expect(await interruptedOn(page)).toEqual([]);

      await page.setInputFiles('#file', filePath);
      const partial = await until('the server to hold ≥ 25 % of the upload', async () => {
        const upload = (await mock.state()).uploads[0];
        return upload && upload.offset >= SIZE / 4 ? upload : undefined;
      });
      // From here each new chunk crawls (the one in flight keeps its pace): the page surely goes away mid-upload.
      await mock.configure({ faults: { bandwidthBytesPerSecond: 64 * KiB } });
      expect(partial.complete).toBe(false);

      if (variant === 'close') {
        await page.close();
        page = await context.newPage();
        await open(page, url);
      } else {
        await page.reload();
        await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
      }

      // The reopened page knows the unfinished upload (and keeps no token with it).
      const interrupted = await interruptedOn(page);
      expect(interrupted.map((r) => [r.name, r.size, r.path, r.spaceId])).toEqual([
        [name, SIZE, `/${name}`, mockFixtures.personal.id],
      ]);
      expect(interrupted[0]?.uploadUrl).toContain(mock.serverUrl);
      expect(interrupted[0]?.expiresAt).toBeGreaterThan(Date.now());
      expect(JSON.stringify(interrupted)).not.toContain(mockFixtures.token);

      const before = await mock.state();
      expect(before.uploads).toHaveLength(1);
      const offsetAtReopen = before.uploads[0]?.offset ?? 0;
      expect(offsetAtReopen).toBeGreaterThanOrEqual(SIZE / 4);
      expect(offsetAtReopen).toBeLessThan(SIZE);
      const lastSeqBefore = before.requests.at(-1)?.seq ?? 0;

      // Full speed again; the same file chosen again goes on from where the server is.
      await mock.configure({ faults: {} });
      await page.setInputFiles('#file', filePath);
      expect(await settled(page, 30_000)).toBe('done');
      expect(await page.$eval('#status', (el) => (el as HTMLElement).dataset.restarts)).toBe('0');
      expect(await page.evaluate(() => window.__progress)).toBe(SIZE);

      const after = await mock.state();
      // One upload, not two, and it is complete.
      expect(after.uploads).toHaveLength(1);
      expect(after.uploads[0]).toMatchObject({ length: SIZE, offset: SIZE, complete: true, terminated: false });
      expect(after.requests.filter((r) => r.route === 'tus-create')).toHaveLength(1);
      // The resume asked the server for its offset.
      const resumedHeads = after.requests.filter((r) => r.seq > lastSeqBefore && r.route === 'tus-head');
      expect(resumedHeads.map((r) => r.status)).toContain(200);
      // Bytes received: the whole file at least once, far from twice.
      const received = after.requests.reduce((sum, r) => sum + r.bytesReceived, 0);
      expect(received).toBeGreaterThanOrEqual(SIZE);
      expect(received).toBeLessThan(2 * SIZE);
      // After the reopen only the rest went (one chunk of slack for a request the old page left behind).
      const receivedAfter = after.requests
        .filter((r) => r.seq > lastSeqBefore)
        .reduce((sum, r) => sum + r.bytesReceived, 0);
      expect(receivedAfter).toBeLessThanOrEqual(SIZE - offsetAtReopen + CHUNK);
      // The right bytes are stored.
      const stored = after.files.find((f) => f.spaceId === mockFixtures.personal.id && f.path === `/${name}`);
      expect(stored).toMatchObject({ size: SIZE, sha1: fileSha1 });

      // Finished: no record left, and a reload lists nothing.
      expect(await resumeKeys(page)).toEqual([]);
      await page.reload();
      await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
      expect(await interruptedOn(page)).toEqual([]);
    } finally {
      await context?.close();
    }
  });
});

describe('offline (real Chromium)', () => {
  it('going offline mid-upload pauses it; back online it goes on from the server offset, nothing failed', async () => {
    const name = basename(filePath);
    const mock = mockInstance('offline');
    await mock.configure({ faults: { bandwidthBytesPerSecond: 8 * MiB } });
    if (!browser) throw new Error('Chromium did not start');
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await open(page, `${origin}/?serverUrl=${encodeURIComponent(mock.serverUrl)}`);
      await page.setInputFiles('#file', filePath);
      await until('the server to hold ≥ 25 % of the upload', async () => {
        const upload = (await mock.state()).uploads[0];
        return upload && upload.offset >= SIZE / 4 ? upload : undefined;
      });
      await context.setOffline(true);
      await page.waitForFunction(() => navigator.onLine === false);
      // Offline for a while: the file must not fail meanwhile (requests fail at once while offline).
      const offlineSince = Date.now();
      while (Date.now() - offlineSince < 2_500) {
        expect(await page.$eval('#status', (el) => (el as HTMLElement).dataset.status)).not.toBe('failed');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await mock.configure({ faults: {} });
      await context.setOffline(false);
      expect(await settled(page, 30_000)).toBe('done');

      const after = await mock.state();
      expect(after.uploads).toHaveLength(1);
      expect(after.uploads[0]).toMatchObject({ offset: SIZE, complete: true });
      const received = after.requests.reduce((sum, r) => sum + r.bytesReceived, 0);
      expect(received).toBeLessThan(2 * SIZE);
      const stored = after.files.find((f) => f.spaceId === mockFixtures.personal.id && f.path === `/${name}`);
      expect(stored).toMatchObject({ size: SIZE, sha1: fileSha1 });
    } finally {
      await context.close();
    }
  });
});
