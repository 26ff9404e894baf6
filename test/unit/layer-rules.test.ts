/**
 * The layer rules in biome.json (core imports no React and no mock; mock imports no core; React reaches the core
 * only through its entry and does no fetch) are really enforced: Biome, with the project's own biome.json, lints
 * small sources that break each rule and one clean source per layer, in a scratch folder laid out like `src/`.
 * A rule that stops matching (a moved folder, a renamed option) fails here instead of passing `npm run lint`
 * silently. (Biome prints no diagnostics for stdin input, hence the scratch folder.)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const biome = path.join(root, 'node_modules/@biomejs/biome/bin/biome');

type Rule = 'noRestrictedImports' | 'noRestrictedGlobals';
interface Probe {
  file: string;
  source: string;
  rule: Rule;
  /** The rule in words, as the message must say it. */
  says: string;
}

const CORE_NO_REACT = 'src/core is framework-free';
const CORE_NO_MOCK = 'src/core imports nothing from src/mock';
const MOCK_NO_CORE = 'src/mock imports nothing from src/core';
const MOCK_NO_REACT = 'src/mock imports nothing from src/react';
const REACT_ENTRY = "src/react imports the core only through its public entry, '../core/index.js'";
const REACT_NO_MOCK = 'src/react imports nothing from src/mock';
const REACT_NETWORK = 'src/react talks to the network only through the core';

const VIOLATIONS: Probe[] = [
  {
    file: 'src/core/a.ts',
    source: "import { useState } from 'react';\nexport const a = useState;\n",
    rule: 'noRestrictedImports',
    says: CORE_NO_REACT,
  },
  {
    file: 'src/core/b.ts',
    source: "import { jsx } from 'react/jsx-runtime';\nexport const b = jsx;\n",
    rule: 'noRestrictedImports',
    says: CORE_NO_REACT,
  },
  {
    file: 'src/core/c.ts',
    source: "import { FileList } from '../react/index.js';\nexport const c = FileList;\n",
    rule: 'noRestrictedImports',
    says: CORE_NO_REACT,
  },
  {
    file: 'src/core/uploader/d.ts',
    source: "import { mockFixtures } from '../../mock/fixtures.js';\nexport const d = mockFixtures;\n",
    rule: 'noRestrictedImports',
    says: CORE_NO_MOCK,
  },
  {
    file: 'src/mock/a.ts',
    source: "import { folderUrl } from '../core/endpoints.js';\nexport const a = folderUrl;\n",
    rule: 'noRestrictedImports',
    says: MOCK_NO_CORE,
  },
  {
    file: 'src/mock/routes/b.ts',
    source: "import type { UploadItem } from '../../core/index.js';\nexport type B = UploadItem;\n",
    rule: 'noRestrictedImports',
    says: MOCK_NO_CORE,
  },
  {
    file: 'src/mock/c.ts',
    source: "import { FileList } from '../react/index.js';\nexport const c = FileList;\n",
    rule: 'noRestrictedImports',
    says: MOCK_NO_REACT,
  },
  {
    file: 'src/react/a.ts',
    source: "import { summarize } from '../core/state.js';\nexport const a = summarize;\n",
    rule: 'noRestrictedImports',
    says: REACT_ENTRY,
  },
  {
    file: 'src/react/b.ts',
    source: "export type { UploadItem } from '../core/state.js';\n",
    rule: 'noRestrictedImports',
    says: REACT_ENTRY,
  },
  {
    file: 'src/react/c.ts',
    source: "import { mockFixtures } from '../mock/fixtures.js';\nexport const c = mockFixtures;\n",
    rule: 'noRestrictedImports',
    says: REACT_NO_MOCK,
  },
  {
    file: 'src/react/d.ts',
    source: "import Tus from '@uppy/tus';\nexport const d = Tus;\n",
    rule: 'noRestrictedImports',
    says: REACT_NETWORK,
  },
  {
    file: 'src/react/e.ts',
    source: "export const e = () => fetch('/remote.php/dav');\n",
    rule: 'noRestrictedGlobals',
    says: REACT_NETWORK,
  },
  {
    file: 'src/react/f.ts',
    source: 'export const f = () => new XMLHttpRequest();\n',
    rule: 'noRestrictedGlobals',
    says: REACT_NETWORK,
  },
];

/** What each layer may do: its own files, its allowed packages, and (React) the core's entry. */
const CLEAN: Array<{ file: string; source: string }> = [
  {
    file: 'src/core/ok.ts',
    source: "import Uppy from '@uppy/core';\nimport { x } from './x.js';\n\nexport const ok = [Uppy, x, fetch];\n",
  },
  {
    file: 'src/mock/ok.ts',
    source: "import { http } from 'msw';\nimport { y } from './y.js';\n\nexport const ok = [http, y];\n",
  },
  {
    file: 'src/react/ok.tsx',
    source:
      "import { useState } from 'react';\nimport { createSpaceUploader } from '../core/index.js';\n\nexport const ok = [useState, createSpaceUploader];\n",
  },
];

interface Diagnostic {
  file: string;
  rule: string;
  text: string;
}

let scratch = '';
let diagnostics: Diagnostic[] = [];

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'layer-rules-'));
  copyFileSync(path.join(root, 'biome.json'), path.join(scratch, 'biome.json'));
  for (const { file, source } of [...VIOLATIONS, ...CLEAN]) {
    mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    writeFileSync(path.join(scratch, file), source);
  }
  // No git in the scratch folder; everything else is the project's configuration.
  const run = spawnSync(
    process.execPath,
    [biome, 'lint', '--vcs-enabled=false', '--colors=off', '--max-diagnostics=none', '.'],
    { cwd: scratch, encoding: 'utf8' },
  );
  if (run.error) throw run.error;
  // Each diagnostic starts with `path:line:col category ━━━`, its message and advices follow.
  const output = `${run.stdout}\n${run.stderr}`;
  const header = /^(src\/\S+):\d+:\d+ lint\/\w+\/(\w+) /gm;
  const starts = [...output.matchAll(header)];
  diagnostics = starts.map((match, index) => ({
    file: match[1] as string,
    rule: match[2] as string,
    text: output.slice(match.index, starts[index + 1]?.index ?? output.length),
  }));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('layer rules (biome.json)', () => {
  it.each(VIOLATIONS.map((probe) => [probe.file, probe] as const))(
    '%s breaks a rule, and is told which',
    (_, probe) => {
      const found = diagnostics.filter((d) => d.file === probe.file);
      expect(found.map((d) => d.rule)).toEqual([probe.rule]);
      expect(found[0]?.text).toContain(`Layer rule: ${probe.says}`);
    },
  );

  it('what each layer may import passes', () => {
    const clean = new Set(CLEAN.map((probe) => probe.file));
    expect(diagnostics.filter((d) => clean.has(d.file))).toEqual([]);
  });
});

/** What Biome's rules cannot see: a network global reached as a property (`globalThis.fetch`, `window.fetch`). */
const NETWORK_MEMBER =
  /\b(?:globalThis|window|self)\s*(?:\.\s*|\[\s*['"`])(?:fetch|XMLHttpRequest|WebSocket|EventSource)\b/;

describe('layer rules beyond biome.json', () => {
  it('the pattern catches network globals reached as properties', () => {
    for (const source of [
      'globalThis.fetch(u)',
      'window.fetch(u)',
      "self['XMLHttpRequest']",
      'new window.WebSocket(u)',
    ])
      expect(source).toMatch(NETWORK_MEMBER);
    expect('const prefetch = globalThis.fetchPriority').not.toMatch(NETWORK_MEMBER);
  });

  it('src/react reaches no network global through globalThis, window or self', () => {
    const dir = path.join(root, 'src/react');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(20);
    const offending = files.filter((f) => NETWORK_MEMBER.test(readFileSync(path.join(dir, f), 'utf8')));
    expect(offending).toEqual([]);
  });
});
