/**
 * What planning a batch takes (the batch, where it goes, how to reach the server) and what it gives back, or the
 * error it rejects with when canceled.
 */
import type { ConflictHandler, ConflictResolution, UploadConflict } from './conflicts.js';
import type { UploadError } from './errors.js';

export interface PlanFileInput {
  /** NFC. */
  name: string;
  size: number;
  /** The folders inside the drop above the file (`['A', 'b']`), empty for a file dropped on its own. */
  folders: readonly string[];
}

export interface PlanInput {
  spaceId: string;
  /** The folder the batch goes to (absolute in the space). */
  baseFolder: string;
  files: readonly PlanFileInput[];
  /** Folders of the drop that hold no file, as segment lists. */
  emptyFolders?: ReadonlyArray<readonly string[]>;
  /** Free bytes when the integrator knows them (e.g. Graph's `quota.remaining`); else asked from the server. */
  quotaRemaining?: number;
  /** Bytes other files queued for this space still need. */
  pendingBytes?: number;
  /**
   * Paths (absolute) that files queued earlier will take: a file of this batch going to one of them is a conflict
   * (as if the earlier one had arrived), and "keep both" treats them and their folders as taken.
   */
  reservedPaths?: ReadonlySet<string>;
}

export interface PlanOptions {
  serverUrl: string;
  headers: () => Promise<Record<string, string>>;
  onUnauthorized?: (failedAuthorization: string | undefined) => Promise<void>;
  /**
   * Across origins, after a request got no answer even after its refresh: whether the token was refused (an
   * `UploadError` of kind `unauthorized` to report instead of a network failure). The uploader's request client
   * passes its own (`explainSilence`).
   */
  explainSilence?: (failedAuthorization: string | undefined) => Promise<UploadError | undefined>;
  onConflict?: ConflictHandler;
  /** PROPFIND requests at once; default 3. */
  concurrency?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export interface PlannedFile {
  /** `refuse`: the file cannot go (its `error` says why); `skip`: a conflict was resolved by skipping it. */
  action: 'upload' | 'skip' | 'refuse';
  /** Final folder (absolute), after any "keep both" rename above it. */
  folderPath: string;
  /** Final name. */
  name: string;
  /** Final folders inside the drop (renames applied): `relativePath` is built from these. */
  folders: string[];
  /** The file it replaces (a new version of it). */
  replaces: { fileId: string | undefined; size: number | undefined; etag?: string | undefined } | undefined;
  /** Another path in the batch or on the server that differs only by case. */
  caseCollision: string | undefined;
  error: UploadError | undefined;
}

export interface QuotaVerdict {
  spaceId: string;
  /** Bytes the batch (and the files queued before it) needs. */
  needed: number;
  available: number;
  /** `needed - available` when positive, else 0. */
  missing: number;
}

export interface BatchPlan {
  files: PlannedFile[];
  /** Folders to create (absolute), parents first; folders that exist are not in it. */
  folders: string[];
  /** Each conflict met and how it was resolved. */
  conflicts: Array<UploadConflict & { resolution: ConflictResolution }>;
  /** `undefined` when the free space is not known (no quota, or the server did not say). */
  quota: QuotaVerdict | undefined;
  /** Folders refused (a bad name, read-only, missing target) with no file below them to carry the reason. */
  refusedFolders: Array<{ path: string; error: UploadError }>;
}

/** What planning rejects with when the batch is canceled. */
export function planAborted(): DOMException {
  return new DOMException('the batch was canceled', 'AbortError');
}
