/**
 * A refused token from another origin than the server, in real Chromium against the mock (whose 401 carries no
 * CORS headers, like oCIS's proxy): the page sees no answer at all, yet files wait for sign-in (as for a 401 on the
 * same origin), never fail as "network", and go on with a good token.
 */
import { describe, expect, it } from 'vitest';
import { createSpaceUploader, type UploadContext } from '../../src/core/index.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { mockInstance, randomBytes, sha1, until } from './mock-client.ts';

const { personal } = mockFixtures;
const KiB = 1024;
const context: UploadContext = {
  space: { id: personal.id, name: personal.name, driveAlias: personal.driveAlias, driveType: personal.driveType },
  folder: { path: '/' },
};

/** The same mock under the other loopback name: another origin for the browser, allowed by its CORS. */
async function crossOriginMock(label: string, protocol: 'tus' | 'put' = 'tus') {
  const mock = mockInstance(label);
  await mock.configure({
    capabilities: protocol === 'put' ? { tus: false } : { tus: { max_chunk_size: 64 * KiB } },
    cors: { allowedOrigins: [location.origin] },
  });
  const url = new URL(mock.serverUrl);
  url.hostname = url.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  return { mock, serverUrl: url.href.replace(/\/$/, '') };
}

const held = (s: ReturnType<ReturnType<typeof createSpaceUploader>['getSnapshot']>) =>
  s.signInRequired && s.items.length > 0 && s.items.every((i) => i.hold === 'sign-in');

describe('a refused token across origins (no answer at all) waits for sign-in', () => {
  it('a fixed refused token while the batch is checked: held, then signedIn(good) uploads and verifies', async () => {
    const { mock, serverUrl } = await crossOriginMock('xo-sign-in-checks');
    const uploader = createSpaceUploader({ serverUrl, accessToken: 'garbage' });
    const files = [new File([randomBytes(3000)], 'a.bin'), new File([randomBytes(100 * KiB)], 'b.bin')];
    uploader.addFiles(files, context);
    const done = uploader.upload();
    const waiting = await until(uploader, held);
    expect(waiting.items.map((i) => [i.status, i.hold, i.error?.kind])).toEqual([
      ['paused', 'sign-in', undefined],
      ['paused', 'sign-in', undefined],
    ]);
    expect(waiting.totals.counts.failed).toBe(0);
    // The page saw no 401: the mock refused the token without CORS headers, and the probe asked once.
    const before = await mock.state();
    expect(before.requests.filter((r) => r.status === 401 && r.method === 'PROPFIND').length).toBeGreaterThan(0);
    const probes = before.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/graph/v1.0/me/drives'));
    expect(probes.map((r) => r.status)).toEqual([401]);

    uploader.signedIn(mockFixtures.token);
    const outcome = await done;
    expect(outcome.failed).toEqual([]);
    expect(outcome.successful.map((r) => r.verified)).toEqual([true, true]);
    const state = await mock.state();
    for (const f of files)
      expect(
        state.files.filter((s) => s.path === `/${f.name}`).map((s) => s.sha1),
        f.name,
      ).toEqual([await sha1(f)]);
    expect(uploader.getSnapshot().signInRequired).toBe(false);
    uploader.destroy();
  });

  it.each(['tus', 'put'] as const)(
    'refused once the batch is planned (%s; the refresh gives a refused token too): held, then uploaded',
    async (protocol) => {
      const { mock, serverUrl } = await crossOriginMock(`xo-sign-in-transfer-${protocol}`, protocol);
      let refused = false;
      const uploader = createSpaceUploader({
        serverUrl,
        accessToken: () => (refused ? 'expired' : mockFixtures.token),
        transfer: { retryDelays: [0, 50, 100] },
      });
      uploader.on('planned', () => {
        refused = true;
      });
      const files = [new File([randomBytes(2000)], 'c.bin'), new File([randomBytes(90 * KiB)], 'd.bin')];
      uploader.addFiles(files, context);
      const done = uploader.upload();
      const waiting = await until(uploader, (s) => held(s) && s.totals.counts.uploading === 0);
      expect(waiting.totals.counts.failed).toBe(0);
      const refusedSends = (await mock.state()).requests.filter(
        (r) => r.status === 401 && (r.route === 'tus-create' || r.route === 'webdav-put'),
      );
      expect(refusedSends.length).toBeGreaterThan(0);

      uploader.signedIn(mockFixtures.token);
      const outcome = await done;
      expect(outcome.failed).toEqual([]);
      const state = await mock.state();
      for (const f of files)
        expect(
          state.files.filter((s) => s.path === `/${f.name}`).map((s) => s.sha1),
          f.name,
        ).toEqual([await sha1(f)]);
      uploader.destroy();
    },
  );
});

describe('the same origin: a token refused while the batch is checked waits for sign-in too', () => {
  const sessionOver = (): string => {
    throw new Error('the session is over');
  };
  it.each([
    ['a fixed refused token (401)', 'garbage'],
    ['a token function that fails', sessionOver],
  ] as const)('%s: held, not failed; signedIn(good) checks the batch again and uploads it', async (_, token) => {
    const mock = mockInstance('same-origin-sign-in-checks');
    await mock.configure({ capabilities: { tus: { max_chunk_size: 64 * KiB } } });
    const uploader = createSpaceUploader({ serverUrl: mock.serverUrl, accessToken: token });
    const f = new File([randomBytes(5000)], 'e.bin');
    uploader.addFiles([f], context);
    const done = uploader.upload();
    const waiting = await until(uploader, held);
    expect(waiting.items.map((i) => [i.status, i.hold])).toEqual([['paused', 'sign-in']]);
    // Capabilities answer without a token: the uploader itself has not failed.
    expect([waiting.status, waiting.error]).toEqual(['paused', undefined]);
    uploader.signedIn(mockFixtures.token);
    expect((await done).failed).toEqual([]);
    expect((await mock.state()).files.find((s) => s.path === '/e.bin')?.sha1).toBe(await sha1(f));
    uploader.destroy();
  });
});

describe('a token function that starts failing once files upload', () => {
  it.each(['tus', 'put'] as const)(
    '%s: the files wait for sign-in (never stuck uploading), then go on',
    async (protocol) => {
      const mock = mockInstance(`token-fails-in-transfer-${protocol}`);
      await mock.configure({
        capabilities: protocol === 'put' ? { tus: false } : { tus: { max_chunk_size: 64 * KiB } },
      });
      let failing = false;
      const uploader = createSpaceUploader({
        serverUrl: mock.serverUrl,
        accessToken: () => {
          if (failing) throw new Error('the session is over');
          return mockFixtures.token;
        },
        transfer: { retryDelays: [0, 50, 100] },
      });
      uploader.on('planned', () => {
        failing = true;
      });
      const f = new File([randomBytes(4000)], `g-${protocol}.bin`);
      uploader.addFiles([f], context);
      const done = uploader.upload();
      const waiting = await until(uploader, held);
      expect(waiting.items.map((i) => [i.status, i.hold])).toEqual([['paused', 'sign-in']]);
      uploader.signedIn(mockFixtures.token);
      expect((await done).failed).toEqual([]);
      expect((await mock.state()).files.find((s) => s.path === `/${f.name}`)?.sha1).toBe(await sha1(f));
      uploader.destroy();
    },
  );
});
