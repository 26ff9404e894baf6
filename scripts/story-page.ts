/**
 * Opens one story of the built Storybook alone and waits until it has finished: loaders, render, play function and
 * checks have run (`stories/support/story-ready.ts` marks that moment on `<html>`) and the fonts are loaded.
 */
import type { Page } from 'playwright-core';

/** What the page reports when the story is finished (see stories/support/story-ready.ts). */
export interface Outcome {
  ready: string;
  error: string | null;
  checks: string | null;
  theme: string | null;
}

export async function openStory(
  page: Page,
  base: string,
  id: string,
  theme: string,
  timeout: number,
): Promise<Outcome> {
  const url = `${base}/iframe.html?id=${encodeURIComponent(id)}&viewMode=story&globals=theme:${theme}`;
  await page.goto(url, { waitUntil: 'load', timeout });
  const outcome = await page
    .waitForFunction(
      (storyId): Outcome | false => {
        const root = document.documentElement;
        const body = document.body;
        if (body?.classList.contains('sb-show-errordisplay')) {
          const text = document.querySelector('#error-message')?.textContent ?? 'Storybook shows an error';
          return { ready: 'error', error: text, checks: null, theme: root.dataset.theme ?? null };
        }
        if (body?.classList.contains('sb-show-nopreview')) {
          return { ready: 'error', error: 'no preview (story not found?)', checks: null, theme: null };
        }
        const ready = root.getAttribute('data-story-ready');
        if (!ready || root.getAttribute('data-story-id') !== storyId) return false;
        return {
          ready,
          error: root.getAttribute('data-story-error'),
          checks: root.getAttribute('data-story-checks'),
          theme: root.dataset.theme ?? null,
        };
      },
      id,
      { timeout, polling: 100 },
    )
    .then((handle) => handle.jsonValue() as Promise<Outcome>);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return outcome;
}
