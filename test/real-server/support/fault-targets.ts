/**
 * The servers the end-to-end fault tests run against, in real Chromium: the mock oCIS (src/mock/node.ts on a port
 * of its own, allowing the cross-origin page) and, when there is one, the real server. A fault proxy
 * (test/support/fault-proxy.ts) can stand in front of either. The page is always the cross-origin one: the proxy
 * speaks plain HTTP, which a page on the server's own https origin may not call (mixed content).
 *
 * The mock's side runs without a real server too: the harness then serves the page and nothing else.
 */
import { mockFixtures } from '../../../src/mock/fixtures.ts';
import { type MockOcis, startMockOcis } from '../../../src/mock/node.ts';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy.ts';
import type { PageUploaderOptions } from '../app/api.ts';
import { type Harness, startHarness } from './browser.ts';
import { propfind, settledEntry } from './dav.ts';
import { createGraph, davPath, suffix } from './graph.ts';
import { DEFAULT_TEST_ORIGIN, type RealServerConfig } from './server.ts';

export interface FaultTarget {
  readonly name: 'mock' | 'real server';
  /** The server itself, as the page reaches it (no proxy). */
  readonly serverUrl: string;
  /** What the page's uploader needs for this server's token. */
  readonly token: Pick<PageUploaderOptions, 'token' | 'fixedToken'>;
  readonly spaceId: string;
  /** The mock itself (its faults, its state); `undefined` for the real server. */
  readonly mock: MockOcis | undefined;
  /** A new fault proxy in front of the server, reachable from the page (its counts start at zero). */
  proxy(): Promise<FaultProxy>;
  /** A fresh folder (below this file's own one); its path in the space. */
  folder(name: string): Promise<string>;
  /** Size and SHA-1 the server computed of a stored file, once processed; `undefined` when it is not there. */
  stored(path: string): Promise<{ size: number; sha1: string | undefined } | undefined>;
  /** Names of the files in a folder. */
  list(folder: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface FaultTargets {
  harness: Harness;
  targets: FaultTarget[];
  close(): Promise<void>;
}

/** Stands in for a real server's configuration when there is none: the page and the mock need only the origin. */
const NO_SERVER: RealServerConfig = {
  baseUrl: 'https://127.0.0.1:9200',
  publicUrl: 'https://localhost:9200',
  user: 'admin',
  password: 'admin',
  crossOrigin: process.env.OCIS_TEST_ORIGIN ?? DEFAULT_TEST_ORIGIN,
  source: 'shared',
};

async function mockTarget(harness: Harness, label: string): Promise<FaultTarget> {
  const crossOrigin = harness.config.crossOrigin;
  const running = await startMockOcis({ port: 0, cors: { allowedOrigins: [crossOrigin] } });
  harness.gateway.forward(running.url);
  const spaceId = mockFixtures.personal.id;
  const base = `/su-${label}-${suffix()}`;
  const proxies: FaultProxy[] = [];
  const target: FaultTarget = {
    name: 'mock',
    serverUrl: running.url,
    token: { token: 'real', fixedToken: mockFixtures.token },
    spaceId,
    mock: running.mock,
    async proxy() {
      const proxy = await startFaultProxy({ target: running.url });
      proxies.push(proxy);
      harness.gateway.forward(proxy.url);
      return proxy;
    },
    async folder(name) {
      const path = `${base}/${name}`;
      for (const p of [base, path]) {
        const res = await fetch(`${running.url}${davPath(spaceId, p)}`, {
          method: 'MKCOL',
          headers: { Authorization: `Bearer ${mockFixtures.token}` },
        });
        if (res.status !== 201 && res.status !== 405) throw new Error(`MKCOL ${p} answered ${res.status}`);
      }
      return path;
    },
    async stored(path) {
      const file = running.mock.state().files.find((f) => f.path === path);
      return file && { size: file.size, sha1: file.sha1 };
    },
    async list(folder) {
      return running.mock
        .state()
        .files.filter((f) => f.path.startsWith(`${folder}/`) && !f.path.slice(folder.length + 1).includes('/'))
        .map((f) => f.path.slice(folder.length + 1));
    },
    async close() {
      for (const proxy of proxies) await proxy.close();
      await running.close();
    },
  };
  return target;
}

async function realTarget(harness: Harness, server: RealServerConfig, label: string): Promise<FaultTarget> {
  const admin = createGraph(server);
  const spaceId = (await admin.personal()).id;
  const base = `/su-${label}-${suffix()}`;
  await admin.mkcol(spaceId, base);
  const proxies: FaultProxy[] = [];
  return {
    name: 'real server',
    serverUrl: server.publicUrl,
    token: { token: 'real' },
    spaceId,
    mock: undefined,
    async proxy() {
      const proxy = await startFaultProxy({ target: server.baseUrl, publicUrl: server.publicUrl });
      proxies.push(proxy);
      harness.gateway.forward(proxy.url);
      return proxy;
    },
    async folder(name) {
      const path = `${base}/${name}`;
      await admin.mkcol(spaceId, path);
      return path;
    },
    async stored(path) {
      const [entry] = await propfind(admin, spaceId, path).catch(() => []);
      if (!entry) return undefined;
      const settled = await settledEntry(admin, spaceId, path);
      return { size: settled.size ?? -1, sha1: settled.sha1 };
    },
    async list(folder) {
      const entries = await propfind(admin, spaceId, folder, 1);
      return entries
        .slice(1)
        .filter((e) => !e.folder)
        .map((e) => e.name);
    },
    async close() {
      for (const proxy of proxies) await proxy.close();
      await admin.remove(spaceId, base);
    },
  };
}

/** One harness (browser, page, proxy) for the test file, and its targets: the mock, then the real server if any. */
export async function startFaultTargets(server: RealServerConfig | null, label: string): Promise<FaultTargets> {
  const harness = await startHarness(server ?? NO_SERVER);
  const targets: FaultTarget[] = [];
  try {
    targets.push(await mockTarget(harness, label));
    if (server) targets.push(await realTarget(harness, server, label));
  } catch (error) {
    for (const t of targets) await t.close().catch(() => undefined);
    await harness.close();
    throw error;
  }
  return {
    harness,
    targets,
    async close() {
      const errors: unknown[] = [];
      for (const t of targets) await t.close().catch((error: unknown) => errors.push(error));
      await harness.close().catch((error: unknown) => errors.push(error));
      if (errors.length) throw new AggregateError(errors, 'cleanup failed');
    },
  };
}
