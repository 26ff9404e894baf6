/**
 * Creates the folders a dropped tree needs (MKCOL), parents before children, a few at a time. 405 means the
 * folder exists (merged). A folder that fails takes its whole subtree down with the same reason.
 */
import { mapLimit } from './concurrency.js';
import { folderUrl, joinPath, pathPrefixes, pathSegments } from './endpoints.js';
import type { UploadError } from './errors.js';
import { type AuthorizedAnswer, discardBody, sendAuthorized, unexpectedAnswer, unreachable } from './http.js';

export interface CreateFoldersOptions {
  serverUrl: string;
  spaceId: string;
  /** Headers for one request (auth, request id, …); called per request. */
  headers: () => Promise<Record<string, string>>;
  /** Called after a 401 before the one repeat of that request. */
  onUnauthorized?: (failedAuthorization: string | undefined) => Promise<void>;
  /**
   * Across origins, after a request got no answer even after its refresh: whether the token was refused (an
   * `UploadError` of kind `unauthorized` to report instead of a network failure). The uploader's request client
   * passes its own (`explainSilence`).
   */
  explainSilence?: (failedAuthorization: string | undefined) => Promise<UploadError | undefined>;
  /** Folders at or above this one exist already (the folder the user is in); default the root. */
  below?: string;
  /** MKCOL requests at once; default 3 (the web UI had none, and flooded the server). */
  concurrency?: number;
  /**
   * Runs each MKCOL; default: at once. An uploader passes one limiter shared by all its batches, so that several
   * drops together stay within the bound too.
   */
  slot?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Create only the folders given (their parents are known to exist or are in the list); default false. */
  exact?: boolean;
  /** Called as each folder settles (for progress). */
  onOutcome?: (outcome: FolderOutcome) => void;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export interface FolderOutcome {
  path: string;
  /** `created` (201), `exists` (405), or `failed` (with the error, also for folders below a failed one). */
  status: 'created' | 'exists' | 'failed';
  error?: UploadError;
}

/** Every folder of `paths` and all their ancestors strictly below `below` (default the root), parents first. */
export function foldersToCreate(paths: Iterable<string>, below = '/'): string[] {
  const all = new Set<string>();
  const base = pathSegments(below);
  for (const path of paths) {
    const segments = pathSegments(path);
    if (base.some((s, i) => segments[i] !== s)) throw new RangeError(`${path} is not below ${below}`);
    for (const prefix of pathPrefixes(segments).slice(base.length)) all.add(prefix);
  }
  return [...all].sort((a, b) => pathSegments(a).length - pathSegments(b).length || a.localeCompare(b));
}

const parentOf = (path: string): string => joinPath(...pathSegments(path).slice(0, -1));

/** Creates `paths` (absolute in the space, e.g. `/Docs/A/b`) and their ancestors. Never rejects per folder. */
export async function createFolders(
  paths: Iterable<string>,
  options: CreateFoldersOptions,
): Promise<Map<string, FolderOutcome>> {
  const order = options.exact
    ? [...new Set([...paths].map((p) => joinPath(p)))].sort((a, b) => pathSegments(a).length - pathSegments(b).length)
    : foldersToCreate(paths, options.below);
  const outcomes = new Map<string, FolderOutcome>();
  const concurrency = Math.max(1, options.concurrency ?? 3);
  const run = options.slot ?? (<T>(work: () => Promise<T>) => work());

  const mkcol = async (path: string): Promise<FolderOutcome> => {
    const url = folderUrl(options.serverUrl, options.spaceId, path);
    let sent: AuthorizedAnswer;
    try {
      sent = await sendAuthorized(url, { method: 'MKCOL' }, options);
    } catch (cause) {
      return { path, status: 'failed', error: unreachable('MKCOL', url, cause) };
    }
    await discardBody(sent.response);
    if (sent.response.status === 201) return { path, status: 'created' };
    if (sent.response.status === 405) return { path, status: 'exists' };
    return { path, status: 'failed', error: unexpectedAnswer('creating the folder', 'MKCOL', url, sent) };
  };

  // Depth by depth: a folder's parent is settled before it is tried.
  const byDepth = new Map<number, string[]>();
  for (const path of order) {
    const depth = pathSegments(path).length;
    const sameDepth = byDepth.get(depth);
    if (sameDepth) sameDepth.push(path);
    else byDepth.set(depth, [path]);
  }
  for (const level of [...byDepth.keys()].sort((a, b) => a - b)) {
    await mapLimit(byDepth.get(level) ?? [], concurrency, async (path) => {
      const parent = outcomes.get(parentOf(path));
      const outcome: FolderOutcome =
        parent?.status === 'failed'
          ? { path, status: 'failed', ...(parent.error ? { error: parent.error } : {}) }
          : await run(() => mkcol(path));
      outcomes.set(path, outcome);
      options.onOutcome?.(outcome);
    });
  }
  return outcomes;
}
