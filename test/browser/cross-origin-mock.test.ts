/**
 * The library against the mock from another origin, in real Chromium: the mock's CORS follows the real server's
 * (allowed origins, its default request-header list, few exposed headers, a 401 without CORS headers), so a
 * cross-origin mistake fails here as it does in production. The page is on `localhost`; the mock is reached as
 * `127.0.0.1` (the same Vite server, another origin), allowed by the instance's `cors` configuration.
 */
import { describe, expect, it } from 'vitest';
import { createSpaceUploader, type UploadContext } from '../../src/core/index.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { mockInstance, randomBytes, sha1 } from './mock-client.ts';

const { personal } = mockFixtures;
const context: UploadContext = {
  space: { id: personal.id, name: personal.name, driveAlias: personal.driveAlias, driveType: personal.driveType },
  folder: { path: '/' },
};

/** The same mock instance under the other loopback name: another origin for the browser. */
function otherOrigin(url: string): string {
  const parsed = new URL(url);
  parsed.hostname = parsed.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  return parsed.href.replace(/\/$/, '');
}

async function crossOriginMock(label: string, allowOrigin: boolean) {
  const mock = mockInstance(label);
  await mock.configure({
    capabilities: { tus: { max_chunk_size: 64 * 1024 } },
    ...(allowOrigin ? { cors: { allowedOrigins: [location.origin] } } : {}),
  });
  return { mock, serverUrl: otherOrigin(mock.serverUrl) };
}

const files = () => [
  new File([randomBytes(1000)], 'small.txt', { lastModified: Date.UTC(2026, 0, 2) }),
  new File([randomBytes(150 * 1024)], 'chunked.bin', { lastModified: Date.UTC(2026, 0, 2) }),
];

describe('uploads from another origin than the mock', () => {
  it('go through with the default headers: bytes stored, ids found, no refused header sent', async () => {
    const { mock, serverUrl } = await crossOriginMock('cors-ok', true);
    expect(new URL(serverUrl).origin).not.toBe(location.origin);
    const uploader = createSpaceUploader({ serverUrl, accessToken: () => mockFixtures.token });
    const picked = files();
    uploader.addFiles(picked, context);
    const outcome = await uploader.upload();
    uploader.destroy();
    expect(outcome.failed).toEqual([]);
    const state = await mock.state();
    for (const f of picked) {
      const stored = state.files.find((s) => s.path === `/${f.name}`);
      expect(stored?.sha1, f.name).toBe(await sha1(f));
      expect(outcome.successful.find((r) => r.name === f.name)?.fileId, f.name).toBe(stored?.fileId);
    }
    const sent = state.requests.filter((r) => r.method !== 'OPTIONS');
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) {
      expect(request.headers['initiator-id'], `${request.method} ${request.path}`).toBeUndefined();
    }
    // The chunked file went on by PATCH to the upload URL (tusd's own CORS rules) after its creation.
    expect(sent.some((r) => r.route === 'tus-patch')).toBe(true);
    // The browser asked first: preflights reached the mock and were answered for this origin.
    expect(state.requests.some((r) => r.method === 'OPTIONS')).toBe(true);
  });

  it('an opt-in header the server does not allow fails the request, as on a real server', async () => {
    const { mock, serverUrl } = await crossOriginMock('cors-refused-header', true);
    const uploader = createSpaceUploader({
      serverUrl,
      accessToken: () => mockFixtures.token,
      corsAllowedHeaders: ['Initiator-ID'],
      transfer: { retryDelays: [] },
    });
    uploader.addFiles([new File(['x'], 'refused.txt')], context);
    const outcome = await uploader.upload();
    uploader.destroy();
    expect(outcome.successful).toEqual([]);
    expect(outcome.failed).toHaveLength(1);
    expect((await mock.state()).files.find((s) => s.path === '/refused.txt')).toBeUndefined();
  });

  it('an origin the server does not list gets nothing through', async () => {
    const { mock, serverUrl } = await crossOriginMock('cors-refused-origin', false);
    const uploader = createSpaceUploader({
      serverUrl,
      accessToken: () => mockFixtures.token,
      transfer: { retryDelays: [] },
    });
    uploader.addFiles([new File(['x'], 'nope.txt')], context);
    const outcome = await uploader.upload();
    uploader.destroy();
    expect(outcome.failed).toHaveLength(1);
    expect((await mock.state()).files).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ path: '/nope.txt' })]),
    );
  });
});
