/**
 * Rows in real Chromium: a long name is cut in the middle and keeps its extension (only when it does not fit), and
 * image previews are decoded a few at a time, small, and only for the rows on screen.
 */
import { cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UploadItem } from '../../src/core/index.ts';
import { FileList } from '../../src/react/FileList.tsx';
import { clearThumbnails, MAX_DECODES, THUMBNAIL_SIZE } from '../../src/react/thumbnails.ts';
import '../../src/react/styles/index.css';
import { makeUploadItem } from '../support/upload-item.ts';

afterEach(() => {
  cleanup();
  clearThumbnails();
  vi.restoreAllMocks();
});

const item = (name: string, type: string): UploadItem => makeUploadItem({ name, type, size: 1000 });

/** A real PNG of `width` × `height` pixels. */
async function png(width: number, height: number, color: string): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d context');
  context.fillStyle = color;
  context.fillRect(0, 0, width, height);
  return canvas.convertToBlob({ type: 'image/png' });
}

const overflows = (element: Element | null | undefined) =>
  !!element && (element as HTMLElement).scrollWidth > (element as HTMLElement).clientWidth;

describe('file names', () => {
  const long = 'Quarterly report of the regional sales offices with every appendix and the notes final v3.pdf';

  it('cuts a long name in the middle in a narrow list, keeping the end and the extension whole', async () => {
    const { container } = render(
      <div style={{ width: 420 }}>
        <FileList items={[item(long, 'application/pdf')]} />
      </div>,
    );
    const name = await waitFor(() => {
      const found = container.querySelector('.su-file__name');
      expect(found).not.toBeNull();
      return found as HTMLElement;
    });
    const start = name.querySelector('.su-file__name-start');
    const end = name.querySelector('.su-file__name-end');
    expect(end?.textContent).toBe('nal v3.pdf');
    expect(overflows(start)).toBe(true);
    expect(overflows(end)).toBe(false);
    expect((end as HTMLElement).getBoundingClientRect().width).toBeGreaterThan(20);
    expect(name.getAttribute('title')).toBe(long);
    expect(name.querySelector('.su-visually-hidden')?.textContent).toBe(long);
  });

  it('does not cut a name that fits', async () => {
    const { container } = render(
      <div style={{ width: 900 }}>
        <FileList items={[item('notes from Monday.txt', 'text/plain')]} />
      </div>,
    );
    const start = await waitFor(() => container.querySelector('.su-file__name-start') as HTMLElement);
    expect(start.textContent).toBe('notes from ');
    expect(overflows(start)).toBe(false);
  });
});

describe('image previews', () => {
  it('decodes a few at a time, only the rows on screen, and keeps small thumbnails', async () => {
    const blobs = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => png(400 + (i % 7), 300, `hsl(${i % 360} 70% 50%)`)),
    );
    const items = blobs.map((_, i) => item(`photo ${i}.png`, 'image/png'));
    const byId = new Map(items.map((entry, i) => [entry.id, blobs[i]]));
    let active = 0;
    let peak = 0;
    let calls = 0;
    const original = globalThis.createImageBitmap.bind(globalThis);
    vi.spyOn(globalThis, 'createImageBitmap').mockImplementation(((...args: Parameters<typeof original>) => {
      calls += 1;
      active += 1;
      peak = Math.max(peak, active);
      return original(...args).finally(() => {
        active -= 1;
      });
    }) as typeof createImageBitmap);

    const { container } = render(
      <div style={{ width: 900 }}>
        <FileList items={items} fileOf={(id) => byId.get(id)} />
      </div>,
    );
    const rendered = container.querySelectorAll('.su-file').length;
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(60);
    await waitFor(() => expect(container.querySelectorAll('img.su-file__thumbnail')).toHaveLength(rendered), {
      timeout: 10_000,
    });
    // One decode per row on screen, never all 1,000, never more than MAX_DECODES at once.
    expect(calls).toBe(rendered);
    expect(peak).toBeLessThanOrEqual(MAX_DECODES);
    const thumbnail = container.querySelector<HTMLImageElement>('img.su-file__thumbnail');
    await waitFor(() => expect(thumbnail?.complete).toBe(true));
    expect(thumbnail?.naturalWidth).toBe(THUMBNAIL_SIZE);
    expect(thumbnail?.naturalHeight).toBe(THUMBNAIL_SIZE);
    expect(thumbnail?.getAttribute('alt')).toBe('');
  });

  it('shows the type icon for other files and images it cannot read', async () => {
    const broken = item('broken.jpg', 'image/jpeg');
    const pdf = item('report.pdf', 'application/pdf');
    const { container } = render(
      <FileList items={[broken, pdf]} fileOf={(id) => (id === broken.id ? new Blob(['not an image']) : undefined)} />,
    );
    await waitFor(() => expect(container.querySelector('.su-file-type--pdf')).not.toBeNull());
    await waitFor(() => expect(container.querySelector('.su-file-type--image')).not.toBeNull());
    expect(container.querySelector('img')).toBeNull();
  });
});
