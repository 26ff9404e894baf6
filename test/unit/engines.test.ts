/**
 * package.json `engines.node` (and the README's "Needs Node" line) names the Node versions on which the package and
 * everything it pulls in (its dependency and its peers' runtime dependencies) install without an engine warning.
 * Uppy 6 brought packages that ask for Node 22 (`p-retry`, `@transloadit/prettier-bytes`) and `nanoid` 6, which skips
 * the odd releases; the README said Node ≥ 20.19.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}
const read = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8')) as Manifest;
const own = read(join(root, 'package.json'));

type Version = [number, number, number];
const parse = (text: string): Version => {
  const [a = 0, b = 0, c = 0] = text.replace(/^v/, '').split('.').map(Number);
  return [a, b, c];
};
const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** The range forms `engines` fields use here: `>=x.y`, `^x.y`, a bare `x` or `x.y.z`, `a || b`, `>= 4`. */
function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split('||').some((set) =>
    (
      set
        .trim()
        .replace(/([<>=^~]+)\s+/g, '$1')
        .match(/\S+/g) ?? ['*']
    ).every((comparator) => {
      const [, op = '', rest = ''] = /^([<>=^~]*)(.*)$/.exec(comparator) ?? [];
      if (rest === '*' || rest === 'x') return true;
      const bound = parse(rest);
      const parts = rest.split('.').length;
      if (op === '>=') return compare(v, bound) >= 0;
      if (op === '>') return compare(v, bound) > 0;
      if (op === '<') return compare(v, bound) < 0;
      if (op === '<=') return compare(v, bound) <= 0;
      if (op === '^') return v[0] === bound[0] && compare(v, bound) >= 0;
      // A bare major (or major.minor) is any release of it.
      return parts === 1
        ? v[0] === bound[0]
        : parts === 2
          ? v[0] === bound[0] && v[1] === bound[1]
          : compare(v, bound) === 0;
    }),
  );
}

/** Every package a consumer installs with this one: its dependencies and its required peers, transitively. */
function runtimeClosure(): Manifest[] {
  const found = new Map<string, Manifest>();
  const visit = (name: string, from: string) => {
    // Node's resolution: the nearest node_modules up from the requiring package.
    for (let dir = from; ; dir = dirname(dir)) {
      const path = join(dir, 'node_modules', name, 'package.json');
      if (existsSync(path)) {
        if (found.has(path)) return;
        const manifest = read(path);
        found.set(path, manifest);
        const here = dirname(path);
        for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, here);
        for (const peer of Object.keys(manifest.peerDependencies ?? {}))
          if (!manifest.peerDependenciesMeta?.[peer]?.optional) visit(peer, here);
        return;
      }
      if (dir === dirname(dir)) throw new Error(`${name} is not installed (from ${from})`);
    }
  };
  for (const dep of Object.keys(own.dependencies ?? {})) visit(dep, root);
  for (const peer of Object.keys(own.peerDependencies ?? {}))
    if (!own.peerDependenciesMeta?.[peer]?.optional) visit(peer, root);
  return [...found.values()];
}

describe('the Node versions the package states', () => {
  const range = own.engines?.node ?? '';
  const closure = runtimeClosure();
  const refusing = (version: string) =>
    closure.filter((m) => m.engines?.node && !satisfies(version, m.engines.node)).map((m) => `${m.name}@${m.version}`);

  it('the range matcher reads the forms used', () => {
    expect(satisfies('22.13.0', '^22.13.0 || ^24.0.0 || >=26.0.0')).toBe(true);
    expect(satisfies('22.12.0', '^22.13.0 || ^24.0.0 || >=26.0.0')).toBe(false);
    expect(satisfies('25.1.0', '^22 || ^24 || >=26')).toBe(false);
    expect(satisfies('20.19.0', '18 || 20 || >=22')).toBe(true);
    expect(satisfies('8.0.0', '>= 4')).toBe(true);
  });

  it('every runtime dependency accepts the lowest release of each major the package allows', () => {
    expect(closure.length).toBeGreaterThan(5);
    const lowest = ['20.19.0', '22.0.0', '22.13.0', '23.0.0', '24.0.0', '25.0.0', '26.0.0', '27.0.0'].filter((v) =>
      satisfies(v, range),
    );
    expect(lowest).toEqual(['22.13.0', '24.0.0', '26.0.0', '27.0.0']);
    for (const version of lowest) expect(refusing(version), `Node ${version}`).toEqual([]);
    // And what it leaves out, something needs: Node 20 and 25 would warn.
    expect(refusing('20.19.0')).not.toEqual([]);
    expect(refusing('25.0.0')).not.toEqual([]);
  });

  it('the README states the same versions', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('Needs Node 22 (22.13 or later), 24, or 26 and later');
    expect(readme).not.toMatch(/Node ≥ ?20/);
  });
});
