import { describe, expect, it, vi } from 'vitest';
import { UploadError } from '../../src/core/errors.ts';
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
      makeItem({
        name: 'damaged.pdf',
        status: 'failed',
        error: new UploadError('the file arrived damaged', { kind: 'integrity' }),
      }),
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
      // Damaged on arrival: the retry uploads a fresh copy, and says so.
      ['Upload damaged.pdf again', 'Cancel damaged.pdf'],
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
        path: '/Docs/A/b/c.txt',
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
    // The file of a dropped folder is listed under its folder's row once that is expanded.
    click(container.querySelector('[aria-label="Files in A"]') as Element);
    const [, uploading, failed] = rowsOf(container);
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

  it("a dropped folder of 5,000 files is one row whose progress is its files', expandable without 5,000 DOM rows", () => {
    // 1,204 done, 3 failed, one uploading halfway, the rest waiting; 1,000 bytes each.
    const files = Array.from({ length: 5000 }, (_, i) =>
      makeItem({
        name: `p${i}.jpg`,
        path: `/Docs/Photos/y/p${i}.jpg`,
        relativePath: `/Photos/y/p${i}.jpg`,
        size: 1000,
        ...(i < 1204
          ? { status: 'done' as const, bytesUploaded: 1000 }
          : i < 1207
            ? { status: 'failed' as const, error: quotaError() }
            : i === 1207
              ? { status: 'uploading' as const, bytesUploaded: 500 }
              : {}),
      }),
    );
    const loose = makeItem({ name: 'loose.txt' });
    const { container } = render(<FileList items={[loose, ...files]} />);
    const rows = rowsOf(container);
    expect(rows).toHaveLength(2);
    const folder = rows[1]?.querySelector('.su-folder') as HTMLElement;
    expect(text(folder.querySelector('.su-file__name .su-visually-hidden'))).toBe('Photos');
    expect(text(folder.querySelector('.su-file__meta'))).toBe('1,204 of 5,000 files3 failed');
    expect(text(folder.querySelector('.su-file__size'))).toBe('1.2 MB of 5 MB');
    // The bar is the files' bytes: (1,204 × 1,000 + 500) of 4,997 × 1,000 (the failed ones left out).
    const bar = folder.querySelector('[role="progressbar"]') as HTMLElement;
    expect(bar.getAttribute('aria-label')).toBe('Progress of Photos');
    expect(bar.getAttribute('aria-valuenow')).toBe(String(Math.floor(((1204 * 1000 + 500) / 4_997_000) * 100)));
    expect(folder.getAttribute('data-status')).toBe('uploading');

    const toggle = folder.querySelector('button[aria-expanded]') as HTMLElement;
    expect(toggle.getAttribute('aria-label')).toBe('Files in Photos');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.getAttribute('aria-controls')).toBe(container.querySelector('ul')?.id);
    click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const open = rowsOf(container);
    expect(open.length).toBeLessThan(40);
    expect(open[0]?.getAttribute('aria-setsize')).toBe('5002');
    expect(open[2]?.classList.contains('su-file-row--nested')).toBe(true);
    expect(text(open[2]?.querySelector('.su-file__name .su-visually-hidden'))).toBe('p0.jpg');
    expect(text(open[2]?.querySelector('.su-file__folder'))).toBe('Photos/y');

    // Left closes, Right opens (the tree convention), from the focused row.
    const folderItem = rowsOf(container)[1] as HTMLElement;
    key(folderItem, 'keydown', 'ArrowLeft');
    expect(rowsOf(container)).toHaveLength(2);
    key(folderItem, 'keydown', 'ArrowRight');
    expect(rowsOf(container).length).toBeGreaterThan(2);
    // From the button inside the row too; Down still moves to the next row.
    key(toggle, 'keydown', 'ArrowLeft');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('a folder whose empty subfolder was not created is not done: it says so, and lists it from the drop', () => {
    const beach = makeItem({
      name: 'beach.jpg',
      path: '/Photos/Trip/beach.jpg',
      relativePath: '/Trip/beach.jpg',
      status: 'done',
      bytesUploaded: 1_000_000,
    });
    const folderErrors = [
      {
        spaceId: beach.spaceId,
        path: '/Photos/Trip/Drafts',
        error: new UploadError('403', { status: 403, method: 'MKCOL' }),
      },
    ];
    const { container } = render(<FileList items={[beach]} folderErrors={folderErrors} />);
    const folder = container.querySelector('.su-folder') as HTMLElement;
    expect(folder.getAttribute('data-status')).toBe('failed');
    // Its bytes are all in: a full bar, not a red 99 %; the failure is said in red beside the name.
    const bar = folder.querySelector('[role="progressbar"]');
    expect(bar?.getAttribute('aria-valuenow')).toBe('100');
    expect(bar?.getAttribute('data-status')).toBe('done');
    expect(text(folder.querySelector('.su-file__meta'))).toBe('1 of 1 file1 folder could not be created');
    click(folder.querySelector('button[aria-expanded]') as Element);
    const [, drafts, file] = rowsOf(container);
    expect(text(drafts?.querySelector('.su-file__name .su-visually-hidden'))).toBe('Drafts');
    expect(text(drafts?.querySelector('.su-file__folder'))).toBe('Trip');
    expect(text(drafts?.querySelector('.su-file__status'))).toBe("The folder was not created. You can't upload here.");
    expect(text(file?.querySelector('.su-file__folder'))).toBe('Trip');
  });

  it('says so when there are no files', () => {
    const { container } = render(<FileList items={[]} />);
    expect(text(container)).toBe('No files yet');
    expect(container.querySelector('ul')).toBeNull();
  });
});
