/**
 * Bundle sizes and their budgets. Each figure: the entry bundled by esbuild (minified ESM for the browser,
 * production React, code splitting) and gzipped with node:zlib at level 9; what loads up front only (see `measure`).
 * - own: our code only (src/react/index.ts + styles/index.css, with react, react-dom, @uppy/*, tus-js-client and
 *   hash-wasm external), budget 15 kB;
 * - full: everything a working uploader ships (only react and react-dom external), budget 45 kB; the SHA-1
 *   worker (a separate file loaded on first hash) is counted in;
 * - baseline: @uppy/core + @uppy/tus + @uppy/dashboard + their CSS, measured the same way.
 * `tsx scripts/bundle-size.ts` prints them and exits 1 when a budget is exceeded.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The issue's targets (issue 7), reported by `npm run bench`: not met (40.0 / 82.0 kB on 2026-11-24; README, "Known limits"). */
export const TARGETS = { own: 15_000, full: 45_000 } as const;
/**
 * What CI enforces today, so a change that grows the bundle fails. Lower them as the bundle shrinks toward TARGETS;
 * never raise them to let a change through unexamined. One raise so far, on 2026-12-03 (from 41,500 / 86,500),
 * for what issues 13 and 14 asked to add, each measured (own code, gzip): the file machine and the uploader as
 * rooms +1,294 B; one concept per file in plan/resume/checksum +567 B; useUploaderSelector +470 B; end-to-end
 * verification, hashing alongside the upload, stall detection and the cancel check with its worker changes +~2,000 B;
 * kept file bytes loaded lazily -190 B. Measured then: own 46,055 B, full 89,444 B. A second raise (from 46,500 /
 * 90,000) for issue 15's findings, measured commit by commit from own 46,066 B: German kB +34 B; the batch's speed
 * and time left measured on the batch (batch-rate.ts, many tiny files) +407 B; the summary's states (canceled rows
 * clearable, holds headed by what they wait for, counting while sizes are read) and the idle view +370 B; styles
 * +39 B. Measured then: own 46,907 B, full 90,312 B. Issue 16 (lazy parts, what `<SpaceUploader>` loads up front)
 * is where this comes back down.
 */
export const BUDGETS = { own: 47_000, full: 90_500 } as const;

export interface BundleFigure {
  js: number;
  css: number;
  /** Extra files shipped beside the bundle (the SHA-1 worker). */
  extra: number;
  total: number;
}

const gz = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;

/**
 * Bundles with code splitting, as an app's bundler does, and counts what a page loads up front: the entry and the
 * chunks it imports statically (and their CSS). Chunks behind `import()` (the calling-thread SHA-1 fallback, loaded
 * only when a Worker cannot start) are left out; without splitting esbuild would fold them into the entry.
 */
async function measure(
  entry: { contents: string; resolveDir: string } | string,
  external: string[],
): Promise<{ js: number; css: number }> {
  const result = await build({
    ...(typeof entry === 'string'
      ? { entryPoints: { main: entry } }
      : { stdin: { ...entry, loader: 'ts', sourcefile: 'main.ts' } }),
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    metafile: true,
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
  const outputs = result.metafile.outputs;
  // The metafile names outputs relative to the working directory; output files carry absolute paths.
  const contents = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
  const entryPath = Object.keys(outputs).find((path) => outputs[path]?.entryPoint !== undefined);
  if (!entryPath) throw new Error('esbuild reported no entry output');
  const loaded = new Set<string>();
  const visit = (path: string) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    const output = outputs[path];
    if (output?.cssBundle) loaded.add(output.cssBundle);
    for (const imported of output?.imports ?? [])
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entryPath);
  let js = 0;
  let css = 0;
  for (const path of loaded) {
    const bytes = contents.get(resolve(root, path));
    if (!bytes) throw new Error(`esbuild output ${path} has no contents`);
    if (path.endsWith('.css')) css += gz(bytes);
    else js += gz(bytes);
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
  const ours = entryOf([`export * from ${src('react/index.ts')};`, `import ${src('react/styles/index.css')};`]);
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
