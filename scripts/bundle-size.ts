/**
 * Bundle sizes and their budgets. Each figure: the entry bundled by esbuild (minified ESM for the browser,
 * production React) and gzipped with node:zlib at level 9.
 * - own: our code only (src/react/index.ts + styles.css, with react, react-dom, @uppy/*, tus-js-client and
 *   hash-wasm external), budget 15 kB;
 * - full: everything a working uploader ships (only react and react-dom external), budget 45 kB; the SHA-1
 *   worker (a separate file loaded on first hash) is counted in;
 * - baseline: @uppy/core + @uppy/tus + @uppy/dashboard + their CSS, measured the same way.
 * `tsx scripts/bundle-size.ts` prints them and exits 1 when a budget is exceeded.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The issue's targets (issue 7), reported by `npm run bench`: not met yet (39.6 / 87.2 kB on 2026-11-24). */
export const TARGETS = { own: 15_000, full: 45_000 } as const;
/**
 * What CI enforces today: the sizes measured when the budget check landed plus ~5 %, so a change that grows the
 * bundle fails. Lower them as the bundle shrinks toward TARGETS; never raise them to let a change through.
 */
export const BUDGETS = { own: 41_500, full: 91_500 } as const;

export interface BundleFigure {
  js: number;
  css: number;
  /** Extra files shipped beside the bundle (the SHA-1 worker). */
  extra: number;
  total: number;
}

const gz = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;

async function measure(
  entry: { contents: string; resolveDir: string } | string,
  external: string[],
): Promise<{ js: number; css: number }> {
  const result = await build({
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { ...entry, loader: 'ts' } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    write: false,
    outdir: '/out',
    logLevel: 'error',
    external,
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  let js = 0;
  let css = 0;
  for (const file of result.outputFiles) {
    if (file.path.endsWith('.css')) css += gz(file.contents);
    else if (file.path.endsWith('.js')) js += gz(file.contents);
  }
  return { js, css };
}

const figure = (parts: { js: number; css: number }, extra = 0): BundleFigure => ({
  ...parts,
  extra,
  total: parts.js + parts.css + extra,
});

/** An entry that imports the package's JS and its stylesheet (so esbuild emits the CSS beside the JS). */
const entryOf = (lines: string[]) => ({ contents: lines.join('\n'), resolveDir: root });

export async function bundleSizes(): Promise<{ own: BundleFigure; full: BundleFigure; baseline: BundleFigure }> {
  const src = (p: string) => JSON.stringify(join(root, 'src', p));
  const ours = entryOf([`export * from ${src('react/index.ts')};`, `import ${src('react/styles.css')};`]);
  const worker = join(root, 'src/core/sha1-worker.ts');
  const react = ['react', 'react-dom', 'react/*', 'react-dom/*'];
  const deps = ['@uppy/*', 'tus-js-client', 'hash-wasm'];
  const [own, ownWorker, full, fullWorker, baseline] = await Promise.all([
    measure(ours, [...react, ...deps]),
    measure(worker, [...react, ...deps]),
    measure(ours, react),
    measure(worker, react),
    measure(
      entryOf([
        "export { default as Uppy } from '@uppy/core';",
        "export { default as Tus } from '@uppy/tus';",
        "export { default as Dashboard } from '@uppy/dashboard';",
        "import '@uppy/core/css/style.min.css';",
        "import '@uppy/dashboard/css/style.min.css';",
      ]),
      react,
    ),
  ]);
  return {
    own: figure(own, ownWorker.js),
    full: figure(full, fullWorker.js),
    baseline: figure(baseline),
  };
}

/** Budgets exceeded, as messages (empty when everything fits). */
export function overBudget(sizes: { own: BundleFigure; full: BundleFigure }): string[] {
  const over: string[] = [];
  if (sizes.own.total > BUDGETS.own) over.push(`own code: ${sizes.own.total} B gzip > ${BUDGETS.own} B`);
  if (sizes.full.total > BUDGETS.full) over.push(`full uploader: ${sizes.full.total} B gzip > ${BUDGETS.full} B`);
  return over;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = await bundleSizes();
  for (const [name, f] of Object.entries(sizes))
    console.log(`${name.padEnd(8)} js ${f.js} B + css ${f.css} B + worker ${f.extra} B = ${f.total} B gzip`);
  const over = overBudget(sizes);
  for (const line of over) console.error(`over budget: ${line}`);
  process.exitCode = over.length > 0 ? 1 : 0;
}
