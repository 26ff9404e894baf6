import { describe, expect, it } from 'vitest';
import type { UploadErrorKind } from '../../src/core/errors.ts';
import { FILE_STATUSES } from '../../src/core/state.ts';
import { mergeMessages, messagesEn } from '../../src/react/messages.ts';
import { messagesDe } from '../../src/react/messages-de.ts';

const KINDS: UploadErrorKind[] = [
  'unauthorized',
  'forbidden',
  'expired',
  'not-found',
  'conflict',
  'precondition',
  'locked',
  'rate-limited',
  'quota',
  'server',
  'network',
  'invalid',
  'invalid-name',
  'integrity',
  'unreadable',
  'aborted',
];

describe('messages', () => {
  it('English and German have the same keys, every error kind and every status', () => {
    expect(Object.keys(messagesDe).sort()).toEqual(Object.keys(messagesEn).sort());
    for (const messages of [messagesEn, messagesDe]) {
      for (const kind of KINDS) expect(messages.errors[kind]).toMatch(/\S/);
      for (const status of FILE_STATUSES) expect(messages.fileStatus[status]).toMatch(/\S/);
      expect(Object.keys(messages.batchStatus).sort()).toEqual(
        ['done', 'failed', 'finalizing', 'idle', 'paused', 'preparing', 'uploading'].sort(),
      );
    }
  });

  it('German is its own entry: the main one does not carry it', async () => {
    expect(await import('../../src/react/index.ts')).not.toHaveProperty('messagesDe');
    expect((await import('../../src/react/messages-de.ts')).messagesDe).toBe(messagesDe);
  });

  it('says the errors in plain words', () => {
    expect(messagesEn.errors.quota).toMatch(/quota exceeded/i);
    expect(messagesEn.errors.locked).toMatch(/locked/i);
    // A read-only target refused before upload and a 403 from the server say the same.
    expect(messagesEn.errors.forbidden).toBe("You can't upload here.");
    expect(messagesDe.errors.forbidden).toBe('Sie können hier nicht hochladen.');
    expect(messagesEn.errors['invalid-name']).toBe('This name is not allowed on the server.');
    expect(messagesEn.fileStatus.skipped).toBe('Skipped');
    expect(messagesDe.fileStatus.skipped).toBe('Übersprungen');
    expect(messagesEn.errors.precondition).toMatch(/parent folder is missing/i);
    expect(messagesEn.errors.network).toMatch(/network connection lost/i);
    expect(messagesEn.errors.expired).toMatch(/expired/i);
    expect(messagesEn.errors.unauthorized).toMatch(/sign in again/i);
    expect(messagesDe.errors.quota).toMatch(/Speicherplatz voll/);
    expect(messagesDe.errors.locked).toMatch(/gesperrt/);
  });

  it('names the file in every icon button label, in both languages', () => {
    for (const m of [messagesEn, messagesDe]) {
      for (const label of [m.pauseFile, m.resumeFile, m.cancelFile, m.retryFile, m.copyDetailsOf, m.progressLabel]) {
        expect(label('report.pdf')).toContain('report.pdf');
      }
      // Label in name: the accessible name of "Copy details" contains its visible text.
      expect(m.copyDetailsOf('report.pdf')).toContain(m.copyDetails);
      expect(m.interruptedForgetFile('report.pdf')).toContain('report.pdf');
      expect(m.interruptedForgetFile('report.pdf')).toContain(m.interruptedForget);
    }
    expect(messagesEn.pauseFile('report.pdf')).toBe('Pause report.pdf');
    expect(messagesDe.pauseFile('report.pdf')).toBe('report.pdf pausieren');
  });

  it('counts with plurals and locale grouping', () => {
    expect(messagesEn.announceProgress(3, 10, 42)).toBe('3 of 10 files uploaded, 42%');
    expect(messagesEn.announceFailed(1, 3)).toBe('1 file failed');
    expect(messagesEn.announceFailed(2, 3)).toBe('2 files failed');
    expect(messagesEn.announceDone(10)).toBe('All files uploaded');
    expect(messagesEn.filesAdded(10_000, 2)).toBe('10,000 files added, 2 empty folders');
    expect(messagesDe.filesAdded(1, 0)).toBe('1 Datei hinzugefügt');
    expect(messagesDe.filesAdded(10_000, 1)).toBe('10.000 Dateien hinzugefügt, 1 leerer Ordner');
    expect(messagesDe.announceProgress(3, 10, 42)).toMatch(/^3 von 10 Dateien hochgeladen, 42\s%$/);
    expect(messagesDe.statusCount('uploading', 1)).toBe('1 wird hochgeladen');
    expect(messagesDe.statusCount('uploading', 2)).toBe('2 werden hochgeladen');
  });

  it('mergeMessages replaces one string and keeps the rest', () => {
    const merged = mergeMessages(messagesEn, { pauseAll: 'Hold everything' });
    expect(merged.pauseAll).toBe('Hold everything');
    expect(merged.resumeAll).toBe(messagesEn.resumeAll);
    expect(merged.errors).toBe(messagesEn.errors);
    expect(messagesEn.pauseAll).toBe('Pause all');
  });

  it('mergeMessages merges the records entry by entry and ignores undefined', () => {
    const merged = mergeMessages(messagesDe, {
      errors: { quota: 'Kein Platz mehr.' },
      fileStatus: { done: 'Fertig' },
      locale: undefined,
      pauseFile: (name) => `Halt ${name}`,
    });
    expect(merged.errors.quota).toBe('Kein Platz mehr.');
    expect(merged.errors.locked).toBe(messagesDe.errors.locked);
    expect(merged.fileStatus.done).toBe('Fertig');
    expect(merged.fileStatus.failed).toBe('Fehlgeschlagen');
    expect(merged.locale).toBe('de');
    expect(merged.pauseFile('a.txt')).toBe('Halt a.txt');
    expect(messagesDe.errors.quota).not.toBe('Kein Platz mehr.');
  });

  it('mergeMessages accepts a Partial of the full type and returns the base without one', () => {
    const partial: Partial<typeof messagesEn> = { copied: 'Done!' };
    expect(mergeMessages(messagesEn, partial).copied).toBe('Done!');
    expect(mergeMessages(messagesEn, undefined)).toBe(messagesEn);
  });

  it('German has its own words for every key added with the checks before upload', () => {
    // Sample arguments per key: each message is called with them in both languages.
    const samples: Record<string, unknown[]> = {
      waitingForSpace: [],
      savedAs: ['report (1).pdf', 'report.pdf'],
      replacesExisting: [],
      caseCollision: ['/Docs/Report.pdf'],
      checkingTarget: [],
      creatingFolders: [3, 12],
      conflictTitle: ['file', 'file', 'report.pdf', '/Docs'],
      conflictFileSizes: ['1 MB', '2 MB'],
      conflictFolderContent: [12, '3 MB'],
      conflictReplace: [],
      conflictReplaceHint: [],
      conflictKeepBoth: [],
      conflictKeepBothHint: ['file', 'report (1).pdf'],
      conflictMerge: [],
      conflictMergeHint: [],
      conflictSkip: [],
      conflictSkipHint: ['folder'],
      conflictApplyToAll: ['file', 3],
      conflictCancelUpload: [],
      conflictChoices: [],
      holdNotEnoughSpace: ['Archive', '600 KB', '262 KB', '338 KB'],
      holdSpaceFull: ['Archive'],
      holdFilesWaiting: [3],
      holdTryAgain: [],
      holdCancelFiles: [],
      interruptedTitle: [],
      interruptedHint: [],
      interruptedStarted: ['5 minutes ago', false],
      interruptedForget: [],
      interruptedForgetFile: ['report.pdf'],
      interruptedForgetAll: [],
    };
    const say = (messages: typeof messagesEn, key: string) => {
      const value = (messages as unknown as Record<string, unknown>)[key];
      return typeof value === 'function' ? (value as (...a: unknown[]) => string)(...(samples[key] ?? [])) : value;
    };
    for (const key of Object.keys(samples)) {
      expect(key in messagesEn, key).toBe(true);
      const english = say(messagesEn, key);
      const german = say(messagesDe, key);
      expect(english, key).toMatch(/\S/);
      expect(german, key).toMatch(/\S/);
      expect(german, key).not.toBe(english);
    }
    expect(messagesDe.errors['invalid-name']).not.toBe(messagesEn.errors['invalid-name']);
    expect(messagesDe.statusCount('skipped', 2)).toBe('2 übersprungen');
    expect(messagesEn.statusCount('skipped', 2)).toBe('2 skipped');
  });

  it('says the planning texts as specified', () => {
    expect(messagesEn.conflictTitle('file', 'file', 'report.pdf', '/Docs')).toBe(
      '“report.pdf” already exists in /Docs',
    );
    expect(messagesEn.conflictTitle('folder', 'folder', 'Photos', '/Docs')).toBe(
      'A folder “Photos” already exists in /Docs',
    );
    expect(messagesEn.holdNotEnoughSpace('Archive', '600 KB', '262.1 KB', '337.9 KB')).toBe(
      'Not enough space in Archive: 600 KB needed, 262.1 KB free (337.9 KB missing). Free up space, then try again.',
    );
    expect(messagesEn.holdSpaceFull('Archive')).toBe('Archive is full. Free up space, then try again.');
    expect(messagesEn.holdFilesWaiting(3)).toBe('3 files are waiting.');
    expect(messagesEn.creatingFolders(3, 12)).toBe('Creating folders 3 of 12');
    expect(messagesEn.checkingTarget).toBe('Checking the target…');
    expect(messagesEn.conflictApplyToAll('file', 3)).toBe('Do this for the 3 other file conflicts');
    expect(messagesEn.conflictApplyToAll('folder', 2)).toBe('Do this for the 2 other folder conflicts');
  });
});
