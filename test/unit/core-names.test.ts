import { describe, expect, it } from 'vitest';
import {
  caseCollisions,
  describeNameProblem,
  keepBothName,
  nameProblem,
  splitExtension,
} from '../../src/core/names.ts';

describe('nameProblem: the server rules, checked before upload', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['.', 'dot'],
    ['..', 'dot'],
    ['a/b', 'slash'],
    ['a\\b.txt', 'backslash'],
    ['line\nbreak', 'control'],
    ['tab\there', 'control'],
    ['del\u007f', 'control'],
    ['x'.repeat(256), 'too-long'],
    ['ü'.repeat(128), 'too-long'], // 256 bytes in UTF-8
  ])('%j → %s', (name, problem) => {
    expect(nameProblem(name)).toBe(problem);
  });

  it.each(['a.txt', '.bashrc', '...', 'x'.repeat(255), 'ü'.repeat(127), 'Résumé (final).pdf', '日本語.txt'])(
    '%j is fine',
    (name) => {
      expect(nameProblem(name)).toBeUndefined();
    },
  );

  it('describes each problem naming the file', () => {
    expect(describeNameProblem('a\\b.txt', 'backslash')).toContain('"a\\\\b.txt"');
    expect(describeNameProblem('x', 'too-long')).toContain('255 bytes');
  });
});

describe('keepBothName: the next number free', () => {
  const taken = (...names: string[]) => {
    const set = new Set(names);
    return (candidate: string) => set.has(candidate);
  };
  it('adds (1) before the extension', () => {
    expect(keepBothName('report.pdf', taken('report.pdf'))).toBe('report (1).pdf');
  });
  it('skips numbers already taken', () => {
    expect(keepBothName('report.pdf', taken('report.pdf', 'report (1).pdf', 'report (2).pdf'))).toBe('report (3).pdf');
  });
  it('counts on from a name that already has a number', () => {
    expect(keepBothName('report (1).pdf', taken('report (1).pdf'))).toBe('report (2).pdf');
  });
  it('treats dot files and folders as having no extension', () => {
    expect(keepBothName('.bashrc', taken())).toBe('.bashrc (1)');
    expect(keepBothName('v1.2', taken(), true)).toBe('v1.2 (1)');
  });
  it('stays within 255 bytes', () => {
    const long = `${'a'.repeat(251)}.txt`;
    const renamed = keepBothName(long, taken());
    expect(new TextEncoder().encode(renamed).length).toBeLessThanOrEqual(255);
    expect(renamed.endsWith(' (1).txt')).toBe(true);
  });
  it('shortens by whole characters: no emoji or accent cut in half near 255 bytes', () => {
    for (const long of [`${'😀'.repeat(62)}ab.txt`, `${'👩‍👩‍👧'.repeat(13)}.txt`, `${'e\u0301'.repeat(80)}.txt`]) {
      const renamed = keepBothName(long, taken());
      expect(new TextEncoder().encode(renamed).length).toBeLessThanOrEqual(255);
      expect(/\p{Cs}/u.test(renamed)).toBe(false); // no lone surrogate
      expect(() => encodeURIComponent(renamed)).not.toThrow();
      expect(renamed.endsWith(' (1).txt')).toBe(true);
      // What is left of the name is a run of whole characters of the original.
      const kept = renamed.slice(0, -' (1).txt'.length);
      expect(long.startsWith(kept)).toBe(true);
      expect(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(long).containing(kept.length)?.index).toBe(
        kept.length,
      );
    }
  });
  it('splitExtension', () => {
    expect(splitExtension('a.tar.gz')).toEqual(['a.tar', '.gz']);
    expect(splitExtension('noext')).toEqual(['noext', '']);
  });
});

describe('caseCollisions', () => {
  it('groups paths that differ only by case (NFC first)', () => {
    expect(caseCollisions(['/A/x.txt', '/a/X.txt', '/b.txt', '/B.TXT', '/c.txt', '/Cafe\u0301', '/café'])).toEqual([
      ['/A/x.txt', '/a/X.txt'],
      ['/B.TXT', '/b.txt'],
      ['/Cafe\u0301', '/café'],
    ]);
  });
});
