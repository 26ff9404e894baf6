/**
 * Visual tests: the key stories of the built Storybook, shot in Chromium and compared pixel by pixel with the
 * baselines committed in `test/visual/baselines/`. `npm run screenshots -- --update` writes new baselines (it builds
 * Storybook first); `npm test` (the `visual` project) and `npm run screenshots -- --check` compare.
 *
 * Pixels must not depend on the clock or the network's pace: the server inspector is hidden (request ids, times),
 * animations are off (`prefers-reduced-motion` and Playwright's `animations: 'disabled'`), speed, time left and
 * request ids are hidden, and what moves while a file is on the wire (a moving file's bar and bytes) is masked with
 * a flat box unless the story stops its files at a known point.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';
import { serveStatic } from './static-server.ts';
import { openStory } from './story-page.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BASELINE_DIR = path.join(ROOT, 'test/visual/baselines');
/** Where a failed comparison leaves the new shot and the diff (git-ignored). */
export const OUTPUT_DIR = path.join(ROOT, 'test/visual/output');
const STORYBOOK_DIR = path.join(ROOT, 'node_modules/.cache/space-uploader-visual/storybook');

/** Share of pixels that may differ (anti-aliased pixels are not counted at all). */
export const MAX_DIFF_RATIO = 0.001;
/** Per-pixel colour distance (pixelmatch's threshold, 0 to 1) below which two pixels count as the same. */
const PIXEL_THRESHOLD = 0.1;
const WIDTH = 1024;
const CONCURRENCY = 4;

export interface VisualStory {
  /** Story id (from Storybook's index.json). */
  id: string;
  /** The toolbar's theme global (`data-theme` on `<html>`). */
  theme: 'light' | 'dark';
  /** Emulated system preference, for `theme="auto"` stories. */
  colorScheme?: 'light' | 'dark';
  /** The story stops its files at a known point: bars and bytes are shot as they are (not masked). */
  frozen?: boolean;
}

/** The key stories: one shot each; the file name is `{id}.{theme}[.{colorScheme}].png`. */
export const VISUAL_STORIES: readonly VisualStory[] = [
  { id: 'spaceuploader-overview--idle', theme: 'light' },
  { id: 'spaceuploader-overview--idle', theme: 'dark' },
  { id: 'spaceuploader-overview--panel', theme: 'light' },
  { id: 'spaceuploader-overview--panel', theme: 'dark' },
  { id: 'spaceuploader-overview--names-and-previews', theme: 'light' },
  { id: 'spaceuploader-overview--uploading-frozen', theme: 'light', frozen: true },
  { id: 'spaceuploader-overview--uploading-frozen', theme: 'dark', frozen: true },
  { id: 'spaceuploader-appearance--all-states', theme: 'light' },
  { id: 'spaceuploader-appearance--all-states', theme: 'dark' },
  { id: 'spaceuploader-overview--conflict-dialog-open', theme: 'light' },
  { id: 'spaceuploader-checks-before-upload--quota-refusal', theme: 'light' },
  { id: 'spaceuploader-network-and-server-faults--server-error-with-request-id', theme: 'light' },
  { id: 'spaceuploader-appearance--german', theme: 'light' },
  { id: 'spaceuploader-appearance--dark-theme', theme: 'dark' },
  { id: 'spaceuploader-auto-theme--dark-system', theme: 'dark', colorScheme: 'dark' },
  { id: 'spaceuploader-folders-and-errors--folder-row-fixed', theme: 'light', frozen: true },
  { id: 'spaceuploader-folders-and-errors--folder-row-fixed', theme: 'dark', frozen: true },
];

/**
 * Content that changes with time: speed, time left, request ids (random per request). Hidden, not masked: whether
 * a speed or a time left shows at all depends on when the shot is taken (a stopped upload's estimate fades), and
 * each of them ends its line, so hiding them moves nothing else.
 */
const ALWAYS_HIDDEN = ['.su-file__detail', '.su-summary__detail', '.su-errors__request-id'];
/** What moves with the network's pace while a file is on the wire, masked unless the story is `frozen`. */
const MOVING = [
  ':is(.su-file[data-status="uploading"], .su-file[data-status="paused"], .su-file[data-status="finalizing"]) :is(.su-file__size, .su-progress, .su-file__percent)',
  '.space-uploader:has(.su-file[data-status="uploading"]) .su-summary :is(.su-summary__bar, .su-summary__percent, .su-summary__details)',
];

/** Hides the server inspector (request ids, timings) and the text caret. */
const STABLE_CSS = `.si { display: none !important; } * { caret-color: transparent !important; } ${ALWAYS_HIDDEN.join(', ')} { visibility: hidden !important; }`;

export const shotName = (story: VisualStory) =>
  `${story.id}.${story.theme}${story.colorScheme ? `.${story.colorScheme}` : ''}.png`;

/** Builds the static Storybook into the cache directory (quiet unless it fails). */
export async function buildStorybook(outDir = STORYBOOK_DIR): Promise<string> {
  await rm(outDir, { recursive: true, force: true });
  const output: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npx', ['storybook', 'build', '--output-dir', outDir, '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`storybook build failed (${code}):\n${Buffer.concat(output).toString()}`);
  return outDir;
}

async function shootStory(page: Page, base: string, story: VisualStory): Promise<Buffer> {
  await page.emulateMedia({ colorScheme: story.colorScheme ?? 'light', reducedMotion: 'reduce' });
  const outcome = await openStory(page, base, story.id, story.theme, 60_000);
  if (outcome.ready === 'error') throw new Error(`${story.id}: ${outcome.error ?? 'the story failed'}`);
  if (outcome.checks) throw new Error(`${story.id}: failed checks: ${outcome.checks}`);
  await page.addStyleTag({ content: STABLE_CSS });
  // Down to the end of the story (or of an open dialog or the corner panel, laid over it).
  const height = await page.evaluate(() => {
    const boxes = [
      document.querySelector('#storybook-root'),
      ...document.querySelectorAll('[role="dialog"], .su-panel'),
    ];
    const bottom = Math.max(...boxes.map((box) => box?.getBoundingClientRect().bottom ?? 0));
    return Math.max(120, Math.ceil(bottom + window.scrollY + 16));
  });
  return page.screenshot({
    fullPage: true,
    clip: { x: 0, y: 0, width: WIDTH, height },
    animations: 'disabled',
    caret: 'hide',
    mask: (story.frozen ? [] : MOVING).map((selector) => page.locator(selector)),
    maskColor: '#ff00ff',
  });
}

export interface VisualResult {
  name: string;
  /** Share of differing pixels; 1 when the sizes differ or there is no baseline. */
  ratio: number;
  ok: boolean;
  message?: string;
  /** Time to open, play and shoot the story. */
  ms?: number;
}

/** Compares two PNGs; writes the diff image to `diffFile` when they differ beyond the tolerance. */
export async function comparePng(
  baseline: Buffer,
  actual: Buffer,
  diffFile: string,
): Promise<Omit<VisualResult, 'name'>> {
  const a = PNG.sync.read(baseline);
  const b = PNG.sync.read(actual);
  if (a.width !== b.width || a.height !== b.height) {
    return { ratio: 1, ok: false, message: `size ${b.width}×${b.height}, baseline ${a.width}×${a.height}` };
  }
  const diff = new PNG({ width: a.width, height: a.height });
  const pixels = pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold: PIXEL_THRESHOLD });
  const ratio = pixels / (a.width * a.height);
  if (ratio <= MAX_DIFF_RATIO) return { ratio, ok: true };
  await writeFile(diffFile, PNG.sync.write(diff));
  return { ratio, ok: false, message: `${pixels} pixels differ (${(ratio * 100).toFixed(3)}%)` };
}

export interface VisualOptions {
  /** Write new baselines instead of comparing. */
  update: boolean;
  /** A built Storybook to use; default: build one now. */
  staticDir?: string;
  /** Only stories whose id contains one of these. */
  only?: readonly string[];
}

/** Shoots the key stories and compares them with (or writes them as) the baselines. */
export async function runVisual(opts: VisualOptions): Promise<VisualResult[]> {
  const staticDir = opts.staticDir ?? (await buildStorybook());
  const stories = VISUAL_STORIES.filter((story) => !opts.only?.length || opts.only.some((t) => story.id.includes(t)));
  await mkdir(opts.update ? BASELINE_DIR : OUTPUT_DIR, { recursive: true });
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    const served = await serveStatic(staticDir);
    server = served.server;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
    const context = await browser.newContext({
      viewport: { width: WIDTH, height: 800 },
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
      serviceWorkers: 'allow',
    });
    const results: VisualResult[] = [];
    // Each story waits on its (slowed) mock most of the time: a few at once.
    let next = 0;
    const worker = async () => {
      for (let story = stories[next++]; story; story = stories[next++]) {
        const name = shotName(story);
        const page = await context.newPage();
        const started = Date.now();
        try {
          const actual = await shootStory(page, served.url, story);
          const ms = Date.now() - started;
          if (opts.update) {
            await writeFile(path.join(BASELINE_DIR, name), actual);
            results.push({ name, ratio: 0, ok: true, ms });
            continue;
          }
          const baseline = await readFile(path.join(BASELINE_DIR, name)).catch(() => undefined);
          const result = baseline
            ? await comparePng(baseline, actual, path.join(OUTPUT_DIR, name.replace(/\.png$/, '.diff.png')))
            : { ratio: 1, ok: false, message: 'no baseline (npm run screenshots -- --update)' };
          if (!result.ok) await writeFile(path.join(OUTPUT_DIR, name), actual);
          results.push({ name, ...result, ms });
        } catch (error) {
          results.push({ name, ratio: 1, ok: false, message: (error as Error).message.split('\n')[0] });
        } finally {
          await page.close();
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    // A full update also drops the baselines of stories no longer in the list.
    if (opts.update && !opts.only?.length) {
      const wanted = new Set(VISUAL_STORIES.map(shotName));
      for (const file of await readdir(BASELINE_DIR)) {
        if (file.endsWith('.png') && !wanted.has(file)) await rm(path.join(BASELINE_DIR, file));
      }
    }
    return results.sort((a, b) => a.name.localeCompare(b.name));
  } finally {
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    }
  }
}
