/** Who may ask (bearer tokens) and what a space id mounts; quota and locks as the faults set them. */
import {
  isInside,
  lookup,
  type Mount,
  newEtag,
  parseSpaceId,
  quotaOf,
  type Space,
  type TreeNode,
  walk,
} from '../tree.js';
import { decodeSegment } from '../util.js';
import type { Ctx, MockContext } from './context.js';
import { HttpError } from './responses.js';

export function authorize(m: MockContext, ctx: Ctx): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(ctx.request.headers.get('authorization') ?? '');
  const token = match?.[1];
  if (!token || !m.tokens.has(token)) throw new HttpError(401, 'unauthorized');
  const expires = m.tokens.get(token);
  if (expires !== undefined && expires <= m.now()) throw new HttpError(401, 'token expired');
}

/** A space, share or folder id → what it mounts; 404 when unknown (an id that does not parse included). */
export function resolveMount(m: MockContext, id: string): Mount | 404 {
  const parsed = parseSpaceId(id);
  if (!parsed) return 404;
  const space = m.spaces.get(`${parsed.storageId}$${parsed.spaceUuid}`);
  if (!space) return 404;
  const canonical = `${space.id}${parsed.nodeUuid ? `!${parsed.nodeUuid}` : ''}`;
  const share = m.shares.get(canonical);
  if (share) {
    const root = lookup(space.root, share.ownerPath.split('/').filter(Boolean));
    if (!root) return 404;
    return { addressedId: id, space, root, writable: share.writable, share };
  }
  if (!space.listed) return 404;
  if (!parsed.nodeUuid || parsed.nodeUuid === space.uuid)
    return { addressedId: id, space, root: space.root, writable: true, share: undefined };
  for (const node of walk(space.root))
    if (node.id === parsed.nodeUuid && node.kind === 'folder')
      return { addressedId: id, space, root: node, writable: true, share: undefined };
  return 404;
}

/** How a route answers a space id that names no space (measured: the real server treats a malformed id alike). */
export interface NoSpaceAnswer {
  status: number;
  /** A WebDAV error body (PROPFIND, MKCOL), or none (PUT, tus creation). */
  dav: boolean;
}
const NO_SPACE_DAV: NoSpaceAnswer = { status: 404, dav: true };

/** `/remote.php/dav/spaces/{id}/a/b` → the mount and the decoded segments below it. */
export function davTarget(
  m: MockContext,
  ctx: Ctx,
  noSpace: NoSpaceAnswer = NO_SPACE_DAV,
): { mount: Mount; segments: string[] } {
  const id = decodeSegment(ctx.segments[3] ?? '');
  // Measured: a bad percent-encoding is a bare 400 on every route; any id that decodes but names no space is not found.
  if (id === undefined) throw new HttpError(400, 'malformed space id');
  const mount = resolveMount(m, id);
  if (mount === 404) throw new HttpError(noSpace.status, `space ${id} not found`, noSpace.dav);
  const segments: string[] = [];
  for (const raw of ctx.segments.slice(4)) {
    if (raw === '') continue;
    const s = decodeSegment(raw);
    if (s === undefined || s === '.' || s === '..') throw new HttpError(400, 'malformed path', true);
    segments.push(s);
  }
  return { mount, segments };
}

export function quota(m: MockContext, space: Space) {
  const override = m.faults.quotas?.[space.id];
  return quotaOf(override === undefined ? space : { ...space, quotaTotal: override });
}

export function locked(m: MockContext, node: TreeNode): boolean {
  for (const lock of m.faults.locks ?? []) {
    const mount = resolveMount(m, lock.spaceId);
    if (typeof mount === 'number') continue;
    const locked = lookup(mount.root, lock.path.split('/').filter(Boolean));
    if (locked && isInside(node, locked)) return true;
  }
  return false;
}

/** oCIS propagates a change up the tree: every ancestor gets a new etag. */
export function propagate(node: TreeNode | undefined): void {
  for (let n = node; n; n = n.parent) n.etag = newEtag();
}
