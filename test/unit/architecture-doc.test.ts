/**
 * ARCHITECTURE.md is read by newcomers before the code: its file-machine tables are generated from the table in
 * `file-machine.ts`, and its rooms name every file of `src/core/uploader/`, so a change to either that forgets the
 * document fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARCHITECTURE, documentedTables, machineTables } from '../../scripts/machine-table.js';

describe('ARCHITECTURE.md', () => {
  it('has the file machine tables exactly as file-machine.ts has them (npx tsx scripts/machine-table.ts --write)', () => {
    expect(documentedTables()).toBe(machineTables());
  });

  it('names every file of the uploader in its rooms', () => {
    const text = readFileSync(ARCHITECTURE, 'utf8');
    const files = readdirSync(path.resolve(import.meta.dirname, '../../src/core/uploader')).filter((f) =>
      f.endsWith('.ts'),
    );
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((f) => !text.includes(`\`${f}\``))).toEqual([]);
  });

  it("the README's project layout names every module of src/core", () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const layout = readme.slice(readme.indexOf('## Project layout'), readme.indexOf('## Status'));
    expect(layout.length).toBeGreaterThan(500);
    const modules = readdirSync(path.resolve(import.meta.dirname, '../../src/core'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''));
    expect(modules.filter((m) => !new RegExp(`(^|[\\s(,:+])${m}([\\s,:)]|$)`, 'm').test(layout))).toEqual([]);
  });

  it('the generated tables list every state and every event of the machine', () => {
    const tables = machineTables();
    for (const state of ['canceling', 'held-quota', 'resolving-id']) expect(tables).toContain(`| \`${state}\` |`);
    for (const event of ['mismatch', 'cancel-confirmed', 'quota-refused']) expect(tables).toContain(`| \`${event}\` |`);
    expect(tables).toContain(
      '| `quota-refused` | `waiting-for-folder`, `queued`, `hashing`, `sending`, `finishing`, `paused` | held-quota |',
    );
  });
});
