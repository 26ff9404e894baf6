/**
 * Resume records: what it takes to continue an upload after a reload or crash (its upload URL, when that URL
 * expires, which file and where to), kept per user in Web Storage and handed to tus-js-client as its
 * `urlStorage`. Unlike tus-js-client's default store (and the oCIS web UI), records are keyed by user, hold no
 * access token and no metadata beyond name and target, match a file only when a hash of its first and last
 * bytes agrees, and are purged once finished or expired.
 */

/** The part of the Web Storage API used here (`localStorage`, `sessionStorage`, or a stand-in). */
export interface ResumeStorageBackend {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface ResumeRecord {
  /** Storage key (also tus-js-client's `urlStorageKey`). */
  key: string;
  fingerprint: string;
  uploadUrl: string;
  /** Milliseconds since the epoch: from `Upload-Expires`, else 24 h after creation (oCIS's default). */
  expiresAt: number;
  createdAt: number;
  name: string;
  size: number;
  lastModified: number | undefined;
  spaceId: string;
  /** Where the file goes, e.g. `/Docs/a.pdf`. */
  path: string;
  /** SHA-1 (hex) of the file's first and last 64 KiB and its size: the same name and size is not enough. */
  partialHash: string | undefined;
  /** Where it was going (space, folder, route: what its metadata needs again; never a token). */
  context: ResumeContext | undefined;
  /** Its place inside a dropped folder (`/Photos/2024/a.jpg`) and that folder's id, for its metadata. */
  relativePath?: string;
  topLevelFolderId?: string;
  /** The file's bytes are kept in IndexedDB (`keepFileBytes`): it can continue without being picked again. */
  hasBytes: boolean;
}

/** The upload context as kept in a record (plain data). */
export interface ResumeContext {
  space: { id: string; name?: string; driveAlias?: string; driveType?: string };
  folder?: { path: string; id?: string };
  route?: { name?: string; driveAliasAndItem?: string; shareId?: string };
}

/** What the uploader knows about the file behind a fingerprint. */
export interface ResumeFileInfo {
  name: string;
  size: number;
  lastModified: number | undefined;
  spaceId: string;
  path: string;
  partialHash: string | undefined;
  context?: ResumeContext;
  relativePath?: string;
  topLevelFolderId?: string;
  /** The file itself, kept in IndexedDB when `keepFileBytes` is on. */
  file?: Blob;
  /** A record this file continues (`continueInterrupted`): matched by key, not by fingerprint. */
  resumeKey?: string;
  /** The file object itself (kept in memory only, never stored): within the page, the same object is the same file. */
  source?: Blob;
  /** Told which stored upload URL tus goes on with (so a fresh upload after it can be noticed). */
  onResume?: (uploadUrl: string) => void;
}

/** tus-js-client's `PreviousUpload` / `UrlStorage` (declared here so the core's types need no tus-js-client). */
export interface TusPreviousUpload {
  size: number | null;
  metadata: Record<string, string>;
  creationTime: string;
  urlStorageKey: string;
  uploadUrl: string | null;
  parallelUploadUrls: string[] | null;
}
export interface TusUrlStorage {
  findAllUploads(): Promise<TusPreviousUpload[]>;
  findUploadsByFingerprint(fingerprint: string): Promise<TusPreviousUpload[]>;
  removeUpload(urlStorageKey: string): Promise<void>;
  addUpload(fingerprint: string, upload: TusPreviousUpload): Promise<string>;
}

export interface ResumeStore extends TusUrlStorage {
  /** This user's records that have not expired, oldest first. */
  list(): ResumeRecord[];
  /** Removes expired records (every user's); returns how many. */
  purgeExpired(): number;
  /** Forgets one record, or all of this user's. */
  forget(key?: string): void;
  /** Notes when an upload URL expires (`Upload-Expires`, unix seconds), before or after it is stored. */
  noteExpiry(uploadUrl: string, expiresAtSeconds: number): void;
  /** The kept bytes of a record (`keepFileBytes`), as a `File`; `undefined` when none are kept. */
  fileOf(key: string): Promise<File | undefined>;
}

export interface ResumeStoreOptions {
  /** Whose records these are (any stable id of the signed-in user). Records of other users are never read. */
  userId: string;
  /** Default `localStorage`; without one (SSR, privacy mode) records live in memory for this page only. */
  storage?: ResumeStorageBackend;
  /** The file behind a fingerprint, while the uploader holds it. */
  describe: (fingerprint: string) => ResumeFileInfo | undefined;
  now?: () => number;
  /**
   * Also keep each file's bytes in IndexedDB until it is finished (Golden Retriever style), so an interrupted
   * upload can continue without the user picking the file again. Off by default: it copies every file.
   */
  keepFileBytes?: boolean;
}

const PREFIX = 'space-uploader:resume:';
const DEFAULT_LIFETIME_MS = 24 * 60 * 60 * 1000;
const EDGE_BYTES = 64 * 1024;

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

function defaultBackend(): ResumeStorageBackend {
  try {
    const storage = globalThis.localStorage;
    if (storage) {
      // Read only: a full storage still holds readable records (writes are guarded one by one, see `guarded`).
      storage.getItem(`${PREFIX}probe`);
      return storage;
    }
  } catch {
    // Storage disabled (privacy settings): fall through.
  }
  return memoryStorage();
}

const toHex = (buffer: ArrayBuffer): string =>
  Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

/** SHA-1 of the first and last 64 KiB of a file and its size (cheap: at most 128 KiB read). */
export async function partialHash(file: Blob): Promise<string> {
  const head = file.slice(0, Math.min(EDGE_BYTES, file.size));
  const tail = file.size > EDGE_BYTES ? file.slice(Math.max(EDGE_BYTES, file.size - EDGE_BYTES)) : new Blob([]);
  const bytes = await new Blob([head, tail, String(file.size)]).arrayBuffer();
  return toHex(await crypto.subtle.digest('SHA-1', bytes));
}

/**
 * Web Storage whose every call may throw (full, disabled, a browser's privacy mode): a failed write is reported,
 * never thrown into an upload (a PATCH that succeeded must not fail because its expiry could not be noted).
 */
function guarded(storage: ResumeStorageBackend) {
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

export function createResumeStore(options: ResumeStoreOptions): ResumeStore {
  if (!options.userId) throw new TypeError('resume needs a userId (records are kept per user)');
  const storage = guarded(options.storage ?? defaultBackend());
  const now = options.now ?? Date.now;
  const userPrefix = `${PREFIX}${encodeURIComponent(options.userId)}:`;
  const expiries = new Map<string, number>();
  /** The file object behind each record added in this page (see `ResumeFileInfo.source`). */
  const sources = new Map<string, Blob>();
  const bytes = options.keepFileBytes ? openByteStore() : undefined;

  const read = (key: string): ResumeRecord | undefined => {
    try {
      const value = storage.getItem(key);
      // Records written before a field existed read as if it were unset.
      return value ? ({ context: undefined, hasBytes: false, ...JSON.parse(value), key } as ResumeRecord) : undefined;
    } catch {
      return undefined;
    }
  };
  const keys = (prefix: string): string[] => {
    const out: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(prefix)) out.push(key);
    }
    return out;
  };
  const mine = (): ResumeRecord[] =>
    keys(userPrefix)
      .map(read)
      .filter((r): r is ResumeRecord => r !== undefined && r.expiresAt > now())
      .sort((a, b) => a.createdAt - b.createdAt);
  const asPrevious = (r: ResumeRecord): TusPreviousUpload => ({
    size: r.size,
    metadata: {},
    creationTime: new Date(r.createdAt).toISOString(),
    urlStorageKey: r.key,
    uploadUrl: r.uploadUrl,
    parallelUploadUrls: null,
  });

  const store: ResumeStore = {
    list: mine,
    async fileOf(key) {
      const record = read(key);
      if (!record?.hasBytes || !key.startsWith(userPrefix)) return undefined;
      return bytes?.get(key, record.name, record.lastModified);
    },
    purgeExpired() {
      let removed = 0;
      for (const key of keys(PREFIX)) {
        const record = read(key);
        if (!record || !(record.expiresAt > now())) {
          sources.delete(key);
          storage.removeItem(key);
          void bytes?.remove(key);
          removed++;
        }
      }
      return removed;
    },
    forget(key) {
      for (const k of key === undefined ? keys(userPrefix) : [key])
        if (k.startsWith(userPrefix)) {
          sources.delete(k);
          storage.removeItem(k);
          void bytes?.remove(k);
        }
    },
    noteExpiry(uploadUrl, expiresAtSeconds) {
      if (!Number.isFinite(expiresAtSeconds)) return;
      const at = expiresAtSeconds * 1000;
      expiries.set(uploadUrl, at);
      for (const record of mine())
        if (record.uploadUrl === uploadUrl && record.expiresAt !== at)
          storage.setItem(record.key, JSON.stringify({ ...record, key: undefined, expiresAt: at }));
    },
    async findAllUploads() {
      return mine().map(asPrevious);
    },
    async findUploadsByFingerprint(fingerprint) {
      store.purgeExpired();
      const current = options.describe(fingerprint);
      // The same name, size and date is not proof of the same bytes: the edges' hash must agree too, unless it is
      // the very file object the record was made for (a retry in the same page, which needs no hash).
      const found = mine().filter(
        (r) =>
          (r.fingerprint === fingerprint || (current?.resumeKey !== undefined && r.key === current.resumeKey)) &&
          ((current?.source !== undefined && sources.get(r.key) === current.source) ||
            (!!current?.partialHash && r.partialHash === current.partialHash)),
      );
      // @uppy/tus goes on with the first one.
      if (found[0]) current?.onResume?.(found[0].uploadUrl);
      return found.map(asPrevious);
    },
    async removeUpload(urlStorageKey) {
      if (!urlStorageKey.startsWith(userPrefix)) return;
      sources.delete(urlStorageKey);
      storage.removeItem(urlStorageKey);
      await bytes?.remove(urlStorageKey);
    },
    async addUpload(fingerprint, upload) {
      const info = options.describe(fingerprint);
      const uploadUrl = upload.uploadUrl;
      if (!info || !uploadUrl) return '';
      const createdAt = now();
      const key = `${userPrefix}${createdAt.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      const record: Omit<ResumeRecord, 'key'> = {
        fingerprint,
        uploadUrl,
        expiresAt: expiries.get(uploadUrl) ?? createdAt + DEFAULT_LIFETIME_MS,
        createdAt,
        name: info.name,
        size: info.size,
        lastModified: info.lastModified,
        spaceId: info.spaceId,
        path: info.path,
        partialHash: info.partialHash,
        context: info.context,
        relativePath: info.relativePath,
        topLevelFolderId: info.topLevelFolderId,
        hasBytes: false,
      };
      // Storage full: the upload goes on, it just cannot be resumed after a reload.
      if (!storage.setItem(key, JSON.stringify(record))) return '';
      if (info.source) sources.set(key, info.source);
      // Copied in the background (the upload does not wait); the record says so once the bytes are safe.
      if (bytes && info.file) {
        const file = info.file;
        bytes
          .put(key, file, info.name)
          .then(() => {
            const current = read(key);
            if (current) storage.setItem(key, JSON.stringify({ ...current, key: undefined, hasBytes: true }));
          })
          .catch(() => undefined);
      }
      return key;
    },
  };
  store.purgeExpired();
  return store;
}

/** Files kept in IndexedDB by record key (Blobs are stored as such: big ones go to disk, not to memory). */
function openByteStore() {
  const DB = 'space-uploader-resume';
  const STORE = 'files';
  let db: Promise<IDBDatabase> | undefined;
  const open = () =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      if (typeof indexedDB === 'undefined') return reject(new Error('no IndexedDB here'));
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    }));
  const run = async <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const database = await open();
    return new Promise<T>((resolve, reject) => {
      const transaction = database.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  };
  return {
    put: (key: string, blob: Blob, _name: string) => run('readwrite', (s) => s.put(blob, key)).then(() => undefined),
    get: async (key: string, name: string, lastModified: number | undefined): Promise<File | undefined> => {
      const blob = (await run('readonly', (s) => s.get(key)).catch(() => undefined)) as Blob | undefined;
      if (!(blob instanceof Blob)) return undefined;
      return blob instanceof File
        ? blob
        : new File([blob], name, { type: blob.type, ...(lastModified !== undefined ? { lastModified } : {}) });
    },
    remove: (key: string) =>
      run('readwrite', (s) => s.delete(key))
        .then(() => undefined)
        .catch(() => undefined),
  };
}

/**
 * When an oCIS upload URL expires, read from the URL itself: its last segment is a JWT whose `exp` (unix seconds)
 * is what `Upload-Expires` says — which oCIS does not expose to other origins. `undefined` for any other URL.
 */
export function uploadUrlExpiry(uploadUrl: string): number | undefined {
  const token = uploadUrl.split(/[?#]/)[0]?.split('/').pop() ?? '';
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || !payload) return undefined;
  try {
    const json = atob(
      payload
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(payload.length / 4) * 4, '='),
    );
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp : undefined;
  } catch {
    return undefined;
  }
}
