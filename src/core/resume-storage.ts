/**
 * Where resume records live: Web Storage (`localStorage` by default), or memory for this page when there is none,
 * behind a guard that turns every storage failure into a value.
 */

/** The part of the Web Storage API used here (`localStorage`, `sessionStorage`, or a stand-in). */
export interface ResumeStorageBackend {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Every record key starts with this, then the user id (records of other apps are never touched). */
export const RECORD_KEY_PREFIX = 'space-uploader:resume:';

/** Web Storage in memory: records for this page only. */
export function memoryStorage(): ResumeStorageBackend {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

export function defaultBackend(): ResumeStorageBackend {
  try {
    const storage = globalThis.localStorage;
    if (storage) {
      // Read only: a full storage still holds readable records (writes are guarded one by one, see `guarded`).
      storage.getItem(`${RECORD_KEY_PREFIX}probe`);
      return storage;
    }
  } catch {
    // Storage disabled (privacy settings): fall through.
  }
  return memoryStorage();
}

/**
 * Web Storage whose every call may throw (full, disabled, a browser's privacy mode): a failed write is reported,
 * never thrown into an upload (a PATCH that succeeded must not fail because its expiry could not be noted).
 */
export function guarded(storage: ResumeStorageBackend) {
  const attempt = <T>(work: () => T, otherwise: T): T => {
    try {
      return work();
    } catch {
      return otherwise;
    }
  };
  return {
    get length() {
      return attempt(() => storage.length, 0);
    },
    key: (index: number) => attempt(() => storage.key(index), null),
    getItem: (key: string) => attempt(() => storage.getItem(key), null),
    setItem: (key: string, value: string): boolean =>
      attempt(() => {
        storage.setItem(key, value);
        return true;
      }, false),
    removeItem: (key: string) => attempt(() => storage.removeItem(key), undefined),
  };
}
