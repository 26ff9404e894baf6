/**
 * A folder row's own controls (issue: a 5,000-file folder could only be paused or canceled file by file or as the
 * whole batch), and the tree's Left key on the rows inside an open folder.
 */
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { UploadError } from '../../src/core/errors.ts';
import type { UploadItem } from '../../src/core/state.ts';
import { FileList } from '../../src/react/FileList.tsx';
import { messagesDe } from '../../src/react/messages-de.ts';
import { click, fakeActions, key, labels, makeItem, quotaError, render, text } from './helpers.tsx';

/** A file of the dropped folder "Photos" (in /Docs). */
const photo = (name: string, more: Partial<UploadItem> = {}) =>
  makeItem({ name, path: `/Docs/Photos/${name}`, relativePath: `/Photos/${name}`, ...more });
/** Focus moves the list's roving tab stop (a state update). */
const focus = (element: HTMLElement | undefined) => act(() => element?.focus());
const rowsOf = (container: HTMLElement) => Array.from(container.querySelectorAll<HTMLElement>('li[data-su-row]'));
const folderOf = (container: HTMLElement) => container.querySelector('.su-folder') as HTMLElement;
const folderButtons = (container: HTMLElement) => labels(folderOf(container), 'button:not([aria-expanded])');

describe('a folder row’s controls', () => {
  it('while its files go: Pause and Cancel, acting on that folder’s files only, as one list', () => {
    const actions = fakeActions();
    const loose = makeItem({ name: 'loose.txt', status: 'uploading' });
    const a = photo('a.jpg', { status: 'uploading', bytesUploaded: 10 });
    const b = photo('b.jpg', { status: 'queued' });
    const c = photo('c.jpg', { status: 'done' });
    const { container } = render(<FileList items={[loose, a, b, c]} actions={actions} />);
    expect(folderButtons(container)).toEqual(['Pause Photos', 'Cancel Photos']);
    click(folderOf(container).querySelector('[data-action="pause"]') as Element);
    expect(actions.pause.mock.calls).toEqual([[[a.id, b.id]]]);
    click(folderOf(container).querySelector('[data-action="cancel"]') as Element);
    expect(actions.cancel.mock.calls).toEqual([[[a.id, b.id]]]);
  });

  it('paused: Resume instead of Pause (never both), for the files the user paused', () => {
    const actions = fakeActions();
    const a = photo('a.jpg', { status: 'paused' });
    const held = photo('b.jpg', { status: 'paused', hold: 'quota', error: quotaError() });
    const c = photo('c.jpg', { status: 'done' });
    const { container, rerender } = render(<FileList items={[a, held, c]} actions={actions} />);
    expect(folderButtons(container)).toEqual(['Resume Photos', 'Cancel Photos']);
    click(folderOf(container).querySelector('[data-action="resume"]') as Element);
    expect(actions.resume.mock.calls).toEqual([[[a.id]]]);
    // Only waiting for free space: the hold's banner has the button; the folder offers no Resume.
    rerender(<FileList items={[held, c]} actions={actions} />);
    expect(folderButtons(container)).toEqual(['Cancel Photos']);
  });

  it('with failed files: Retry for them; Cancel only while something is unfinished', () => {
    const actions = fakeActions();
    const failed = [1, 2].map((i) =>
      photo(`f${i}.jpg`, { status: 'failed', error: new UploadError('500', { status: 500 }) }),
    );
    const done = photo('d.jpg', { status: 'done' });
    const queued = photo('q.jpg', { status: 'queued' });
    const { container, rerender } = render(<FileList items={[...failed, done]} actions={actions} />);
    expect(folderButtons(container)).toEqual(['Retry failed files in Photos']);
    click(folderOf(container).querySelector('[data-action="retry"]') as Element);
    expect(actions.retry.mock.calls).toEqual([[failed.map((f) => f.id)]]);
    rerender(<FileList items={[...failed, done, queued]} actions={actions} />);
    expect(folderButtons(container)).toEqual(['Pause Photos', 'Retry failed files in Photos', 'Cancel Photos']);
    // All done: nothing to do.
    rerender(<FileList items={[done]} actions={actions} />);
    expect(folderButtons(container)).toEqual([]);
  });

  it('names the folder in German too; without actions (items given alone) no buttons', () => {
    const a = photo('a.jpg', { status: 'uploading' });
    const f = photo('f.jpg', { status: 'failed', error: new UploadError('500', { status: 500 }) });
    const de = render(<FileList items={[a, f]} actions={fakeActions()} messages={messagesDe} />);
    expect(folderButtons(de.container)).toEqual([
      'Photos pausieren',
      'Fehlgeschlagene Dateien in Photos wiederholen',
      'Photos abbrechen',
    ]);
    const paused = render(
      <FileList items={[photo('p.jpg', { status: 'paused' })]} actions={fakeActions()} messages={messagesDe} />,
    );
    expect(folderButtons(paused.container)).toEqual(['Photos fortsetzen', 'Photos abbrechen']);
    const alone = render(<FileList items={[a, f]} />);
    expect(folderButtons(alone.container)).toEqual([]);
  });

  it('its buttons are reachable with Tab, and Right and Left on them still open and close the folder', () => {
    const a = photo('a.jpg', { status: 'uploading' });
    const { container } = render(<FileList items={[a, photo('b.jpg')]} actions={fakeActions()} />);
    const buttons = Array.from(folderOf(container).querySelectorAll<HTMLElement>('button'));
    expect(buttons.map((b) => [b.tabIndex, b.getAttribute('data-action')])).toEqual([
      [0, 'toggle'],
      [0, 'pause'],
      [0, 'cancel'],
    ]);
    const toggle = buttons[0] as HTMLElement;
    const pause = buttons[1] as HTMLElement;
    focus(pause);
    key(pause, 'keydown', 'ArrowRight');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(pause);
    key(pause, 'keydown', 'ArrowLeft');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });
});

describe('Left inside an open folder', () => {
  it('moves from a file of the folder (or a button in it) to the folder’s row; a loose file stays', () => {
    const loose = makeItem({ name: 'loose.txt' });
    const files = Array.from({ length: 30 }, (_, i) => photo(`p${i}.jpg`, { status: 'uploading' }));
    const after = makeItem({ name: 'after.txt' });
    const { container } = render(<FileList items={[loose, ...files, after]} actions={fakeActions()} />);
    click(folderOf(container).querySelector('button[aria-expanded]') as Element);
    const folderRow = () => rowsOf(container).find((row) => row.querySelector('.su-folder')) as HTMLElement;
    const row = (name: string) =>
      rowsOf(container).find(
        (r) => text(r.querySelector('.su-file__name .su-visually-hidden')) === name,
      ) as HTMLElement;

    focus(row('p2.jpg'));
    key(row('p2.jpg'), 'keydown', 'ArrowLeft');
    expect(document.activeElement).toBe(folderRow());
    expect(folderRow().tabIndex).toBe(0);
    // The folder stays open: a second Left closes it (the folder row's own key).
    expect(rowsOf(container).length).toBeGreaterThan(3);

    // From a button of a file further down (the folder row scrolled out of the rendered range and back).
    key(folderRow(), 'keydown', 'End');
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('33');
    key(document.activeElement as Element, 'keydown', 'ArrowUp');
    const cancel = row('p29.jpg').querySelector('[data-action="cancel"]') as HTMLElement;
    focus(cancel);
    key(cancel, 'keydown', 'ArrowLeft');
    expect(document.activeElement).toBe(folderRow());
    expect(folderRow().getAttribute('aria-posinset')).toBe('2');

    // A loose file has no parent row: Left does nothing.
    focus(row('loose.txt'));
    key(row('loose.txt'), 'keydown', 'ArrowLeft');
    expect(document.activeElement).toBe(row('loose.txt'));
  });

  it('moves from an uncreated empty folder listed inside it to the folder’s row', () => {
    const beach = photo('beach.jpg', { status: 'done', bytesUploaded: 1_000_000 });
    const folderErrors = [
      { spaceId: beach.spaceId, path: '/Docs/Photos/Drafts', error: new UploadError('403', { status: 403 }) },
    ];
    const { container } = render(<FileList items={[beach]} folderErrors={folderErrors} />);
    click(folderOf(container).querySelector('button[aria-expanded]') as Element);
    const [folder, drafts] = rowsOf(container);
    expect(drafts?.querySelector('[data-folder-error]')).not.toBeNull();
    focus(drafts);
    key(drafts as Element, 'keydown', 'ArrowLeft');
    expect(document.activeElement).toBe(folder);
  });
});
