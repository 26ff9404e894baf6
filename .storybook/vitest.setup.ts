/**
 * Setup of the Vitest `storybook` project (stories as tests in Chromium). Lets a story ask for a system colour
 * scheme (`stories/support/color-scheme.ts`): Chromium emulates `prefers-color-scheme` through the DevTools protocol,
 * which only Vitest can reach; a page cannot set its own media features. The emulation covers the whole test page,
 * so it is lifted after each test, before the next story renders in the same page.
 */
import { afterEach } from 'vitest';
import { cdp } from 'vitest/browser';

let emulating = false;

async function emulate(scheme: 'light' | 'dark' | null): Promise<void> {
  await cdp().send('Emulation.setEmulatedMedia', {
    features: scheme ? [{ name: 'prefers-color-scheme', value: scheme }] : [],
  });
  emulating = scheme !== null;
}

window.__storyEmulateColorScheme = emulate;

afterEach(async () => {
  if (emulating) await emulate(null);
});
