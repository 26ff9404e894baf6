/**
 * `space-uploader/mock`: a mock ownCloud Infinite Scale server that runs anywhere (browser, service worker,
 * Node). It imports no msw (an optional peer): the msw handlers are `space-uploader/mock/msw`. For real HTTP in
 * Node see `space-uploader/mock/node`.
 */
export {
  type MockFixtureItem,
  type MockFixtureShare,
  type MockFixtureSpace,
  type MockFixtures,
  mockFixtures,
} from './fixtures.js';
export { createMemoryStore } from './memory-store.js';
export {
  createMockOcisRouter,
  MOCK_INSTANCES_PATH,
  type MockOcisRouter,
  type MockOcisRouterOptions,
} from './router.js';
export { createMockOcis, DEFAULT_TUS_SUPPORT, LOGGED_HEADERS, validateFaults } from './server.js';
export type * from './types.js';
