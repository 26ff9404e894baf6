import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { concatStyles } from '../../vite.config.ts';

const dir = new URL('../../src/react/styles/', import.meta.url);
const parts = readdirSync(dir).filter((name) => name.endsWith('.css') && name !== 'index.css');
const css = concatStyles();
const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');

describe('the published stylesheet (dist/styles.css)', () => {
  it('is every part of src/react/styles/ once, in the order of index.css, with no @import left', () => {
    const order = [...readFileSync(new URL('index.css', dir), 'utf8').matchAll(/^@import "\.\/(.+)";$/gm)].map(
      (m) => m[1],
    );
    expect([...order].sort()).toEqual([...parts].sort());
    const positions = order.map((name) => css.indexOf(readFileSync(new URL(name as string, dir), 'utf8').trim()));
    expect(positions.every((at) => at >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(withoutComments).not.toMatch(/@import/);
  });

  it('declares each token once: light and dark values side by side in light-dark(), no second dark copy', () => {
    const declared = [...withoutComments.matchAll(/(--su-[\w-]+)\s*:/g)].map((m) => m[1]);
    expect(declared.length).toBeGreaterThan(20);
    expect(declared.filter((name, i) => declared.indexOf(name) !== i)).toEqual([]);
    expect(withoutComments).not.toMatch(/prefers-color-scheme/);
    for (const [, name, value] of withoutComments.matchAll(/(--su-color-[\w-]+)\s*:\s*([^;]+);/g)) {
      expect(value, name).toMatch(/^light-dark\(/);
    }
  });

  it('writes colours only in tokens.css: the parts use the tokens (a colour of its own would miss the dark theme)', () => {
    const colour = /#[0-9a-f]{3,8}\b|\b(?:rgb|rgba|hsl|hsla|oklch|lab|color-mix)\(/i;
    const offending = parts
      .filter((name) => name !== 'tokens.css')
      .flatMap((name) =>
        readFileSync(new URL(name, dir), 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .split('\n')
          .filter((line) => colour.test(line))
          .map((line) => `${name}: ${line.trim()}`),
      );
    expect(offending).toEqual([]);
    expect('a { color: #fff; }').toMatch(colour);
  });
});
