import { describe, expect, it, vi } from 'vitest';
import type { UploadItem } from '../../src/core/state.ts';
import { UploaderContext } from '../../src/react/context.ts';
import { FileList } from '../../src/react/FileList.tsx';
import { mergeMessages, messagesEn } from '../../src/react/messages.ts';
import {
  click,
  dispatch,
  fakeActions,
  fakeContext,
  key,
  labels,
  makeItem,
  quotaError,
  render,
  text,
} from './helpers.tsx';

const many = (n: number) =>
  Array.from({ length: n }, (_, i) => makeItem({ name: `f${i}.bin`, status: i % 2 ? 'queued' : 'uploading' }));

const rowsOf = (container: HTMLElement) => Array.from(container.querySelectorAll('li[data-su-row]')) as HTMLElement[];

describe('FileList', () => {
  it('mounts 10,000 items fast with only the visible rows (+ overscan) in the DOM', () => {
    const items = many(10_000);
    const started = performance.now();
    const { container } = render(<FileList items={items} actions={fakeActions()} />);
    const elapsed = performance.now() - started;
    const rows = rowsOf(container);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(elapsed).toBeLessThan(1000);
    const list = container.querySelector('ul') as HTMLElement;
    expect(list.getAttribute('aria-label')).toBe('Files');
    expect(rows[0]?.getAttribute('aria-setsize')).toBe('10000');
    expect(rows[0]?.getAttribute('aria-posinset')).toBe('1');
    // The scroll height stands for all rows.
    expect(list.style.height).toBe(`${10_000 * 56}px`);
  });

  it('renders the rows around the scroll position, still only a few', () => {
    const items = many(10_000);
    const { container } = render(<FileList items={items} />);
    const scroller = container.querySelector('.su-vlist') as HTMLElement;
    scroller.scrollTop = 5000 * 56;
    dispatch(scroller, new Event('scroll'));
    const rows = rowsOf(container);
    expect(rows.length).toBeLessThan(40);
    const positions = rows.map((row) => Number(row.getAttribute('aria-posinset')));
    expect(positions).toContain(5001);
    // Besides the rows in view, only the focusable row (the roving tab stop, row 1) stays in the DOM.
    expect(positions[0]).toBe(1);
    expect(Math.min(...positions.slice(1))).toBeGreaterThan(4980);
    expect(text(container)).toContain('f5000.bin');
  });

  it('shows per-file buttons that fit the status, each naming the file', () => {
    const items: UploadItem[] = [
      makeItem({ name: 'up.pdf', status: 'uploading', bytesUploaded: 250_000 }),
      makeItem({ name: 'held.pdf', status: 'paused', bytesUploaded: 100 }),
      makeItem({ name: 'bad.pdf', status: 'failed', error: quotaError() }),
      makeItem({ name: 'wait.pdf', status: 'queued' }),
      makeItem({ name: 'ok.pdf', status: 'done', bytesUploaded: 1_000_000 }),
      makeItem({ name: 'gone.pdf', status: 'canceled' }),
    ];
    const { container } = render(<FileList items={items} actions={fakeActions()} />);
    const rows = rowsOf(container);
    expect(rows.map((row) => labels(row))).toEqual([
      ['Pause up.pdf', 'Cancel up.pdf'],
      ['Resume held.pdf', 'Cancel held.pdf'],
      ['Retry bad.pdf', 'Cancel bad.pdf'],
      ['Cancel wait.pdf'],
      [],
      [],
    ]);
  });

  it('calls the action with the file id', () => {
    const actions = fakeActions();
    const item = makeItem({ name: 'up.pdf', status: 'uploading' });
    const failed = makeItem({ name: 'bad.pdf', status: 'failed', error: quotaError() });
    const { container } = render(<FileList items={[item, failed]} actions={actions} />);
    click(container.querySelector('[aria-label="Pause up.pdf"]') as Element);
    click(container.querySelector('[aria-label="Cancel up.pdf"]') as Element);
    click(container.querySelector('[aria-label="Retry bad.pdf"]') as Element);
    expect(actions.pause).toHaveBeenCalledWith(item.id);
    expect(actions.cancel).toHaveBeenCalledWith(item.id);
    expect(actions.retry).toHaveBeenCalledWith(failed.id);
  });

  it('reads items and actions from the context, and shows no buttons without actions', () => {
    const item = makeItem({ name: 'ctx.pdf', status: 'paused' });
    const context = fakeContext([item]);
    const inContext = render(
      <UploaderContext.Provider value={context}>
        <FileList />
      </UploaderContext.Provider>,
    );
    click(inContext.container.querySelector('[aria-label="Resume ctx.pdf"]') as Element);
    expect(context.actions.resume).toHaveBeenCalledWith(item.id);
    const alone = render(<FileList items={[item]} />);
    expect(alone.container.querySelectorAll('button')).toHaveLength(0);
  });

  it('a row: name, folder, size, progress, speed and time left; the error in plain words', () => {
    const items = [
      makeItem({
        name: 'c.txt',
        relativePath: '/A/b/c.txt',
        status: 'uploading',
        size: 10_000_000,
        bytesUploaded: 2_500_000,
        speed: 1_200_000,
        timeLeft: 200,
      }),
      makeItem({ name: 'bad.pdf', status: 'failed', error: quotaError() }),
    ];
    const { container } = render(<FileList items={items} />);
    const [uploading, failed] = rowsOf(container);
    expect(text(uploading?.querySelector('.su-file__name .su-visually-hidden'))).toBe('c.txt');
    expect(uploading?.querySelector('.su-file__name')?.getAttribute('title')).toBe('c.txt');
    expect(text(uploading?.querySelector('.su-file__folder'))).toBe('A/b');
    expect(text(uploading?.querySelector('.su-file__size'))).toBe('2.5 MB of 10 MB');
    expect(text(uploading?.querySelector('.su-file__meta'))).toBe('Uploading1.2 MB/s3 min 20 s left');
    const bar = uploading?.querySelector('[role="progressbar"]');
    expect(bar?.getAttribute('aria-valuenow')).toBe('25');
    expect(bar?.getAttribute('aria-label')).toBe('Progress of c.txt');
    expect(text(failed?.querySelector('.su-file__status'))).toBe('Failed');
    expect(text(failed?.querySelector('.su-file__error'))).toBe('Quota exceeded: the space is full.');
  });

  it('re-renders only the row whose item changed', () => {
    const progressLabel = vi.fn((name: string) => `Progress of ${name}`);
    const messages = mergeMessages(messagesEn, { progressLabel });
    const items = many(50);
    const { rerender } = render(<FileList items={items} messages={messages} />);
    const firstRender = progressLabel.mock.calls.length;
    expect(firstRender).toBeGreaterThan(5);
    progressLabel.mockClear();
    const next = items.slice();
    next[3] = { ...(items[3] as UploadItem), bytesUploaded: 500_000 };
    rerender(<FileList items={next} messages={messages} />);
    expect(progressLabel.mock.calls).toEqual([['f3.bin']]);
  });

  it('Up/Down/Home/End move focus between rows (roving tab stop), scrolling as needed', () => {
    const { container } = render(<FileList items={many(10_000)} />);
    const rows = rowsOf(container);
    expect(rows.filter((row) => row.tabIndex === 0)).toHaveLength(1);
    rows[0]?.focus();
    key(rows[0] as Element, 'keydown', 'ArrowDown');
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('2');
    key(document.activeElement as Element, 'keydown', 'ArrowUp');
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('1');
    key(document.activeElement as Element, 'keydown', 'End');
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('10000');
    expect(rowsOf(container).length).toBeLessThan(40);
    const focused = rowsOf(container).filter((row) => row.tabIndex === 0);
    expect(focused.map((row) => row.getAttribute('aria-posinset'))).toEqual(['10000']);
    key(document.activeElement as Element, 'keydown', 'Home');
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('1');
  });

  it('arrow keys from a button inside a row move to the next row', () => {
    const { container } = render(<FileList items={many(20)} actions={fakeActions()} />);
    const pause = container.querySelector('[aria-label="Pause f0.bin"]') as HTMLElement;
    pause.focus();
    key(pause, 'keydown', 'ArrowDown');
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('2');
  });

  it('says so when there are no files', () => {
    const { container } = render(<FileList items={[]} />);
    expect(text(container)).toBe('No files yet');
    expect(container.querySelector('ul')).toBeNull();
  });
});
