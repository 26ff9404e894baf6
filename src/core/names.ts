/**
 * File and folder names as the server accepts them, checked before a byte moves; and the names "keep both"
 * picks (`report (1).pdf`, the next number free).
 */

/** Why a name cannot be uploaded (the oCIS rules: the server answers 412 or 400 for these). */
export type NameProblem = 'empty' | 'dot' | 'slash' | 'backslash' | 'control' | 'too-long';

/** The server's limit, in UTF-8 bytes. */
export const MAX_NAME_BYTES = 255;

const encoder = new TextEncoder();
/** Over the server's byte limit. A UTF-16 unit is at most 3 UTF-8 bytes: short names need no encoding. */
const tooLong = (text: string): boolean =>
  text.length * 3 > MAX_NAME_BYTES && encoder.encode(text).length > MAX_NAME_BYTES;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** `undefined` when the (NFC) name is fine. */
export function nameProblem(name: string): NameProblem | undefined {
  if (name.trim() === '') return 'empty';
  if (name === '.' || name === '..') return 'dot';
  if (name.includes('/')) return 'slash';
  if (name.includes('\\')) return 'backslash';
  if (CONTROL.test(name)) return 'control';
  if (tooLong(name)) return 'too-long';
  return undefined;
}

/** The reason in plain words, naming the file. */
export function describeNameProblem(name: string, problem: NameProblem): string {
  const shown = JSON.stringify(name);
  switch (problem) {
    case 'empty':
      return 'a name must not be empty';
    case 'dot':
      return `${shown} is not a valid name`;
    case 'slash':
      return `${shown} contains "/", which cannot be part of a name`;
    case 'backslash':
      return `${shown} contains "\\", which the server does not allow`;
    case 'control':
      return `${shown} contains a control character (such as a line break)`;
    case 'too-long':
      return `${shown} is longer than ${MAX_NAME_BYTES} bytes`;
  }
}

/** `report.pdf` → `['report', '.pdf']`; `.bashrc` → `['.bashrc', '']`; `A` → `['A', '']`. */
export function splitExtension(name: string, isFolder = false): [string, string] {
  if (isFolder) return [name, ''];
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? [name, ''] : [name.slice(0, dot), name.slice(dot)];
}

/**
 * The name "keep both" gives: `report (1).pdf`, with the lowest number not in `taken` (compared the way the
 * caller stores them). A name that already ends in ` (n)` counts on from its base: `report (1).pdf` →
 * `report (2).pdf`. Stays within the server's length limit by shortening the base.
 */
export function keepBothName(name: string, taken: (candidate: string) => boolean, isFolder = false): string {
  const [stem, extension] = splitExtension(name, isFolder);
  const base = stem.replace(/ \(\d+\)$/, '') || stem;
  let characters: string[] | undefined;
  for (let n = 1; ; n++) {
    const suffix = ` (${n})${extension}`;
    let candidate = base + suffix;
    if (tooLong(candidate)) {
      // Shortened by whole characters (an emoji or an accented letter is never cut in half).
      characters ??= graphemes(base);
      let keep = characters.length;
      while (keep > 1 && tooLong(characters.slice(0, keep).join('') + suffix)) keep--;
      candidate = characters.slice(0, keep).join('') + suffix;
    }
    if (!taken(candidate)) return candidate;
  }
}

/** User-perceived characters (code points where `Intl.Segmenter` is missing). */
function graphemes(text: string): string[] {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl)
    return Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text), (s) => s.segment);
  return Array.from(text);
}

/** Groups of paths that differ only by case (each group sorted, groups in order of first appearance). */
export function caseCollisions(paths: Iterable<string>): string[][] {
  const groups = new Map<string, Set<string>>();
  for (const path of paths) {
    const key = path.normalize('NFC').toLocaleLowerCase('en');
    const group = groups.get(key) ?? new Set<string>();
    group.add(path);
    groups.set(key, group);
  }
  return [...groups.values()].filter((g) => g.size > 1).map((g) => [...g].sort());
}
