/**
 * Every story of the built Storybook in the dark theme and in `auto` on a dark system, with the a11y addon's axe run
 * (the storybook Vitest project runs them all in light): a story passes when it finishes with no failed check.
 * Used by test/visual/stories.test.ts; `npx tsx scripts/theme-checks.ts [--static dir] [--story text…]` prints the
 * failures.
 */
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';
import { serveStatic } from './static-server.ts';
import { openStory } from './story-page.ts';

export interface ThemeCase {
  theme: 'dark' | 'auto';
  colorScheme: 'dark';
}

export const THEME_CASES: readonly ThemeCase[] = [
  { theme: 'dark', colorScheme: 'dark' },
  { theme: 'auto', colorScheme: 'dark' },
];

export interface ThemeCheck {
  story: string;
  theme: string;
  /** `success`, or what failed: `checks-failed: a11y: color-contrast`, `error: …`. */
  outcome: string;
}

const CONCURRENCY = 4;
/**
 * Stories that set the system's colour scheme themselves (`theme="auto"` on a light and on a dark system): the
 * storybook Vitest project runs them with their own emulation, and a forced dark system contradicts the light one.
 */
const OWN_SCHEME = ['spaceuploader-auto-theme--'];
/**
 * 10,000 uploads through msw's service worker (the static build's mock) outlast the story's own waits when the
 * machine is busy (seen in CI: "the mock's state does not match yet (65 uploads, 74 requests)"). It runs with axe in
 * light in the storybook project; its rows and summary are the parts every other story checks here in dark.
 */
const TOO_SLOW_IN_STATIC = ['spaceuploader-integration--ten-thousand-files'];

/** The ids of every story (not docs) in a built Storybook's index. */
async function storyIds(staticDir: string): Promise<string[]> {
  const index = JSON.parse(await readFile(path.join(staticDir, 'index.json'), 'utf8')) as {
    entries: Record<string, { id: string; type: string }>;
  };
  return Object.values(index.entries)
    .filter((entry) => entry.type === 'story')
    .filter((entry) => ![...OWN_SCHEME, ...TOO_SLOW_IN_STATIC].some((prefix) => entry.id.startsWith(prefix)))
    .map((entry) => entry.id)
    .sort();
}

/** Opens each story in each case; a story that errors (not a failed check) is opened twice more before it counts. */
export async function runThemeChecks(staticDir: string, only: readonly string[] = []): Promise<ThemeCheck[]> {
  const ids = (await storyIds(staticDir)).filter((id) => only.length === 0 || only.some((text) => id.includes(text)));
  const jobs = ids.flatMap((story) => THEME_CASES.map((c) => ({ story, ...c })));
  let server: Server | undefined;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  try {
    const served = await serveStatic(staticDir);
    server = served.server;
    const results: ThemeCheck[] = [];
    let next = 0;
    const worker = async () => {
      for (let job = jobs[next++]; job; job = jobs[next++]) {
        let outcome = '';
        for (let attempt = 0; attempt < 3; attempt++) {
          // A context per story: its storage (resume records in localStorage) is its own, as in the storybook project.
          const context = await browser.newContext({
            colorScheme: job.colorScheme,
            reducedMotion: 'reduce',
            serviceWorkers: 'allow',
          });
          const page = await context.newPage();
          try {
            const o = await openStory(page, served.url, job.story, job.theme, 60_000);
            outcome = o.ready === 'success' ? 'success' : `${o.ready}: ${o.checks ?? o.error ?? '?'}`;
          } catch (error) {
            outcome = `error: ${(error as Error).message.split('\n')[0]}`;
          } finally {
            await context.close();
          }
          if (!outcome.startsWith('error')) break;
        }
        results.push({ story: job.story, theme: `${job.theme} (${job.colorScheme} system)`, outcome });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return results.sort((a, b) => `${a.story} ${a.theme}`.localeCompare(`${b.story} ${b.theme}`));
  } finally {
    await browser.close();
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { static: { type: 'string', default: 'storybook-static' }, story: { type: 'string', multiple: true } },
  });
  const results = await runThemeChecks(path.resolve(values.static ?? 'storybook-static'), values.story ?? []);
  const failed = results.filter((r) => r.outcome !== 'success');
  for (const r of failed) console.log(`✗ ${r.story} [${r.theme}] ${r.outcome}`);
  console.log(`${results.length - failed.length} of ${results.length} passed`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}
