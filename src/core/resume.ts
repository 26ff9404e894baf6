/**
 * Resume records: what it takes to continue an upload after a reload or crash (its upload URL, when that URL
 * expires, which file and where to), kept per user in Web Storage and handed to tus-js-client as its
 * `urlStorage`. Unlike tus-js-client's default store (and the oCIS web UI), records are keyed by user, hold no
 * access token and no metadata beyond name and target, match a file only when a hash of its first and last
 * bytes agrees, and are purged once finished or expired.
 */

import type { ResumeFileInfo, ResumeRecord } from './resume-record.js';
import { defaultBackend, guarded, RECORD_KEY_PREFIX, type ResumeStorageBackend } from './resume-storage.js';

export { partialHash } from './partial-hash.js';
export type { ResumeContext, ResumeFileInfo, ResumeRecord } from './resume-record.js';
export { memoryStorage, type ResumeStorageBackend } from './resume-storage.js';
export { uploadUrlExpiry } from './upload-url-expiry.js';

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

const DEFAULT_LIFETIME_MS = 24 * 60 * 60 * 1000;

export function createResumeStore(options: ResumeStoreOptions): ResumeStore {
  if (!options.userId) throw new TypeError('resume needs a userId (records are kept per user)');
  const storage = guarded(options.storage ?? defaultBackend());
  const now = options.now ?? Date.now;
  const userPrefix = `${RECORD_KEY_PREFIX}${encodeURIComponent(options.userId)}:`;
  const expiries = new Map<string, number>();
  /** The file object behind each record added in this page (see `ResumeFileInfo.source`). */
  const sources = new Map<string, Blob>();
  const bytes = options.keepFileBytes ? lazyByteStore() : undefined;

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
      for (const key of keys(RECORD_KEY_PREFIX)) {
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

type ByteStore = ReturnType<typeof import('./resume-bytes.js').openByteStore>;

/** The IndexedDB code loads when `keepFileBytes` first needs it: most apps never do, and it stays out of their bundle. */
function lazyByteStore(): ByteStore {
  let store: Promise<ByteStore> | undefined;
  const open = () => (store ??= import('./resume-bytes.js').then((m) => m.openByteStore()));
  return {
    put: async (key, blob, name) => (await open()).put(key, blob, name),
    get: async (key, name, lastModified) => (await open()).get(key, name, lastModified),
    remove: async (key) => (await open()).remove(key),
  };
}
