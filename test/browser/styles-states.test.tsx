/**
 * What the stylesheet does to states issue 15 found hard to read, measured on computed styles in Chromium: a
 * finished row's full green bar, the "Preparing" stripes next to invisible, and the dark root's square behind the
 * rounded cards.
 */
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { summarize, type UploadItem } from '../../src/core/state.ts';
import { FileList } from '../../src/react/FileList.tsx';
import { UploadSummary } from '../../src/react/UploadSummary.tsx';
import '../../src/react/styles/index.css';
import { makeUploadItem } from '../support/upload-item.ts';

afterEach(() => cleanup());

let next = 0;
function item(status: UploadItem['status'], bytesUploaded = 0): UploadItem {
  next += 1;
  const name = `${status}-${next}.txt`;
  return makeUploadItem({ name, path: `/${name}`, spaceId: 's$u', size: 1000, status, bytesUploaded });
}

/** WCAG relative luminance of `rgb(r, g, b)`. */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
    const s = Number(c) / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

function renderIn(theme: 'light' | 'dark', items: UploadItem[]) {
  const { totals, status } = summarize(items);
  return render(
    <div className="space-uploader" data-theme={theme} style={{ width: 720 }}>
      <UploadSummary snapshot={{ totals, status }} />
      <FileList items={items} />
    </div>,
  );
}

const rowOf = (container: HTMLElement, status: string) =>
  container.querySelector(`.su-file[data-status="${status}"]`) as HTMLElement;

describe('states in the stylesheet', () => {
  it('a finished row shows no bar and no "100%" (its check mark says it); a moving row keeps both', () => {
    const { container } = renderIn('light', [item('done', 1000), item('uploading', 400)]);
    const done = rowOf(container, 'done');
    expect(getComputedStyle(done.querySelector('.su-progress') as Element).opacity).toBe('0');
    expect(getComputedStyle(done.querySelector('.su-file__percent') as Element).opacity).toBe('0');
    const moving = rowOf(container, 'uploading');
    expect(getComputedStyle(moving.querySelector('.su-progress') as Element).opacity).toBe('1');
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`the preparing stripes stand out from the track (${theme})`, () => {
      const { container } = renderIn(theme, [item('preparing'), item('finalizing', 1000)]);
      for (const status of ['preparing', 'finalizing']) {
        const bar = rowOf(container, status).querySelector('.su-progress') as Element;
        const colors = getComputedStyle(bar).backgroundImage.match(/rgba?\([^)]+\)/g) ?? [];
        expect(colors.length, getComputedStyle(bar).backgroundImage).toBeGreaterThanOrEqual(2);
        const [track, stripe] = [...new Set(colors)] as [string, string];
        // Before: the soft accent on the track, 1.03:1 (light).
        expect(contrast(track, stripe)).toBeGreaterThan(1.5);
      }
    });
  }

  it('the dark root paints nothing of its own: only its rounded cards are dark', () => {
    const { container } = renderIn('dark', [item('uploading', 400)]);
    const root = container.querySelector('.space-uploader') as HTMLElement;
    expect(getComputedStyle(root).backgroundColor).toBe('rgba(0, 0, 0, 0)');
    for (const card of [container.querySelector('.su-summary'), container.querySelector('.su-filelist')]) {
      const style = getComputedStyle(card as Element);
      expect(luminance(style.backgroundColor)).toBeLessThan(0.05);
      expect(Number.parseFloat(style.borderTopLeftRadius)).toBeGreaterThan(0);
    }
  });
});

describe('variant="panel" on the app\'s page', () => {
  it.each(['dark', 'light', 'auto'] as const)(
    "theme %s: the app's own children keep the page's colours; the panel and the dialog take the theme",
    (theme) => {
      const { container } = render(
        <div style={{ color: 'rgb(10, 20, 30)', colorScheme: 'light', fontFamily: 'serif' }}>
          <div className="space-uploader" data-variant="panel" data-theme={theme}>
            <section className="su-panel">panel</section>
            <p data-testid="app">
              the app <input type="text" aria-label="app field" />
            </p>
            <div className="su-dialog-backdrop">
              <div className="su-dialog">dialog</div>
            </div>
          </div>
        </div>,
      );
      const app = getComputedStyle(container.querySelector('[data-testid="app"]') as Element);
      expect([app.color, app.colorScheme, app.fontFamily]).toEqual(['rgb(10, 20, 30)', 'light', 'serif']);
      const scheme = { dark: 'dark', light: 'light', auto: 'light dark' }[theme];
      for (const part of [container.querySelector('.su-panel'), container.querySelector('.su-dialog')]) {
        const style = getComputedStyle(part as Element);
        expect(style.colorScheme).toBe(scheme);
        expect(style.fontFamily).not.toBe('serif');
      }
      // The dark panel is dark, whatever the page.
      if (theme === 'dark')
        expect(
          luminance(getComputedStyle(container.querySelector('.su-panel') as Element).backgroundColor),
        ).toBeLessThan(0.05);
    },
  );
});
