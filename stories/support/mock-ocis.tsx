/**
 * One isolated mock oCIS instance per rendered story.
 *
 * `mockOcisLoader` (registered globally in `.storybook/preview.ts`) picks a fresh instance name for every story
 * render, `{story id}-{random}`, so stories rendered in parallel (Vitest, a docs page) never share uploads, faults or
 * logs. The instance is served at `{location.origin}/__mock-instances/{name}` by the Vite middleware (`storybook dev`,
 * Vitest) or by the msw worker (static build); the loader starts that worker first. The story's
 * `parameters.mockOcis` (a `MockRuntimeConfig`) is POSTed to `{serverUrl}/__mock/config` before the story renders.
 *
 * The story reaches its instance through `context.loaded.mockOcis` (render functions, play functions) or
 * `useStoryMock()` (components inside the story, through `withMockOcis`).
 */
import type { Decorator, Loader } from '@storybook/react-vite';
import { createContext, type ReactNode, useContext } from 'react';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import type { MockFaults, MockRuntimeConfig, MockState } from '../../src/mock/types.ts';

/** The key of `context.loaded` that holds the story's `StoryMock`. */
export const MOCK_OCIS_LOADED_KEY = 'mockOcis';

/** What `parameters.mockOcis` may hold: the instance's configuration, applied before the story renders. */
export type MockOcisParameter = MockRuntimeConfig;

/** The story's own mock oCIS instance. */
export interface StoryMock {
  /** Instance name, `{story id}-{random}`. */
  readonly name: string;
  /** Server URL for the uploader and for `fetch`: `{origin}/__mock-instances/{name}`, no trailing slash. */
  readonly serverUrl: string;
  /** A bearer token the instance accepts (`mockFixtures.token`). */
  readonly token: string;
  /** The story's `parameters.mockOcis`, as applied by the loader (`undefined` when the story sets none). */
  readonly config: MockRuntimeConfig | undefined;
  /** `serverUrl` + `path` (`path` starts with `/`). */
  url(path: string): string;
  /** `GET {serverUrl}/__mock/state`. */
  state(): Promise<MockState>;
  /** `POST {serverUrl}/__mock/config` (changes on top of the current configuration). */
  configure(config: MockRuntimeConfig): Promise<void>;
  /** `POST {serverUrl}/__mock/faults`: replaces the whole set of faults. */
  setFaults(faults: MockFaults): Promise<void>;
  /**
   * `POST {serverUrl}/__mock/reset` (fixtures back, uploads, faults and log cleared), then the story's
   * `parameters.mockOcis` again, unless `{ reapplyConfig: false }`.
   */
  reset(options?: { reapplyConfig?: boolean }): Promise<void>;
  /** The stored bytes of a file, by WebDAV `GET` through a space or share id (throws unless 200). */
  download(spaceId: string, path: string): Promise<Uint8Array<ArrayBuffer>>;
  /**
   * Called after every change made through this object (`configure`, `setFaults`, `reset`); the server inspector
   * refreshes on it. Returns the unsubscribe function.
   */
  onChange(listener: () => void): () => void;
}

// ---- transport ----------------------------------------------------------------------------------------------

let mswStarted: Promise<void> | undefined;

/**
 * Starts the msw worker that answers the mock's routes (the root instance and `/__mock-instances/{name}/…`),
 * once per page. Only the static build needs it: under `storybook dev` and Vitest the mock is Vite middleware on
 * the same origin, and this resolves at once.
 */
export function ensureMockOcisTransport(): Promise<void> {
  if (__MOCK_OCIS_TRANSPORT__ !== 'msw') return Promise.resolve();
  mswStarted ??= (async () => {
    const [{ setupWorker }, { createMockOcisRouter }, { mockOcisHandlers }] = await Promise.all([
      import('msw/browser'),
      import('../../src/mock/index.ts'),
      import('../../src/mock/msw.ts'),
    ]);
    // A router, like the dev middleware: the root mock plus isolated ones below `/__mock-instances/{name}/`.
    const worker = setupWorker(...mockOcisHandlers(createMockOcisRouter()));
    await worker.start({
      // Relative to the page (iframe.html), so a Storybook published below a sub-path finds its worker.
      serviceWorker: { url: new URL('mockServiceWorker.js', document.baseURI).href },
      onUnhandledRequest: 'bypass',
      quiet: true,
    });
  })();
  mswStarted.catch(() => {
    mswStarted = undefined;
  });
  return mswStarted;
}

// ---- the instance -------------------------------------------------------------------------------------------

/** Instance names the router accepts: `[A-Za-z0-9_.-]{1,80}`. */
const NAME_LIMIT = 80;

function instanceName(storyId: string): string {
  const random = Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  const base = storyId.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, NAME_LIMIT - random.length - 1) || 'story';
  return `${base}-${random}`;
}

async function expectStatus(response: Response, what: string, ...statuses: number[]): Promise<void> {
  if (!statuses.includes(response.status)) {
    const body = await response.text().catch(() => '');
    throw new Error(`${what} answered ${response.status}${body ? `: ${body}` : ''}`);
  }
}

/** A handle on the instance `name` of the page's origin (created by the server on first use). */
export function createStoryMock(name: string, config?: MockRuntimeConfig): StoryMock {
  const serverUrl = `${location.origin}/__mock-instances/${name}`;
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const post = async (path: string, body?: unknown) => {
    const response = await fetch(`${serverUrl}${path}`, {
      method: 'POST',
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    await expectStatus(response, `POST ${path}`, 204);
  };
  const mock: StoryMock = {
    name,
    serverUrl,
    token: mockFixtures.token,
    config,
    url: (path) => `${serverUrl}${path}`,
    async state() {
      const response = await fetch(`${serverUrl}/__mock/state`, { cache: 'no-store' });
      await expectStatus(response, 'GET /__mock/state', 200);
      return (await response.json()) as MockState;
    },
    async configure(next) {
      await post('/__mock/config', next);
      changed();
    },
    async setFaults(faults) {
      await post('/__mock/faults', faults);
      changed();
    },
    async reset({ reapplyConfig = true } = {}) {
      await post('/__mock/reset');
      if (reapplyConfig && config) await post('/__mock/config', config);
      changed();
    },
    async download(spaceId, path) {
      const encoded = path.split('/').map(encodeURIComponent).join('/');
      const response = await fetch(`${serverUrl}/remote.php/dav/spaces/${spaceId}${encoded}`, {
        headers: { Authorization: `Bearer ${mockFixtures.token}` },
        cache: 'no-store',
      });
      await expectStatus(response, `GET ${path}`, 200);
      return new Uint8Array(await response.arrayBuffer());
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return mock;
}

/**
 * Global loader: a fresh instance for every story render, configured from `parameters.mockOcis` before the
 * story renders. Loaders run in parallel, so this one starts the msw worker itself before its first request.
 */
export const mockOcisLoader: Loader = async (context) => {
  const config = context.parameters.mockOcis as MockOcisParameter | undefined;
  const mock = createStoryMock(instanceName(context.id), config);
  await ensureMockOcisTransport();
  if (config) await mock.configure(config);
  return { [MOCK_OCIS_LOADED_KEY]: mock };
};

// ---- React ----------------------------------------------------------------------------------------------------

const StoryMockContext = createContext<StoryMock | undefined>(undefined);

export function StoryMockProvider({ mock, children }: { mock: StoryMock; children: ReactNode }) {
  return <StoryMockContext.Provider value={mock}>{children}</StoryMockContext.Provider>;
}

/** The story's mock instance, for components rendered inside a story (throws outside of one). */
export function useStoryMock(): StoryMock {
  const mock = useContext(StoryMockContext);
  if (!mock) throw new Error('useStoryMock() needs the withMockOcis decorator and mockOcisLoader (see preview.ts).');
  return mock;
}

/** The story's mock instance, or `undefined` outside of a story. */
export function useOptionalStoryMock(): StoryMock | undefined {
  return useContext(StoryMockContext);
}

/** The `StoryMock` in a story context's `loaded` (throws when the loader did not run). */
export function storyMockOf(loaded: Record<string, unknown> | undefined): StoryMock {
  const mock = loaded?.[MOCK_OCIS_LOADED_KEY] as StoryMock | undefined;
  if (!mock || typeof mock.serverUrl !== 'string') {
    throw new Error('context.loaded.mockOcis is missing: is mockOcisLoader registered in .storybook/preview.ts?');
  }
  return mock;
}

/** Global decorator: provides the story's instance to `useStoryMock()`. */
export const withMockOcis: Decorator = (Story, context) => {
  const mock = context.loaded[MOCK_OCIS_LOADED_KEY] as StoryMock | undefined;
  if (!mock) return <Story />;
  return (
    <StoryMockProvider mock={mock}>
      <Story />
    </StoryMockProvider>
  );
};
