import { describe, expect, it } from 'vitest';
import type { UploadItem } from '../../src/core/state.ts';
import { UploaderContext } from '../../src/react/context.ts';
import { formatDuration } from '../../src/react/format.ts';
import { messagesEn as m } from '../../src/react/messages.ts';
import { messagesDe } from '../../src/react/messages-de.ts';
import { UploadPanel } from '../../src/react/UploadPanel.tsx';
import { click, fakeContext, makeItem, render, text } from './helpers.tsx';

function renderPanel(items: UploadItem[], messages = fakeContext().messages) {
  const context = fakeContext(items, { messages });
  const ui = (next: UploadItem[]) => (
    <UploaderContext.Provider value={{ ...context, store: fakeContext(next, { messages }).store }}>
      <UploadPanel />
    </UploaderContext.Provider>
  );
  const rendered = render(ui(items));
  return { ...rendered, context, update: (next: UploadItem[]) => rendered.rerender(ui(next)) };
}

const heading = (container: HTMLElement) => text(container.querySelector('h2'));

describe('UploadPanel (variant="panel")', () => {
  it('shows nothing until there are files', () => {
    const { container } = renderPanel([]);
    expect(container.querySelector('section')).toBeNull();
  });

  it('sums the batch up in its heading, with the time left, over the total bar', () => {
    const { container } = renderPanel([
      makeItem({ status: 'uploading', size: 4_000_000, bytesUploaded: 1_000_000, speed: 70_000, timeLeft: 100 }),
      makeItem({ status: 'queued', size: 4_000_000 }),
      makeItem({ status: 'done', size: 2_000_000, bytesUploaded: 2_000_000 }),
    ]);
    const section = container.querySelector('section') as HTMLElement;
    expect(section.getAttribute('aria-label')).toBe('Uploads');
    // 7 MB left at 70 kB/s.
    expect(heading(container)).toBe(`Uploading 2 files · ${m.timeLeft(100, formatDuration(100, m))}`);
    expect(container.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('30');
    expect(container.querySelector('.su-dropzone')).toBeNull();
    // No Close while files are still moving.
    expect(container.querySelector('[aria-label="Close"]')).toBeNull();
  });

  it('folds away under its header: the button says so with aria-expanded', () => {
    const { container } = renderPanel([makeItem({ status: 'uploading', size: 10, bytesUploaded: 5 })]);
    const toggle = container.querySelector('button[aria-expanded]') as HTMLButtonElement;
    const body = container.querySelector(`#${CSS.escape(toggle.getAttribute('aria-controls') ?? '')}`);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.getAttribute('aria-label')).toBe('Hide the list of uploads');
    expect(body?.hasAttribute('hidden')).toBe(false);
    click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.getAttribute('aria-label')).toBe('Show the list of uploads');
    expect(body?.hasAttribute('hidden')).toBe(true);
  });

  it('when done: "3 uploads complete"; Close clears the finished files and hides it until new files come', () => {
    const done = [1, 2, 3].map(() => makeItem({ status: 'done', size: 10, bytesUploaded: 10 }));
    const { container, context, update } = renderPanel(done);
    expect(heading(container)).toBe('3 uploads complete');
    click(container.querySelector('[aria-label="Close"]') as Element);
    expect(context.actions.clearFinished).toHaveBeenCalledTimes(1);
    expect(container.querySelector('section')).toBeNull();
    update([...done, makeItem({ status: 'uploading', size: 10, bytesUploaded: 1 })]);
    expect(heading(container)).toBe('Uploading 1 file');
  });

  it('names failures, in German too', () => {
    const items = [makeItem({ status: 'done', size: 1, bytesUploaded: 1 }), makeItem({ status: 'failed' })];
    expect(heading(renderPanel(items).container)).toBe('1 upload failed');
    expect(heading(renderPanel(items, messagesDe).container)).toBe('1 Upload fehlgeschlagen');
  });
});
