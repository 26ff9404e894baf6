/**
 * The library build (`npm run build`): ESM for every public entry, one output file per source module under
 * `dist/` (the same layout as `src/`), dependencies and Node built-ins left as imports. Type declarations come
 * from `tsc -p tsconfig.build.json` right after (see package.json).
 *
 * Only the library build reads this file: Storybook is pointed at `.storybook/vite.config.ts` (main.ts) and Vitest
 * reads `vitest.config.ts`. `libraryOnly()` below fails any other use loudly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const externalPackages = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];

/** Dependencies, peers and Node built-ins stay imports; any other bare import fails the build (undeclared). */
function external(id: string, importer: string | undefined): boolean {
  if (id.startsWith('node:') || builtinModules.includes(id)) return true;
  if (externalPackages.some((name) => id === name || id.startsWith(`${name}/`))) return true;
  if (id === 'react/jsx-runtime' || id === 'react/jsx-dev-runtime') return true;
  if (/^[./]|^\0|^[A-Za-z]:[\\/]/.test(id)) return false;
  throw new Error(`${importer ?? 'an entry'} imports "${id}", which package.json does not declare`);
}

/**
 * `src/core/checksum.ts` starts its worker with the standard `new Worker(new URL('./sha1-worker.js',
 * import.meta.url), { type: 'module' })`. Vite would bundle that worker into an asset with an absolute URL, which
 * breaks in consumers' apps. Instead the expression is hidden from Vite's worker plugin while building and put
 * back verbatim in the output, and `sha1-worker.js` is emitted as a module of its own beside `checksum.js`: the
 * consumer's bundler (Vite, webpack 5, Rollup with a worker plugin) then finds the pattern and builds the worker,
 * with `hash-wasm` resolved from the consumer's `node_modules`.
 */
function keepWorkerUrl(): Plugin {
  const source = "new URL('./sha1-worker.js', import.meta.url)";
  const marker = '__SPACE_UPLOADER_SHA1_WORKER_URL__';
  return {
    name: 'space-uploader:keep-worker-url',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('/src/core/checksum.ts')) return null;
      if (!code.includes(source)) this.error(`checksum.ts no longer contains ${source}: update vite.config.ts`);
      return { code: code.replace(source, marker), map: null };
    },
    renderChunk(code) {
      return code.includes(marker) ? { code: code.replace(marker, source), map: null } : null;
    },
  };
}

/**
 * A Vite that loads this file for anything but the library build (a dev server, Storybook's builder) would get the
 * plugins above and `publicDir: false`; it stops instead.
 */
function libraryOnly(): Plugin {
  return {
    name: 'space-uploader:library-only',
    configResolved(config) {
      if (!config.build.lib) {
        throw new Error(
          'vite.config.ts is the library build (npm run build) only; Storybook uses .storybook/vite.config.ts and ' +
            'Vitest vitest.config.ts',
        );
      }
    },
  };
}

const STYLES = new URL('./src/react/styles/', import.meta.url);

/**
 * The stylesheet in one plain file: `src/react/styles/index.css` with each `@import "./part.css";` line replaced by
 * that file, in the index's order. Fails when a part in the folder is not imported or an `@import` would remain
 * (the browser would fetch it relative to the app's CSS).
 */
export function concatStyles(): string {
  const imported = new Set<string>();
  const css = readFileSync(new URL('index.css', STYLES), 'utf8').replace(
    /^@import "\.\/([\w-]+\.css)";$/gm,
    (_line, name: string) => {
      imported.add(name);
      return `${readFileSync(new URL(name, STYLES), 'utf8').trimEnd()}\n`;
    },
  );
  if (/^\s*@import\b/m.test(css)) throw new Error('src/react/styles: an @import the build cannot inline');
  const missing = readdirSync(STYLES).filter(
    (name) => name.endsWith('.css') && name !== 'index.css' && !imported.has(name),
  );
  if (missing.length > 0) throw new Error(`src/react/styles/index.css does not import ${missing.join(', ')}`);
  return `${css.trimEnd()}\n`;
}

/**
 * `space-uploader/styles.css`: the stylesheet (plain CSS with custom properties, see `concatStyles`), and an empty
 * module declaration for it, so that TypeScript (6 checks side-effect imports by default) accepts
 * `import 'space-uploader/styles.css'` without `vite/client` types or a `*.css` declaration of the app's own.
 */
function emitStyles(): Plugin {
  return {
    name: 'space-uploader:styles',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'styles.css', source: concatStyles() });
      this.emitFile({
        type: 'asset',
        fileName: 'styles.css.d.ts',
        source:
          "/** `import 'space-uploader/styles.css'`: the components' stylesheet; it exports nothing. */\nexport {};\n",
      });
    },
  };
}

export default defineConfig({
  // public/ holds msw's service worker for Storybook; it is not part of the package.
  publicDir: false,
  plugins: [libraryOnly(), keepWorkerUrl(), emitStyles()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: {
        'react/index': 'src/react/index.ts',
        'react/messages-de': 'src/react/messages-de.ts',
        'core/index': 'src/core/index.ts',
        'core/sha1-worker': 'src/core/sha1-worker.ts',
        'mock/index': 'src/mock/index.ts',
        'mock/node': 'src/mock/node.ts',
        'mock/msw': 'src/mock/msw.ts',
        'mock/cli': 'src/mock/cli.ts',
        'doctor/cli': 'src/doctor/cli.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external,
      output: {
        preserveModules: true,
        preserveModulesRoot: 'src',
        entryFileNames: '[name].js',
      },
    },
  },
});
