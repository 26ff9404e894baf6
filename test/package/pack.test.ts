/**
 * The package as users get it: built from the sources into a staging copy, `npm pack`ed, installed from the
 * tarball into a fresh Vite + React app, built by that app's Vite, and run in Chromium against the package's own
 * mock oCIS (`space-uploader/mock/node`) on the same origin. Also server rendering with the installed package in
 * plain Node, and its `space-uploader-mock` bin. Nothing here imports `src/`: every import is the installed package.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
/** The personal space of the mock's fixtures (`mockFixtures.personal.id`), spelled out: no import from src/. */
const PERSONAL_SPACE_ID = '8d72036d-14a5-490f-889e-414064156402$196ac304-7b88-44ce-a4db-c4becef0d2e0';

/** What a fresh app needs besides the tarball, at the versions this repository develops and tests with. */
const APP_DEPENDENCIES = ['react', 'react-dom', '@uppy/core', '@uppy/tus', '@uppy/xhr-upload', 'tus-js-client'];
const APP_DEV_DEPENDENCIES = ['vite', '@vitejs/plugin-react'];

// npm passes its own settings to scripts as npm_config_* / npm_package_*; the nested npm runs must not inherit
// the outer project's (local prefix, package fields). The cache and registry stay.
const KEEP_NPM_CONFIG = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
const childEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^npm_(config|package|lifecycle)_/i.test(key) || KEEP_NPM_CONFIG.has(key.toLowerCase()),
  ),
) as NodeJS.ProcessEnv;

const children = new Set<ChildProcess>();
const timings: string[] = [];

/** Runs a command to its end; a failure carries the tail of its output. */
async function run(command: string, args: string[], cwd: string, timeout = 90_000): Promise<string> {
  const started = performance.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { cwd, env: childEnv, timeout, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        children.delete(child);
        if (error) {
          const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
          reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${error.message}\n${tail}`));
        } else resolve(stdout);
      },
    );
    children.add(child);
  });
  timings.push(`${[command, ...args].join(' ')}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return output;
}

let work: string;
let app: string;
let browser: Browser | undefined;
let server: ChildProcess | undefined;

const APP_FILES: Record<string, string> = {
  'index.html': `<!doctype html>
<html lang="en">
  <head><meta charset="UTF-8" /><title>space-uploader consumer</title></head>
  <body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body>
</html>
`,
  'vite.config.js': `import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({ plugins: [react()] });
`,
  'src/main.tsx': `import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SpaceUploader } from 'space-uploader';
import { sha1OfBlob } from 'space-uploader/core';
import { messagesDe } from 'space-uploader/messages/de';
import 'space-uploader/styles.css';

// For the test: where sha1OfBlob hashes in this build ('worker' when the consumer's Vite emitted the worker).
Object.assign(window, {
  germanDropTitle: messagesDe.dropTitle,
  probeSha1: async (text: string) => {
    let thread = 'unknown';
    const hex = await sha1OfBlob(new Blob([text]), { onThread: (t) => { thread = t; } });
    return { hex, thread };
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SpaceUploader serverUrl={location.origin} accessToken="dev-token" space={{ id: ${JSON.stringify(PERSONAL_SPACE_ID)} }} />
  </StrictMode>,
);
`,
  // The built app and the package's mock oCIS on one origin: dist files, everything else to the middleware.
  'serve.mjs': `import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { createMockOcisMiddleware } from 'space-uploader/mock/node';

const root = join(import.meta.dirname, 'dist');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
const mock = createMockOcisMiddleware();
const server = createServer((req, res) => {
  mock(req, res, (error) => {
    if (error) return void res.writeHead(500).end(String(error));
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep)) return void res.writeHead(403).end();
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
});
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
const stop = () => {
  server.closeAllConnections();
  server.close();
  mock.router.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
`,
  // The mock's fixtures in plain Node, in an app without msw (an optional peer only 'space-uploader/mock/msw' needs).
  'fixtures.mjs': `import { createMockOcis, mockFixtures } from 'space-uploader/mock';

const mock = createMockOcis();
const response = await mock.handle(
  new Request('http://ocis.test/graph/v1.0/me/drives', { headers: { Authorization: 'Bearer ' + mockFixtures.token } }),
);
console.log(JSON.stringify({ personal: mockFixtures.personal.id, drives: response.status }));
await mock.close();
`,
  'ssr.mjs': `import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { SpaceUploader } from 'space-uploader';

const html = renderToString(
  createElement(SpaceUploader, { serverUrl: 'https://ocis.example.com', accessToken: 'dev-token', space: { id: 'x' } }),
);
console.log(JSON.stringify({ window: typeof window, document: typeof document, html }));
`,
};

describe('the packed package in a fresh Vite app', () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'space-uploader-pack-'));

    // Build from the sources in a staging copy (the repository's own dist/ is neither needed nor touched).
    const stage = join(work, 'stage');
    await mkdir(stage);
    for (const name of [
      'src',
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      'tsconfig.json',
      'tsconfig.build.json',
    ]) {
      await cp(join(repo, name), join(stage, name), { recursive: true });
    }
    await cp(join(repo, 'vite.config.ts'), join(stage, 'vite.config.ts'));
    await symlink(join(repo, 'node_modules'), join(stage, 'node_modules'), 'dir');
    await run('npm', ['run', 'build'], stage);
    const [packed] = JSON.parse(await run('npm', ['pack', '--json', '--pack-destination', work], stage)) as Array<{
      filename: string;
    }>;
    if (!packed) throw new Error('npm pack reported no tarball');

    const manifest = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const pick = (names: string[]) =>
      Object.fromEntries(
        names.map((name) => {
          const version = manifest.devDependencies[name];
          if (!version) throw new Error(`${name} is not a devDependency of this repository`);
          return [name, version];
        }),
      );
    app = join(work, 'app');
    await mkdir(join(app, 'src'), { recursive: true });
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify(
        {
          name: 'space-uploader-consumer',
          private: true,
          type: 'module',
          dependencies: { ...pick(APP_DEPENDENCIES), 'space-uploader': `file:../${packed.filename}` },
          devDependencies: pick(APP_DEV_DEPENDENCIES),
        },
        null,
        2,
      ),
    );
    for (const [name, text] of Object.entries(APP_FILES)) await writeFile(join(app, name), text);
    // Everything comes from npm's cache when it holds this repository's dependencies; the registry otherwise.
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
    await run(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], app);
  }, 110_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server?.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    for (const child of children) child.kill('SIGKILL');
    if (work) await rm(work, { recursive: true, force: true });
    if (timings.length) console.info(`package test timings:\n  ${timings.join('\n  ')}`);
  });

  it('uploads a file in Chromium, hashed in the worker the app build emitted, into the packaged mock', async () => {
    server = spawn(process.execPath, ['serve.mjs'], { cwd: app, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let serverOutput = '';
    server.stderr?.on('data', (chunk) => {
      serverOutput += chunk;
    });
    const origin = await new Promise<string>((resolve, reject) => {
      server?.stdout?.on('data', (chunk) => {
        serverOutput += chunk;
        const found = /listening on (http:\/\/\S+)/.exec(serverOutput);
        if (found?.[1]) resolve(found[1]);
      });
      server?.once('exit', (code) => reject(new Error(`serve.mjs exited (${code}):\n${serverOutput}`)));
    });

    const state = async () => {
      const response = await fetch(`${origin}/__mock/state`);
      return (await response.json()) as {
        files: Array<{ spaceId: string; path: string; size: number; sha1: string }>;
        uploads: Array<{ filename: string; complete: boolean; metadata: Record<string, string> }>;
        requests: Array<{ route: string; path: string; status: number }>;
      };
    };

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // Failed loads are reported as responses (below), with their URL.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        problems.push(`console error: ${message.text()}`);
      }
    });
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
    const workerScripts: Array<{ path: string; status: number }> = [];
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.includes('sha1-worker')) workerScripts.push({ path, status: response.status() });
      // The app has no favicon; every other file and request must be found.
      if (response.status() === 404 && path !== '/favicon.ico') problems.push(`404: ${path}`);
    });

    // Scripts the page fetched, in order: what loads up front and what later (the package's lazy parts).
    const scripts: string[] = [];
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.endsWith('.js') && !path.includes('sha1-worker')) scripts.push(path);
    });
    await page.goto(origin);
    const input = page.locator('.su-dropzone input[type="file"]:not([webkitdirectory])');
    await input.waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    const upFront = scripts.length;
    // The stylesheet imported from 'space-uploader/styles.css' is in the app's CSS and applies.
    const fontSize = await page
      .locator('.space-uploader')
      .evaluate((el) => getComputedStyle(el).getPropertyValue('--su-font-size'));
    expect(fontSize.trim()).toMatch(/^0?\.875rem$/); // the app's CSS minifier may drop the 0

    // Above 4 MiB: the uploader hashes it in the worker (smaller files go through WebCrypto at once).
    const bytes = randomBytes(6 * 1024 * 1024 + 7);
    const sha1 = createHash('sha1').update(bytes).digest('hex');
    const file = join(work, 'packed upload.bin');
    await writeFile(file, bytes);
    await input.setInputFiles(file);

    await expect
      .poll(async () => (await state()).files.find((f) => f.path === '/packed upload.bin'), {
        timeout: 30_000,
        interval: 250,
      })
      .toMatchObject({ spaceId: PERSONAL_SPACE_ID, size: bytes.length, sha1 });
    const upload = (await state()).uploads.find((u) => u.filename === 'packed upload.bin');
    expect(upload).toMatchObject({ complete: true });
    // The default check: the page hashed the file in the worker while it uploaded and compared that with the
    // mock's own SHA-1 of what it stored (PROPFIND); a wrong hash would have failed the row as damaged.
    await page.locator('.su-file[data-status="done"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('.su-file[data-status="failed"]').count()).toBe(0);
    const asked = (await state()).requests.filter(
      (r) => r.route === 'propfind' && r.path.endsWith('/packed%20upload.bin') && r.status === 207,
    );
    expect(asked.length).toBeGreaterThan(0);

    // The consumer's Vite emitted the package's worker as a file of its own, and it ran.
    expect(workers.some((path) => /sha1-worker[^/]*\.js$/.test(path))).toBe(true);
    expect(workerScripts.length).toBeGreaterThan(0);
    expect(workerScripts.every(({ status }) => status === 200)).toBe(true);
    const probe = await page.evaluate(() =>
      (window as unknown as { probeSha1(text: string): Promise<{ hex: string; thread: string }> }).probeSha1('abc'),
    );
    expect(probe).toEqual({ hex: 'a9993e364706816aba3e25717850c26c9cd0d89d', thread: 'worker' });
    // The German messages' own entry resolves in the consumer's build.
    expect(await page.evaluate(() => (window as unknown as { germanDropTitle: string }).germanDropTitle)).toBe(
      'Dateien oder Ordner hierher ziehen',
    );
    await page.getByText('packed upload.bin').first().waitFor({ state: 'visible' });
    // The transport (tus) came in chunks of the app's build after the first file was picked, and they ran.
    const forUpload = scripts.length;
    expect(forUpload).toBeGreaterThan(upFront);

    // The same name again: the conflict dialog, a chunk of its own, loads and asks; "Skip" answers it.
    await input.setInputFiles(file);
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    expect(scripts.length).toBeGreaterThan(forUpload);
    await dialog.getByRole('button', { name: /^Skip/ }).click();
    await page.locator('.su-file[data-status="skipped"]').waitFor({ timeout: 15_000 });
    expect(problems).toEqual([]);
  }, 60_000);

  it('renders to a string in plain Node (no DOM) from the installed package', async () => {
    const result = JSON.parse(await run(process.execPath, ['ssr.mjs'], app)) as {
      window: string;
      document: string;
      html: string;
    };
    expect(result.window).toBe('undefined');
    expect(result.document).toBe('undefined');
    expect(result.html).toContain('class="su-dropzone"');
    expect(result.html).toContain('aria-label="Choose files to upload"');
  }, 30_000);

  it('imports the mock and its fixtures in Node without msw installed, and ships the MIT LICENSE', async () => {
    await expect(stat(join(app, 'node_modules/msw'))).rejects.toMatchObject({ code: 'ENOENT' });
    const result = JSON.parse(await run(process.execPath, ['fixtures.mjs'], app)) as {
      personal: string;
      drives: number;
    };
    expect(result).toEqual({ personal: PERSONAL_SPACE_ID, drives: 200 });
    const license = await readFile(join(app, 'node_modules/space-uploader/LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License/);
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS"');
  }, 30_000);

  it('runs the space-uploader-mock bin from the installed package', async () => {
    const help = await run(join(app, 'node_modules/.bin/space-uploader-mock'), ['--help'], app);
    expect(help).toContain('Usage: space-uploader-mock');
  }, 30_000);
});
