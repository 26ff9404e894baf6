/**
 * Uppy prints every failed request to the console by default ("[Uppy] tus: unexpected response…"). The uploader
 * reports each failure itself as a typed UploadError and handles most, so its Uppy is silent unless the app passes
 * a logger.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSpaceUploader, type UploadContext, type UploaderLogger } from '../../src/core/index.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { mockInstance } from './mock-client.ts';

const { personal } = mockFixtures;
const context: UploadContext = { space: { id: personal.id }, folder: { path: '/' } };

async function failingUpload(logger?: UploaderLogger) {
  const mock = mockInstance('uppy-logger');
  await mock.configure({ faults: { rules: [{ type: 'status', status: 500, route: 'tus-create' }] } });
  const uploader = createSpaceUploader({
    serverUrl: mock.serverUrl,
    accessToken: () => mockFixtures.token,
    transfer: { retryDelays: [] },
    ...(logger ? { logger } : {}),
  });
  uploader.addFiles([new File(['refused'], 'refused.txt')], context);
  const outcome = await uploader.upload();
  uploader.destroy();
  return outcome;
}

afterEach(() => vi.restoreAllMocks());

describe("Uppy's logger", () => {
  it('by default says nothing on the console: the failure comes back typed, with its request id', async () => {
    const error = vi.spyOn(console, 'error');
    const warn = vi.spyOn(console, 'warn');
    const outcome = await failingUpload();
    expect(outcome.failed).toHaveLength(1);
    expect(outcome.failed[0]?.error.details.status).toBe(500);
    expect(outcome.failed[0]?.error.details.requestId).toBeTruthy();
    const uppyLines = [...error.mock.calls, ...warn.mock.calls].filter((args) => String(args[0]).includes('[Uppy]'));
    expect(uppyLines).toEqual([]);
  });

  it('an app that passes a logger gets what Uppy has to say', async () => {
    const logger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const outcome = await failingUpload(logger);
    expect(outcome.failed).toHaveLength(1);
    expect(logger.error.mock.calls.map((args) => args.map(String).join(' ')).join('\n')).toMatch(/500/);
  });
});
