/** A space's free bytes from Graph, and which figure the quota check goes by. */
import { driveUrl } from './endpoints.js';
import { discardBody, sendAuthorized } from './http.js';
import type { PlanOptions } from './plan-types.js';

/** What Graph says of a space's quota: a limit with what is left, no limit, or nothing usable. */
export type SpaceQuota = { kind: 'limited'; remaining: number } | { kind: 'unlimited' } | { kind: 'unknown' };

/**
 * A space's quota from Graph (`GET /graph/v1.0/drives/{id}`). oCIS answers a space without quota with `total: 0`
 * and `remaining` 2^63−1: that is "unlimited", and no other source (WebDAV's `quota-available-bytes` says 0 or
 * a negative code there) may overrule it. A received share has no drive of its own: unknown.
 */
export async function readSpaceQuota(
  spaceId: string,
  options: Pick<PlanOptions, 'serverUrl' | 'headers' | 'fetch' | 'signal' | 'onUnauthorized'>,
): Promise<SpaceQuota> {
  const unknown = { kind: 'unknown' } as const;
  if (spaceId.includes('!')) return unknown;
  try {
    const { response } = await sendAuthorized(
      driveUrl(options.serverUrl, spaceId),
      { method: 'GET', headers: { Accept: 'application/json' } },
      options,
    );
    if (!response.ok) {
      await discardBody(response);
      return unknown;
    }
    const drive = (await response.json()) as { quota?: { remaining?: unknown; total?: unknown } };
    if (drive.quota === undefined || drive.quota === null) return unknown;
    const total = Number(drive.quota.total);
    const remaining = Number(drive.quota.remaining);
    if (drive.quota.total !== undefined && total === 0) return { kind: 'unlimited' };
    if (drive.quota.remaining === undefined || !Number.isFinite(remaining) || remaining < 0) return unknown;
    return { kind: 'limited', remaining };
  } catch {
    return unknown;
  }
}

/**
 * Free bytes for the quota check: Graph's figure; the folder's own (`folderFigure`, asked only then) where Graph
 * knows nothing (a share), never over Graph's "unlimited"; `undefined` when there is no limit to check.
 */
export async function freeBytes(
  quota: SpaceQuota,
  folderFigure: () => number | undefined | Promise<number | undefined>,
): Promise<number | undefined> {
  if (quota.kind === 'limited') return quota.remaining;
  return quota.kind === 'unknown' ? folderFigure() : undefined;
}

/** Free bytes of a space from Graph; `undefined` when unlimited or unknown (see `readSpaceQuota`). */
export async function fetchQuotaRemaining(
  spaceId: string,
  options: Pick<PlanOptions, 'serverUrl' | 'headers' | 'fetch' | 'signal' | 'onUnauthorized'>,
): Promise<number | undefined> {
  const quota = await readSpaceQuota(spaceId, options);
  return quota.kind === 'limited' ? quota.remaining : undefined;
}
