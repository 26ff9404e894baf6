/**
 * Screenshots of the built static Storybook, in light and dark, with Debian's Chromium through playwright-core.
 *
 *   npm run build-storybook
 *   npx tsx scripts/screenshots.ts [--out screenshots] [--static storybook-static] [options]
 *
 * Serves `--static` on 127.0.0.1 (a free port), reads its `index.json` and takes every story tagged `screenshot`
 * (every story when none is tagged yet, or with `--all`) once per theme. Each story is opened alone
 * (`iframe.html?id={id}&viewMode=story&globals=theme:{theme}`); `.storybook/preview.ts` turns the `theme` global
 * into `data-theme` on `<html>`. The shot is taken when the story is finished: the loaders (the story's mock
 * instance), the render, the play function and the a11y check have run, the server inspector has refreshed once
 * more, and the page has painted. `stories/support/story-ready.ts` marks that moment with
 * `data-story-ready="success|error|checks-failed"` on `<html>`; this script waits for it.
 *
 * Writes `{out}/{story id}.{theme}.png` (the page down to the end of the story, inspector included). A story that
 * fails to render, whose loader or play function throws, that does not finish within `--timeout`, or that ignores
 * the theme, is written as `{story id}.{theme}.error.png` and makes the script exit with status 1; failed a11y checks
 * are reported as warnings. Browser and server are stopped in every case (also on Ctrl-C).
 */
import { mkdir, readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';
import { serveStatic } from './static-server.ts';
import { openStory } from './story-page.ts';
import { BASELINE_DIR, OUTPUT_DIR, runVisual } from './visual.ts';

const USAGE = `Usage: npx tsx scripts/screenshots.ts [options]

Screenshots of the static Storybook (build it first: npm run build-storybook), light and dark.

Options:
  --out <dir>          where the PNGs go (default: screenshots)
  --static <dir>       the built Storybook (default: storybook-static)
  --all                every story, even when some are tagged "screenshot"
  --story <text>       only stories whose id contains <text> (repeatable)
  --theme <name>       light or dark (repeatable; default: both)
  --width <px>         viewport width (default: 1280)
  --timeout <ms>       per story and theme (default: 60000)
  --concurrency <n>    stories shot at once (default: 2)
  --update             visual tests: build Storybook, shoot the key stories (scripts/visual.ts) and write them
                       as the baselines in test/visual/baselines/ (--story narrows)
  --check              visual tests: the same, compared with the baselines (what npm test does)
  -h, --help           this text

Chromium: $CHROMIUM_PATH, else /usr/bin/chromium (never downloaded).`;

const THEMES = ['light', 'dark'] as const;
type Theme = (typeof THEMES)[number];

interface IndexEntry {
  id: string;
  title: string;
  name: string;
  type: 'story' | 'docs';
  tags?: string[];
}

interface Options {
  visual: 'update' | 'check' | undefined;
  out: string;
  staticDir: string;
  /** `--static` was given (the visual tests otherwise build their own Storybook). */
  staticExplicit: boolean;
  all: boolean;
  stories: string[];
  themes: Theme[];
  width: number;
  timeout: number;
  concurrency: number;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'screenshots' },
      static: { type: 'string', default: 'storybook-static' },
      all: { type: 'boolean', default: false },
      story: { type: 'string', multiple: true, default: [] },
      theme: { type: 'string', multiple: true, default: [] },
      width: { type: 'string', default: '1280' },
      timeout: { type: 'string', default: '60000' },
      concurrency: { type: 'string', default: '2' },
      update: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name: string, text: string, min: number) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} must be an integer ≥ ${min}`);
    return value;
  };
  const themes = values.theme.length > 0 ? values.theme : [...THEMES];
  for (const theme of themes) {
    if (!THEMES.includes(theme as Theme)) throw new UsageError(`--theme must be light or dark, not "${theme}"`);
  }
  return {
    visual: values.update ? 'update' : values.check ? 'check' : undefined,
    out: path.resolve(values.out),
    staticDir: path.resolve(values.static),
    staticExplicit: process.argv.some((arg) => arg === '--static' || arg.startsWith('--static=')),
    all: values.all,
    stories: values.story,
    themes: themes as Theme[],
    width: number('width', values.width, 320),
    timeout: number('timeout', values.timeout, 1000),
    concurrency: number('concurrency', values.concurrency, 1),
  };
}

class UsageError extends Error {}

// ---- stories ----------------------------------------------------------------------------------------------------

async function storiesToShoot(opts: Options): Promise<IndexEntry[]> {
  let index: { entries: Record<string, IndexEntry> };
  try {
    index = JSON.parse(await readFile(path.join(opts.staticDir, 'index.json'), 'utf8'));
  } catch (cause) {
    throw new UsageError(
      `cannot read ${path.join(opts.staticDir, 'index.json')} (${(cause as Error).message}); run npm run build-storybook first`,
    );
  }
  let stories = Object.values(index.entries).filter((entry) => entry.type === 'story');
  const tagged = stories.filter((entry) => entry.tags?.includes('screenshot'));
  if (!opts.all) {
    if (tagged.length > 0) stories = tagged;
    else console.log('No story is tagged "screenshot": taking every story.');
  }
  if (opts.stories.length > 0) {
    stories = stories.filter((entry) => opts.stories.some((text) => entry.id.includes(text)));
  }
  return stories;
}

interface Shot {
  story: IndexEntry;
  theme: Theme;
  file: string;
  ok: boolean;
  message?: string;
  warning?: string;
  ms: number;
}

async function shoot(
  context: BrowserContext,
  base: string,
  story: IndexEntry,
  theme: Theme,
  opts: Options,
): Promise<Shot> {
  const started = Date.now();
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  // Files of the build that failed to load (the mock's own error answers are part of the stories).
  page.on('response', (response) => {
    if (response.status() >= 400 && !new URL(response.url()).pathname.startsWith('/__mock-instances/')) {
      consoleErrors.push(`${response.status()} ${response.url()}`);
    }
  });
  const file = (suffix: string) => path.join(opts.out, `${story.id}.${theme}${suffix}.png`);
  const result = (ok: boolean, path: string, extra: Partial<Shot> = {}): Shot => ({
    story,
    theme,
    file: path,
    ok,
    ms: Date.now() - started,
    ...extra,
  });
  try {
    const outcome = await openStory(page, base, story.id, theme, opts.timeout);

    // Down to the end of the story's root (plus the body's bottom padding), at least 120 px.
    const height = await page.evaluate(() => {
      const root = document.querySelector('#storybook-root') ?? document.body;
      const bottom = root.getBoundingClientRect().bottom + window.scrollY;
      const padding = Number.parseFloat(getComputedStyle(document.body).paddingBottom) || 0;
      return Math.max(120, Math.ceil(bottom + padding));
    });
    const shot = async (target: string) => {
      await page.screenshot({
        path: target,
        fullPage: true,
        clip: { x: 0, y: 0, width: opts.width, height },
        animations: 'disabled',
        caret: 'hide',
      });
      return target;
    };

    if (outcome.ready === 'error') {
      return result(false, await shot(file('.error')), { message: outcome.error ?? 'the story failed' });
    }
    if (outcome.theme !== theme) {
      return result(false, await shot(file('.error')), {
        message: `<html data-theme> is "${outcome.theme}", expected "${theme}": does preview.ts honour globals=theme:${theme}?`,
      });
    }
    return result(true, await shot(file('')), outcome.checks ? { warning: `failed checks: ${outcome.checks}` } : {});
  } catch (cause) {
    const message = `${(cause as Error).message.split('\n')[0]}${
      consoleErrors.length > 0 ? `\n      console: ${consoleErrors.slice(-3).join('\n      console: ')}` : ''
    }`;
    const target = file('.error');
    const written = await page
      .screenshot({ path: target, fullPage: true })
      .then(() => target)
      .catch(() => '');
    return result(false, written, { message });
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** A path relative to the working directory when it is below it, else absolute. */
function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

// ---- main ---------------------------------------------------------------------------------------------------------

/** `--update` / `--check`: the visual tests' baselines (scripts/visual.ts), one line per story. */
async function visual(opts: Options): Promise<number> {
  const results = await runVisual({
    update: opts.visual === 'update',
    ...(opts.staticExplicit ? { staticDir: opts.staticDir } : {}),
    only: opts.stories,
  });
  for (const r of results) {
    console.log(`${r.ok ? '✓' : '✗'} ${r.name}${r.message ? `: ${r.message}` : ''}${r.ms ? ` (${r.ms} ms)` : ''}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(
    opts.visual === 'update'
      ? `\n${results.length - failed} baselines written to ${display(BASELINE_DIR)}.`
      : `\n${results.length - failed} of ${results.length} match${failed ? `; new shots and diffs in ${display(OUTPUT_DIR)}` : ''}.`,
  );
  return failed > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  const opts = options();
  if (opts.visual) return visual(opts);
  const stories = await storiesToShoot(opts);
  if (stories.length === 0) {
    console.error('No stories to shoot.');
    return 1;
  }
  await mkdir(opts.out, { recursive: true });

  let server: Server | undefined;
  let browser: Browser | undefined;
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await browser?.close().catch(() => undefined);
    browser = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
      server = undefined;
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping`);
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const served = await serveStatic(opts.staticDir);
    server = served.server;
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
    });
    const context = await browser.newContext({
      viewport: { width: opts.width, height: 800 },
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
      // The msw worker of the static build needs service workers (allowed on 127.0.0.1, a secure context).
      serviceWorkers: 'allow',
    });
    console.log(
      `Shooting ${stories.length} ${stories.length === 1 ? 'story' : 'stories'} × ${opts.themes.join(', ')} from ${served.url} into ${opts.out}`,
    );

    const jobs = stories.flatMap((story) => opts.themes.map((theme) => ({ story, theme })));
    const shots: Shot[] = [];
    let next = 0;
    const worker = async () => {
      while (next < jobs.length && !stopping) {
        const job = jobs[next++];
        if (!job) break;
        const shot = await shoot(context, served.url, job.story, job.theme, opts).catch((error: unknown) => {
          if (stopping) return undefined;
          throw error;
        });
        if (stopping || !shot) break;
        shots.push(shot);
        const mark = shot.ok ? (shot.warning ? '!' : '✓') : '✗';
        const name = `${job.story.title} / ${job.story.name}`;
        console.log(`${mark} ${name} [${job.theme}] ${shot.file ? display(shot.file) : '(no image)'} (${shot.ms} ms)`);
        if (shot.message) console.log(`    error: ${shot.message}`);
        if (shot.warning) console.log(`    warning: ${shot.warning}`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, jobs.length) }, worker));
    if (stopping) return 130;

    const failed = shots.filter((shot) => !shot.ok);
    const warned = shots.filter((shot) => shot.ok && shot.warning);
    console.log(
      `\n${shots.length - failed.length} of ${shots.length} screenshots taken${warned.length ? `, ${warned.length} with warnings` : ''}${
        failed.length ? `; ${failed.length} failed` : ''
      }.`,
    );
    return failed.length > 0 ? 1 : 0;
  } finally {
    await stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : error);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
