import { createMemoryStore } from './memory-store.js';
import { createMockOcis } from './server.js';
import type { MockBlobStore, MockOcis, MockOcisOptions } from './types.js';

/** Requests below `/__mock-instances/{name}/` go to a mock of their own, so parallel tests and stories never share state. */
export const MOCK_INSTANCES_PATH = '/__mock-instances';
const INSTANCE = /^\/__mock-instances\/([A-Za-z0-9_.-]{1,80})(?=\/)/;
/** Instances kept at once; the least recently used is closed beyond this (a long dev session must not grow forever). */
const MAX_INSTANCES = 100;

export type MockOcisRouterOptions = MockOcisOptions;

/**
 * A view of a shared store for one instance: its `close()` deletes only the blobs it created, so every
 * instance lives in one store (one temp directory) that the router closes once.
 */
function scopedStore(shared: MockBlobStore): MockBlobStore {
  const keys = new Set<string>();
  return {
    ...shared,
    async create() {
      const key = await shared.create();
      keys.add(key);
      return key;
    },
    async delete(key) {
      keys.delete(key);
      await shared.delete(key);
    },
    async close() {
      await Promise.all([...keys].map((k) => shared.delete(k).catch(() => undefined)));
      keys.clear();
    },
  };
}

export interface MockOcisRouter {
  handle(request: Request): Promise<Response>;
  /** The instance at the root paths. */
  readonly mock: MockOcis;
  /** The isolated instance `name`, created on first use; its server URL is `{origin}/__mock-instances/{name}`. */
  instance(name: string): MockOcis;
  close(): Promise<void>;
}

export function createMockOcisRouter(options: MockOcisRouterOptions = {}): MockOcisRouter {
  const shared = options.store ?? createMemoryStore();
  const root = createMockOcis({ ...options, store: scopedStore(shared) });
  const instances = new Map<string, MockOcis>();
  const instance = (name: string): MockOcis => {
    if (!/^[A-Za-z0-9_.-]{1,80}$/.test(name)) throw new Error(`invalid mock instance name "${name}"`);
    let mock = instances.get(name);
    if (mock) instances.delete(name);
    else {
      mock = createMockOcis({ ...options, store: scopedStore(shared), basePath: `${MOCK_INSTANCES_PATH}/${name}` });
    }
    instances.set(name, mock); // most recently used last
    while (instances.size > MAX_INSTANCES) {
      const [oldest, old] = instances.entries().next().value as [string, MockOcis];
      instances.delete(oldest);
      void old.close();
    }
    return mock;
  };
  return {
    mock: root,
    instance,
    handle(request) {
      const name = INSTANCE.exec(new URL(request.url).pathname)?.[1];
      return (name ? instance(name) : root).handle(request);
    },
    async close() {
      await Promise.all([root.close(), ...[...instances.values()].map((m) => m.close())]);
      instances.clear();
      await shared.close();
    },
  };
}
