import { describe, expect, it } from 'vitest';
import type { UploadCapabilities } from '../../src/core/capabilities.ts';
import { DEFAULT_LIMIT, RETRY_POLICY, resolveTransfer, retryDecision, supportsTus } from '../../src/core/transfer.ts';

const caps = (tus: Partial<NonNullable<UploadCapabilities['tus']>> | undefined): UploadCapabilities => ({
  tus: tus && {
    version: '1.0.0',
    resumable: '1.0.0',
    extensions: new Set(['creation', 'creation-with-upload']),
    maxChunkSize: 10000000,
    methodOverride: false,
    ...tus,
  },
  checksumTypes: ['sha1'],
  preferredChecksum: 'sha1',
  serverVersion: undefined,
});

describe('supportsTus', () => {
  it.each([
    [{}, true],
    [{ maxChunkSize: 0 }, false],
    [{ version: '2.0.0', resumable: '2.0.0' }, false],
    [{ version: undefined, resumable: '1.0.0' }, true],
    [{ version: '0.2.0,1.0.0', resumable: undefined }, true],
    [{ version: undefined, resumable: undefined }, false],
  ])('%j → %s', (tus, expected) => {
    expect(supportsTus(caps(tus))).toBe(expected);
  });
  it('no tus_support → no tus', () => expect(supportsTus(caps(undefined))).toBe(false));
});

describe('resolveTransfer', () => {
  it('takes chunk size, override and creation-with-upload from the capabilities', () => {
    expect(resolveTransfer(caps({ methodOverride: true }))).toEqual({
      protocol: 'tus',
      chunkSize: 10000000,
      overridePatchMethod: true,
      uploadDataDuringCreation: true,
      removeFingerprintOnSuccess: true,
      limit: DEFAULT_LIMIT,
      retryDelays: [0, 1000, 3000, 5000],
      stallMs: 30_000,
      bodilessStallMs: 15_000,
      // The default: hashed while uploading and compared with the server's SHA-1 afterwards.
      checksum: { wholeFile: false, perChunk: false, verify: true },
    });
  });

  it('sends no data during creation without the creation-with-upload extension', () => {
    const t = resolveTransfer(caps({ extensions: new Set(['creation']) }));
    expect(t.protocol === 'tus' && t.uploadDataDuringCreation).toBe(false);
  });

  it.each([[caps(undefined)], [caps({ maxChunkSize: 0 })], [caps({ version: '9', resumable: '9' })]])(
    'falls back to PUT when tus is not usable (%#)',
    (c) => {
      expect(resolveTransfer(c)).toEqual({
        protocol: 'put',
        limit: 5,
        retryDelays: [0, 1000, 3000, 5000],
        stallMs: 30_000,
        checksum: { wholeFile: false, perChunk: false, verify: true },
      });
    },
  );

  it('lets the integrator override every value, but never above the server chunk size', () => {
    expect(
      resolveTransfer(caps({}), {
        chunkSize: 1000,
        overridePatchMethod: true,
        uploadDataDuringCreation: false,
        removeFingerprintOnSuccess: false,
        limit: 2,
        retryDelays: [5],
        checksum: 'both',
        stallMs: 1000,
        bodilessStallMs: 500,
      }),
    ).toEqual({
      protocol: 'tus',
      chunkSize: 1000,
      overridePatchMethod: true,
      uploadDataDuringCreation: false,
      removeFingerprintOnSuccess: false,
      limit: 2,
      retryDelays: [5],
      stallMs: 1000,
      bodilessStallMs: 500,
      checksum: { wholeFile: true, perChunk: true, verify: true },
    });
    const t = resolveTransfer(caps({ maxChunkSize: 500 }), { chunkSize: 1000 });
    expect(t.protocol === 'tus' && t.chunkSize).toBe(500);
  });

  it.each([
    ['verify', ['sha1'], { wholeFile: false, perChunk: false, verify: true }],
    ['whole-file', ['sha1'], { wholeFile: true, perChunk: false, verify: true }],
    ['per-chunk', ['sha1'], { wholeFile: false, perChunk: true, verify: false }],
    ['both', ['sha1'], { wholeFile: true, perChunk: true, verify: true }],
    ['off', ['sha1'], { wholeFile: false, perChunk: false, verify: false }],
    // The server would refuse a SHA-1 metadata checksum, and reports none to verify against.
    ['both', ['md5'], { wholeFile: false, perChunk: true, verify: false }],
    ['verify', ['md5'], { wholeFile: false, perChunk: false, verify: false }],
    ['whole-file', [], { wholeFile: true, perChunk: false, verify: true }],
  ] as const)('checksum %s with server types %j → %j', (checksum, checksumTypes, expected) => {
    expect(resolveTransfer({ ...caps({}), checksumTypes }, { checksum }).checksum).toEqual(expected);
  });

  it('refuses an unknown checksum mode; PUT never sends per-chunk checksums', () => {
    expect(() => resolveTransfer(caps({}), { checksum: 'md5' as never })).toThrow(/checksum must be/);
    expect(resolveTransfer(caps(undefined), { checksum: 'both' }).checksum).toEqual({
      wholeFile: true,
      perChunk: false,
      verify: true,
    });
  });

  it('PUT when asked, even if tus works', () => {
    expect(resolveTransfer(caps({}), { protocol: 'put' }).protocol).toBe('put');
  });

  it('refuses tus when asked for it but the server cannot', () => {
    expect(() => resolveTransfer(caps(undefined), { protocol: 'tus' })).toThrow(/no usable tus support/);
  });

  it.each([
    [{ chunkSize: 0 }, /chunkSize must be a whole number > 0/],
    [{ limit: -1 }, /limit must be/],
    [{ stallMs: 0 }, /stallMs must be/],
    [{ limit: 1.5 }, /limit must be/],
    [{ retryDelays: [-1] }, /retryDelays/],
  ])('refuses %j', (options, message) => {
    expect(() => resolveTransfer(caps({}), options)).toThrow(message);
  });
});

describe('retry policy', () => {
  it.each([
    [undefined, 'retry'],
    [0, 'retry'],
    [401, 'refresh-token-and-retry'],
    [409, 'retry'],
    [423, 'retry'],
    [460, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [504, 'retry'],
    [400, 'fail'],
    [403, 'fail'],
    [404, 'fail'],
    [412, 'fail'],
    [413, 'fail'],
    [507, 'fail'],
    [501, 'fail'],
  ])('%s → %s', (status, decision) => {
    expect(retryDecision(status)).toBe(decision);
  });

  it.each([
    [403, 'retry'],
    [404, 'retry'],
    [412, 'fail'],
  ] as const)('%s on the upload URL → %s (a fresh upload follows)', (status, decision) => {
    expect(retryDecision(status, true)).toBe(decision);
  });

  it('the documented table says the same as the code', () => {
    for (const row of RETRY_POLICY) {
      const statuses = row.when.match(/\b[1-5]\d\d\b/g)?.map(Number) ?? [];
      const onUploadUrl = row.when.includes('on the upload URL');
      const onCreation = (s: number) => new RegExp(`\\b${s}(/\\d+)* on creation`).test(row.when);
      if (row.when.startsWith('no answer')) expect(retryDecision(undefined)).toBe(row.decision);
      for (const status of statuses) {
        const decision = retryDecision(status, onUploadUrl && !onCreation(status));
        expect(decision, `${row.when}: ${status}`).toBe(row.decision);
      }
    }
  });
});

describe('toUploadError', () => {
  it('an UploadError of ours wrapped by tus-js-client (causingError) and Uppy (cause) comes back as it was', async () => {
    const { toUploadError } = await import('../../src/core/uploader/transport-errors.ts');
    const { UploadError } = await import('../../src/core/errors.ts');
    const own = new UploadError('the access token could not be obtained', { kind: 'unauthorized' });
    const tus = Object.assign(new Error('tus: failed to create upload'), { causingError: own });
    expect(toUploadError(new Error('uppy', { cause: tus }))).toBe(own);
    // Anything else is read from the request as before.
    expect(toUploadError(new Error('tus: failed', { cause: new Error('offline') }))).toMatchObject({ kind: 'network' });
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds and HTTP dates; ignores what it cannot read', async () => {
    const { retryAfterMs } = await import('../../src/core/uploader/transport-errors.ts');
    const now = Date.UTC(2026, 10, 24, 12, 0, 0);
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Tue, 24 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Tue, 24 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
