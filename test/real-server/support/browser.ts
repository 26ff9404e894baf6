/**
 * Real Chromium (Debian's, driven by playwright-core) running the page of test/real-server/app against the real
 * server, from two origins:
 * - `same-origin`: the page at `{publicUrl}/__space-uploader-test/`, the server's own origin (a path the server
 *   does not use, answered by `context.route` from our Vite dev server; same-origin requests have no preflight,
 *   so the route changes nothing the server would answer);
 * - `cross-origin`: the page at `{crossOrigin}/__space-uploader-test/`, served by the test proxy (gateway.ts; no
 *   route: Playwright answers preflights itself while a route is set).
 * Both contexts go through the test proxy, which can cut a tunnel mid-request. Tokens come from Node, one login
 * per origin. A page's console errors and warnings about CORS, failed requests and page errors fail its test
 * unless the test said it expects them (`expectIssue`).
 */
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { type Browser, type BrowserContext, chromium, type Page, type Request } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { expect } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.ts';
import { type Gateway, startGateway } from './gateway.ts';
import { fetchToken, type RealServerConfig, refreshToken, type TokenSet } from './server.ts';

export const ORIGIN_KINDS = ['same-origin', 'cross-origin'] as const;
export type OriginKind = (typeof ORIGIN_KINDS)[number];

const PAGE_PATH = '/__space-uploader-test/';
const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'app');
/** What makes a console line a cross-origin failure (Chromium's wording). */
const CORS_CONSOLE = /CORS|Access-Control|unsafe header|Refused to/i;
const VITE_CLIENT_CONSOLE = /^\[vite\]|^WebSocket connection to '[^']*\/__space-uploader-test\//;
/** Access tokens live 300 s: renewed well before. */
const TOKEN_MAX_AGE_MS = 200_000;

/** One real token per origin, renewed through the IdP when asked (`refresh`) or when it gets old. */
export class NodeTokens {
  private set: TokenSet | undefined;
  private at = 0;
  refreshes = 0;
  constructor(
    private readonly config: RealServerConfig,
    private readonly user = config.user,
    private readonly password = config.password,
  ) {}
  async get(refresh = false): Promise<string> {
    const old = !this.set || Date.now() - this.at > TOKEN_MAX_AGE_MS;
    if (this.set && (refresh || old)) {
      this.refreshes += 1;
      this.set = this.set.refresh_token
        ? await refreshToken(this.config, this.set.refresh_token)
        : await fetchToken(this.config, this.user, this.password);
      this.at = Date.now();
    } else if (!this.set) {
      this.set = await fetchToken(this.config, this.user, this.password);
      this.at = Date.now();
    }
    return this.set.access_token;
  }
}

export interface TestPage {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly kind: OriginKind;
  /** The page's origin. */
  readonly origin: string;
  /** The page tolerates issues (console lines, failed requests) matching this: the test expects them. */
  expectIssue(pattern: RegExp): void;
  /** Issues seen so far (or since `issueMark()` said `since`) that no `expectIssue` covers. */
  unexpectedIssues(since?: number): string[];
  /** Where the issues seen so far end: `unexpectedIssues(mark)` then lists only later ones. */
  issueMark(): number;
  /** Every issue and every answer ≥ 400 the page saw (for assertions and failure messages). */
  readonly log: string[];
  /** Requests sent and not yet finished. */
  pending(): string[];
}

export interface Harness {
  readonly config: RealServerConfig;
  readonly gateway: Gateway;
  readonly tokens: Record<OriginKind, NodeTokens>;
  originOf(kind: OriginKind): string;
  /** Opens the page from `kind`'s origin, runs `body`, then fails on unexpected issues; closes the context. */
  withPage<T>(kind: OriginKind, body: (page: TestPage) => Promise<T>): Promise<T>;
  /** Opens the page from `kind`'s origin for several tests (each through `onPage`); close its `context` after. */
  openPage(kind: OriginKind): Promise<TestPage>;
  /** Runs `body` on an open page; fails on issues that appeared meanwhile and no `expectIssue` covers. */
  onPage<T>(page: TestPage, body: (page: TestPage) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

async function startVite(): Promise<ViteDevServer> {
  const server = await createServer({
    configFile: false,
    root: appRoot,
    base: PAGE_PATH,
    // Kept between runs: dependencies are optimized once.
    cacheDir: join(tmpdir(), 'space-uploader-real-server-vite'),
    logLevel: 'error',
    plugins: [react()],
    // No watcher, no HMR and no WebSocket: nothing reloads the page, and the page opens no socket of Vite's.
    server: { host: '127.0.0.1', port: 0, hmr: false, ws: false, watch: null },
    optimizeDeps: {
      include: [
        '@uppy/core',
        '@uppy/tus',
        '@uppy/xhr-upload',
        'tus-js-client',
        'hash-wasm',
        'react',
        'react-dom/client',
      ],
    },
  });
  await server.listen();
  return server;
}

function watchPage(page: Page, kind: OriginKind, origin: string): TestPage {
  const issues: string[] = [];
  const log: string[] = [];
  const expected: RegExp[] = [];
  const issue = (line: string) => {
    issues.push(line);
    log.push(line);
  };
  page.on('console', (message) => {
    const type = message.type();
    if (type !== 'error' && type !== 'warning') return;
    // Vite's client looks for its dev socket, which this page server does not open: not the library's.
    if (VITE_CLIENT_CONSOLE.test(message.text())) return;
    const line = `console ${type}: ${message.text()}`;
    if (CORS_CONSOLE.test(message.text())) issue(line);
    else log.push(line);
  });
  page.on('pageerror', (error) => issue(`page error: ${error.message}`));
  // A request whose answer came and whose body the page then cancelled (`response.body.cancel()`) is reported
  // as failed (ERR_ABORTED) too; it is not a failure of the request.
  const answered = new WeakSet<Request>();
  const pending = new Set<Request>();
  page.on('request', (request) => pending.add(request));
  page.on('requestfinished', (request) => pending.delete(request));
  page.on('response', (response) => {
    answered.add(response.request());
    if (response.status() >= 400)
      log.push(`answer ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    pending.delete(request);
    const reason = request.failure()?.errorText ?? 'no reason';
    const line = `request failed: ${request.method()} ${request.url()} (${reason})`;
    if (answered.has(request) && reason === 'net::ERR_ABORTED') log.push(`${line} after its answer came`);
    else issue(line);
  });
  return {
    page,
    context: page.context(),
    kind,
    origin,
    log,
    pending: () =>
      [...pending].map((r) => `${r.method()} ${r.url()}${answered.has(r) ? ' (answered, body unread)' : ''}`),
    expectIssue: (pattern) => expected.push(pattern),
    unexpectedIssues: (since = 0) =>
      issues.slice(since).filter((line) => !expected.some((pattern) => pattern.test(line))),
    issueMark: () => issues.length,
  };
}

export async function startHarness(config: RealServerConfig): Promise<Harness> {
  const vite = await startVite();
  const address = vite.httpServer?.address() as AddressInfo | null;
  if (!address) throw new Error('the Vite dev server is not listening');
  const viteUrl = `http://127.0.0.1:${address.port}`;
  const base = new URL(config.baseUrl);
  const publicUrl = new URL(config.publicUrl);
  const gateway = await startGateway({
    pageOrigin: config.crossOrigin,
    pageServer: viteUrl,
    tunnels: { [publicUrl.host]: { host: base.hostname, port: Number(base.port || 443) } },
  });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, '--ignore-certificate-errors'],
      headless: true,
    });
  } catch (error) {
    await gateway.close();
    await vite.close();
    throw error;
  }
  const tokens = { 'same-origin': new NodeTokens(config), 'cross-origin': new NodeTokens(config) };
  const originOf = (kind: OriginKind) =>
    kind === 'same-origin' ? publicUrl.origin : new URL(config.crossOrigin).origin;

  async function newContext(kind: OriginKind): Promise<BrowserContext> {
    if (!browser) throw new Error('Chromium is closed');
    const context = await browser.newContext({ proxy: { server: gateway.url }, ignoreHTTPSErrors: true });
    if (kind === 'same-origin') {
      await context.route(
        (url) => url.origin === publicUrl.origin && url.pathname.startsWith(PAGE_PATH),
        async (route) => {
          const url = new URL(route.request().url());
          const answer = await fetch(`${viteUrl}${url.pathname}${url.search}`);
          const headers = Object.fromEntries(answer.headers);
          delete headers['content-encoding'];
          delete headers['content-length'];
          delete headers['transfer-encoding'];
          await route.fulfill({ status: answer.status, headers, body: Buffer.from(await answer.arrayBuffer()) });
        },
      );
    }
    await context.exposeFunction('__realToken', (refresh: boolean) => tokens[kind].get(refresh));
    return context;
  }

  const harness: Harness = {
    config,
    gateway,
    tokens,
    originOf,
    async openPage(kind: OriginKind): Promise<TestPage> {
      const context = await newContext(kind);
      try {
        const page = await context.newPage();
        const watched = watchPage(page, kind, originOf(kind));
        await page.goto(`${originOf(kind)}${PAGE_PATH}`);
        await page.waitForSelector('body[data-ready]', { timeout: 30_000 });
        return watched;
      } catch (error) {
        await context.close();
        throw error;
      }
    },
    async onPage<T>(watched: TestPage, body: (page: TestPage) => Promise<T>): Promise<T> {
      const since = watched.issueMark();
      let result: T;
      try {
        result = await body(watched);
      } catch (error) {
        // The page's side of a failure belongs in its message.
        const pending = watched.pending().filter((line) => !line.includes(PAGE_PATH));
        if (error instanceof Error && (watched.log.length || pending.length))
          error.message += `\n--- the page (${watched.kind}) saw:\n${[...watched.log, ...pending.map((p) => `pending: ${p}`)].join('\n')}`;
        throw error;
      }
      expect(watched.unexpectedIssues(since), `unexpected issues on the ${watched.kind} page`).toEqual([]);
      return result;
    },
    async withPage<T>(kind: OriginKind, body: (page: TestPage) => Promise<T>): Promise<T> {
      const watched = await harness.openPage(kind);
      try {
        return await harness.onPage(watched, body);
      } finally {
        await watched.context.close();
      }
    },
    async close() {
      try {
        await browser?.close();
      } finally {
        await gateway.close();
        await vite.close();
      }
    },
  };
  // Warm-up: the first load transforms the app and optimizes its dependencies.
  await harness.withPage('cross-origin', async () => undefined);
  return harness;
}
