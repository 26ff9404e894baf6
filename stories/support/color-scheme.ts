/**
 * The system colour scheme for stories of `theme="auto"`, and reading computed colours.
 *
 * `preferColorScheme('dark')` in a story's `beforeEach`: under Vitest (`npm test`, or the test panel of
 * `storybook dev`) Chromium then emulates `prefers-color-scheme: dark` for the story; when a story is only viewed, the
 * page keeps the system's own preference (DevTools → Rendering → "Emulate CSS media feature prefers-color-scheme"
 * changes it), and `expectPrefersColorScheme` in the play function says so instead of checking the wrong colours.
 */
import { expect } from 'storybook/test';

export type ColorScheme = 'light' | 'dark';

const query = (scheme: ColorScheme) => `(prefers-color-scheme: ${scheme})`;

/** Emulates `scheme` as the system's preference where the story runs under Vitest; elsewhere does nothing. */
export async function preferColorScheme(scheme: ColorScheme): Promise<void> {
  await window.__storyEmulateColorScheme?.(scheme);
}

/** Fails unless the page prefers `scheme`, with a message that tells how to run the story. */
export async function expectPrefersColorScheme(scheme: ColorScheme): Promise<void> {
  const matches = window.matchMedia(query(scheme)).matches;
  await expect(
    matches,
    `this story needs a system that prefers ${scheme} colours: run it under Vitest (npm test, or the test panel), ` +
      `or emulate prefers-color-scheme: ${scheme} in DevTools (Rendering)`,
  ).toBe(true);
}

/** Relative luminance (WCAG) of a computed `rgb()`/`rgba()` colour. */
export function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
    const s = Number(c) / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

/** WCAG contrast ratio of two computed colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * Fails unless `element`'s text has at least `minimum` contrast (WCAG AA: 4.5) against the background it is drawn on
 * (the nearest opaque background up the tree). The a11y addon's axe check counts a 1:1 ratio as "needs review", not
 * as a violation: text the colour of its background passes it.
 */
export async function expectReadable(element: Element, minimum = 4.5): Promise<void> {
  let background = 'rgb(255, 255, 255)';
  for (let node: Element | null = element; node; node = node.parentElement) {
    const color = getComputedStyle(node).backgroundColor;
    if (!/^rgba\(.*,\s*0\)$/.test(color) && color !== 'transparent') {
      background = color;
      break;
    }
  }
  const color = getComputedStyle(element).color;
  await expect(contrastRatio(color, background), `${color} on ${background}`).toBeGreaterThanOrEqual(minimum);
}
