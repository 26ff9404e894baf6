/** What the checks before upload decided, shown in the file's row: skipped, renamed, replacing, case, waiting for space. */
import { describe, expect, it } from 'vitest';
import { UploadError } from '../../src/core/errors.ts';
import type { UploadItem } from '../../src/core/state.ts';
import { FileList } from '../../src/react/FileList.tsx';
import { messagesDe } from '../../src/react/messages-de.ts';
import { click, fakeActions, makeItem, render, text } from './helpers.tsx';

function row(item: UploadItem, messages?: typeof messagesDe) {
  const { container } = render(<FileList items={[item]} actions={fakeActions()} messages={messages} />);
  return container.querySelector('.su-file') as HTMLElement;
}

/** The row of a file of a dropped folder: listed under its folder's row once that is expanded. */
function rowInFolder(item: UploadItem) {
  const { container } = render(<FileList items={[item]} actions={fakeActions()} />);
  click(container.querySelector('.su-folder button[aria-expanded]') as Element);
  return container.querySelector('.su-file-row--nested .su-file') as HTMLElement;
}

const notes = (element: HTMLElement) => Array.from(element.querySelectorAll('.su-file__note')).map((n) => text(n));

describe('FileRow after the checks before upload', () => {
  it('a skipped file says "Skipped", with its own icon, and offers no buttons', () => {
    const element = row(makeItem({ name: 'report.pdf', status: 'skipped' }));
    expect(element.getAttribute('data-status')).toBe('skipped');
    expect(text(element.querySelector('.su-file__status'))).toBe('Skipped');
    expect(element.querySelector('.su-status-icon--skipped svg path')).not.toBeNull();
    expect(element.querySelectorAll('button')).toHaveLength(0);
  });

  it('a file whose size the browser has not told yet says so instead of "0 B", and its size once known', () => {
    const pending = row(makeItem({ name: 'big.iso', status: 'preparing', size: 0, measured: false }));
    expect(text(pending.querySelector('.su-file__size'))).toBe('Reading size…');
    const german = row(makeItem({ name: 'big.iso', status: 'preparing', size: 0, measured: false }), messagesDe);
    expect(text(german.querySelector('.su-file__size'))).toBe('Größe wird gelesen…');
    const known = row(makeItem({ name: 'big.iso', status: 'preparing', size: 2_000_000, measured: true }));
    expect(text(known.querySelector('.su-file__size'))).toBe('2 MB');
  });

  it('"keep both": names the new name and the one that exists', () => {
    const element = row(
      makeItem({ name: 'report (1).pdf', path: '/Docs/report (1).pdf', renamedFrom: '/Docs/report.pdf' }),
    );
    expect(notes(element)).toEqual(['Saved as “report (1).pdf” (“report.pdf” exists)']);
    expect(element.querySelector('.su-file__note')?.getAttribute('title')).toBe(notes(element)[0]);
  });

  it('"keep both" of a folder above the file: names the renamed folder', () => {
    const element = rowInFolder(
      makeItem({
        name: 'a.jpg',
        path: '/Docs/Photos (1)/a.jpg',
        relativePath: '/Photos (1)/a.jpg',
        renamedFrom: '/Docs/Photos/a.jpg',
      }),
    );
    expect(notes(element)).toEqual(['Saved as “/Docs/Photos (1)” (“/Docs/Photos” exists)']);
  });

  it('"replace": a new version of the existing file', () => {
    const element = row(makeItem({ name: 'report.pdf', replaces: true, status: 'uploading', bytesUploaded: 5 }));
    expect(notes(element)).toEqual(['Replaces the existing file (new version)']);
  });

  it('a name that differs only by case: a warning naming the other path', () => {
    const element = row(makeItem({ name: 'Report.pdf', caseCollision: '/Docs/report.pdf' }));
    const warning = element.querySelector('.su-file__note--warning');
    expect(text(warning)).toBe('Differs only in upper/lower case from /Docs/report.pdf');
  });

  it('no notes for a plain file, nor for a skipped one', () => {
    expect(notes(row(makeItem({ name: 'plain.txt' })))).toEqual([]);
    expect(notes(row(makeItem({ name: 'x.txt', status: 'skipped', renamedFrom: '/Docs/y.txt' })))).toEqual([]);
  });

  it('waiting for free space instead of "Paused"; a paused file the user paused still says "Paused"', () => {
    const waiting = row(makeItem({ name: 'big.bin', status: 'paused', hold: 'quota' }));
    expect(text(waiting.querySelector('.su-file__status'))).toBe('Waiting for free space');
    expect(waiting.getAttribute('data-hold')).toBe('quota');
    const paused = row(makeItem({ name: 'small.bin', status: 'paused' }));
    expect(text(paused.querySelector('.su-file__status'))).toBe('Paused');
    expect(paused.hasAttribute('data-hold')).toBe(false);
  });

  it('waiting for sign-in instead of "Paused"', () => {
    const waiting = row(makeItem({ name: 'a.bin', status: 'paused', hold: 'sign-in' }));
    expect(text(waiting.querySelector('.su-file__status'))).toBe('Waiting for sign-in');
  });

  it('a fresh upload after an expired upload link is noted, also once done', () => {
    expect(notes(row(makeItem({ name: 'a.bin', status: 'done', restarts: 1 })))).toEqual([
      'Started over once (the upload link had expired)',
    ]);
    expect(notes(row(makeItem({ name: 'a.bin', status: 'uploading', restarts: 2 }), messagesDe))).toEqual([
      '2-mal neu begonnen (der Upload-Link war abgelaufen)',
    ]);
  });

  it('an invalid name fails with the plain-words reason', () => {
    const element = row(
      makeItem({
        name: 'a\\b.txt',
        status: 'failed',
        error: new UploadError('"a\\\\b.txt" contains "\\\\", which the server does not allow', {
          kind: 'invalid-name',
        }),
      }),
    );
    expect(text(element.querySelector('.su-file__error'))).toBe('This name is not allowed on the server.');
  });

  it('in German', () => {
    const element = row(
      makeItem({
        name: 'report (1).pdf',
        path: '/Docs/report (1).pdf',
        renamedFrom: '/Docs/report.pdf',
        replaces: false,
        caseCollision: '/Docs/REPORT (1).pdf',
        status: 'paused',
        hold: 'quota',
      }),
      messagesDe,
    );
    expect(text(element.querySelector('.su-file__status'))).toBe('Wartet auf freien Speicherplatz');
    expect(notes(element)).toEqual([
      'Gespeichert als „report (1).pdf“ („report.pdf“ existiert)',
      'Unterscheidet sich nur in Groß-/Kleinschreibung von /Docs/REPORT (1).pdf',
    ]);
  });
});
