/** Debian's Chromium through playwright-core (never downloaded), and the bench pages opened in it. */
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.ts';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Timers and rendering of a headless page must not be throttled while it is measured; the real server's
    // certificate is self-signed (the `real-server` benchmark).
    args: [
      ...CHROMIUM_ARGS,
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
      '--ignore-certificate-errors',
    ],
    headless: true,
    timeout: 30_000,
  });
}

/** Opens `/{name}.html` in a fresh context; page errors are collected (thrown by `assertNoErrors`). */
export async function openPage(
  browser: Browser,
  origin: string,
  name: 'lab' | 'dashboard',
): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('crash', () => errors.push('the page crashed'));
  await page.goto(`${origin}/${name}.html`, { timeout: 30_000 });
  await page.waitForSelector('body[data-ready]', { timeout: 30_000, state: 'attached' });
  return { page, errors, close: () => context.close() };
}
