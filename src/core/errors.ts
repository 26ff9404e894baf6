/** Errors the core reports, each with a kind a UI can turn into plain words. */
import type { NameProblem } from './names.js';

export type CapabilitiesErrorKind = 'network' | 'http' | 'not-ocs' | 'ocs-failure' | 'aborted';

export class CapabilitiesError extends Error {
  override readonly name = 'CapabilitiesError';
  constructor(
    readonly kind: CapabilitiesErrorKind,
    message: string,
    readonly details: { status?: number; url?: string; requestId?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}

/** Why one file's upload failed, from the status of the request that failed it. */
export type UploadErrorKind =
  | 'unauthorized' // 401 that a token refresh did not cure
  | 'forbidden' // 403 on creation or WebDAV: no permission (e.g. read-only share)
  | 'expired' // 403 on the upload URL (`/data/…`): its token expired
  | 'not-found' // 404: the target or the upload is gone
  | 'conflict' // 409: a folder has the name, or the offset moved
  | 'precondition' // 412: parent folder missing, bad name, etag changed
  | 'locked' // 423
  | 'rate-limited' // 429
  | 'quota' // 507
  | 'integrity' // 460: the bytes the server received do not match their checksum
  | 'server' // other 5xx
  | 'network' // no answer at all
  | 'invalid' // the request was refused for what it was (other 4xx)
  | 'invalid-name' // checked before upload: a name the server refuses
  | 'unreadable' // the browser could not read the file (moved, deleted, permission gone)
  | 'aborted';

/** `uploadUrl`: the request went to a tus upload URL (where oCIS answers 403 when the URL expired). */
export function errorKindOf(status: number | undefined, uploadUrl = false): UploadErrorKind {
  if (status === undefined || status === 0) return 'network';
  if (status === 403 && uploadUrl) return 'expired';
  const byStatus: Record<number, UploadErrorKind> = {
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not-found',
    409: 'conflict',
    412: 'precondition',
    423: 'locked',
    429: 'rate-limited',
    460: 'integrity',
    507: 'quota',
  };
  return byStatus[status] ?? (status >= 500 ? 'server' : 'invalid');
}

export class UploadError extends Error {
  override readonly name = 'UploadError';
  readonly kind: UploadErrorKind;
  constructor(
    message: string,
    readonly details: {
      status?: number;
      requestId?: string;
      method?: string;
      url?: string;
      cause?: unknown;
      /** When no status says it (a check made before any request). */
      kind?: UploadErrorKind;
      /** `invalid-name`: the name the server would refuse (the file's, or a folder's above it) and why. */
      invalidName?: { name: string; problem: NameProblem };
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    const method = details.method?.toUpperCase();
    const onUploadUrl = /\/data\/[^/]+$/.test(details.url ?? '') || method === 'PATCH' || method === 'HEAD';
    this.kind = details.kind ?? errorKindOf(details.status, onUploadUrl);
  }
}
