/** The resume store on its own: storage that fails, records matched by the file object or its edges. */
import { describe, expect, it } from 'vitest';
import {
  createResumeStore,
  memoryStorage,
  type ResumeFileInfo,
  type ResumeStorageBackend,
} from '../../src/core/resume.ts';

const info = (extra: Partial<ResumeFileInfo> = {}): ResumeFileInfo => ({
  name: 'a.bin',
  size: 10,
  lastModified: 1_760_000_000_000,
  spaceId: 's$1',
  path: '/a.bin',
  partialHash: undefined,
  ...extra,
});
const upload = (uploadUrl: string) => ({
  size: 10,
  metadata: {},
  creationTime: new Date(0).toISOString(),
  urlStorageKey: '',
  uploadUrl,
  parallelUploadUrls: null,
});

/** Web Storage that is full: reads work, every write throws (as browsers do with QuotaExceededError). */
function fullStorage(records: Record<string, string> = {}): ResumeStorageBackend {
  const inner = memoryStorage();
  for (const [key, value] of Object.entries(records)) inner.setItem(key, value);
  return {
    get length() {
      return inner.length;
    },
    key: (i) => inner.key(i),
    getItem: (k) => inner.getItem(k),
    setItem: () => {
      throw new DOMException('full', 'QuotaExceededError');
    },
    removeItem: (k) => inner.removeItem(k),
  };
}

describe('createResumeStore', () => {
  it('full storage: a new record is not kept and noting an expiry does not throw; existing records still read', async () => {
    const existing = memoryStorage();
    const writer = createResumeStore({ userId: 'u', storage: existing, describe: () => info() });
    const key = await writer.addUpload('fp', upload('https://o.test/data/1'));
    const copy = Object.fromEntries([key].map((k) => [k, existing.getItem(k) as string]));

    const store = createResumeStore({ userId: 'u', storage: fullStorage(copy), describe: () => info() });
    expect(store.list().map((r) => r.uploadUrl)).toEqual(['https://o.test/data/1']);
    expect(await store.addUpload('fp2', upload('https://o.test/data/2'))).toBe('');
    expect(() => store.noteExpiry('https://o.test/data/1', Date.now() / 1000 + 60)).not.toThrow();
    expect(store.list()).toHaveLength(1);
  });

  it('storage that throws on every call (disabled): nothing throws, nothing is listed', async () => {
    const broken: ResumeStorageBackend = {
      get length(): number {
        throw new DOMException('denied', 'SecurityError');
      },
      key: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    const store = createResumeStore({ userId: 'u', storage: broken, describe: () => info() });
    expect(store.list()).toEqual([]);
    expect(await store.addUpload('fp', upload('https://o.test/data/1'))).toBe('');
    expect(await store.findUploadsByFingerprint('fp')).toEqual([]);
    expect(() => store.forget()).not.toThrow();
  });

  it('the same file object matches its record without an edge hash; another object with the same name does not', async () => {
    const file = new Blob(['0123456789']);
    let current = info({ source: file });
    const store = createResumeStore({ userId: 'u', storage: memoryStorage(), describe: () => current });
    await store.addUpload('fp', upload('https://o.test/data/1'));
    expect((await store.findUploadsByFingerprint('fp')).map((u) => u.uploadUrl)).toEqual(['https://o.test/data/1']);
    current = info({ source: new Blob(['9876543210']) });
    expect(await store.findUploadsByFingerprint('fp')).toEqual([]);
    // Across a reload there is no object to compare: the edges' hash decides.
    current = info({ partialHash: 'abc' });
    expect(await store.findUploadsByFingerprint('fp')).toEqual([]);
  });
});
