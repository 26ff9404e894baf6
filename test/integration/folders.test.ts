/** createFolders against the mock over real HTTP: parents first, a few at once, 405 merged, failures inherited. */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { folderUrl } from '../../src/core/endpoints.ts';
import { createFolders, foldersToCreate } from '../../src/core/folders.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { type RunningMockOcis, startMockOcis } from '../../src/mock/node.ts';

const spaceId = mockFixtures.personal.id;
const auth = { Authorization: `Bearer ${mockFixtures.token}` };
let server: RunningMockOcis;
beforeAll(async () => {
  server = await startMockOcis({ port: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.mock.reset());

const options = (extra: Partial<Parameters<typeof createFolders>[1]> = {}) => ({
  serverUrl: server.url,
  spaceId,
  headers: async () => ({ ...auth }),
  ...extra,
});

it('foldersToCreate adds every ancestor below the base, parents first', () => {
  expect(foldersToCreate(['/Docs/A/b/c', '/Docs/A/x'], '/Docs')).toEqual([
    '/Docs/A',
    '/Docs/A/b',
    '/Docs/A/x',
    '/Docs/A/b/c',
  ]);
  expect(() => foldersToCreate(['/Other/A'], '/Docs')).toThrow(RangeError);
});

it('an existing folder answers 405 and counts as merged; a failed folder fails everything below it', async () => {
  await fetch(folderUrl(server.url, spaceId, '/A'), { method: 'MKCOL', headers: auth });
  server.mock.setFaults({ rules: [{ type: 'status', status: 423, route: 'mkcol', nth: 2 }] });
  const settled: string[] = [];
  const outcomes = await createFolders(['/A/b', '/L/m/n'], options({ onOutcome: (o) => settled.push(o.path) }));
  expect(Object.fromEntries([...outcomes].map(([p, o]) => [p, [o.status, o.error?.kind]]))).toEqual({
    '/A': ['exists', undefined],
    '/L': ['failed', 'locked'],
    '/A/b': ['created', undefined],
    '/L/m': ['failed', 'locked'],
    '/L/m/n': ['failed', 'locked'],
  });
  expect(settled.sort()).toEqual(['/A', '/A/b', '/L', '/L/m', '/L/m/n']);
  // Nothing below the failed folder was even tried.
  const tried = server.mock
    .state()
    .requests.filter((r) => r.route === 'mkcol')
    .map((r) => decodeURIComponent(r.path));
  expect(tried.some((p) => p.endsWith('/L/m'))).toBe(false);
});

it('exact mode creates only the folders given', async () => {
  await fetch(folderUrl(server.url, spaceId, '/P'), { method: 'MKCOL', headers: auth });
  const outcomes = await createFolders(['/P/q', '/P/q/r'], options({ exact: true }));
  expect([...outcomes.keys()]).toEqual(['/P/q', '/P/q/r']);
  expect(server.mock.state().requests.filter((r) => r.route === 'mkcol')).toHaveLength(3); // the seed + 2
});

it('never more than `concurrency` MKCOLs at once', async () => {
  server.mock.setFaults({ latencyMs: 30 });
  let open = 0;
  let most = 0;
  const counting: typeof fetch = async (input, init) => {
    most = Math.max(most, ++open);
    try {
      return await fetch(input, init);
    } finally {
      open--;
    }
  };
  const paths = Array.from({ length: 12 }, (_, i) => `/C${i}`);
  const outcomes = await createFolders(paths, options({ fetch: counting, concurrency: 2 }));
  expect([...outcomes.values()].every((o) => o.status === 'created')).toBe(true);
  expect(most).toBe(2);
});
