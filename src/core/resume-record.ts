/** What a resume record holds, and what the uploader tells the store about the file behind a fingerprint. */

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
