/** Graph `GET /graph/v1.0/me/drives` and `/drives/{id}`: the listed spaces plus the shares mounted for the user. */
import type { MockFixtureShare } from '../fixtures.js';
import type { Space } from '../tree.js';
import { decodeSegment, encodeSegment } from '../util.js';
import { authorize, quota } from './access.js';
import type { Ctx, MockContext } from './context.js';
import { empty, graphJson } from './responses.js';

export function driveJson(m: MockContext, ctx: Ctx, space: Space) {
  return {
    id: space.id,
    name: space.name,
    driveAlias: space.driveAlias,
    driveType: space.driveType,
    // A personal drive names its owner (the user whose space it is).
    ...(space.driveType === 'personal' ? { owner: { user: { displayName: space.name, id: space.uuid } } } : {}),
    quota: quota(m, space),
    root: {
      id: `${space.id}!${space.uuid}`,
      eTag: space.root.etag,
      webDavUrl: `${ctx.base}/remote.php/dav/spaces/${encodeSegment(space.id)}`,
    },
    webUrl: `${ctx.base}/f/${encodeSegment(space.id)}`,
    lastModifiedDateTime: new Date(space.root.mtime * 1000).toISOString(),
  };
}

export function shareDriveJson(ctx: Ctx, share: MockFixtureShare) {
  return {
    id: share.id,
    name: share.name,
    driveAlias: share.driveAlias,
    driveType: 'mountpoint',
    root: {
      id: share.id,
      webDavUrl: `${ctx.base}/remote.php/dav/spaces/${encodeSegment(share.id)}`,
      remoteItem: {
        id: share.id,
        name: share.name,
        permissions: [{ id: share.shareId, roles: [share.writable ? 'editor' : 'viewer'] }],
      },
    },
  };
}

/** Graph's error body: code, message and an `innererror` with the request's id and date. */
export function graphError(m: MockContext, ctx: Ctx, message: string): Response {
  const innererror = { date: new Date(m.now()).toISOString(), 'request-id': ctx.requestId };
  return graphJson(404, { error: { code: 'itemNotFound', innererror, message } });
}

export function graph(m: MockContext, ctx: Ctx): Response {
  authorize(m, ctx);
  if (ctx.method !== 'GET') return empty(405);
  const s = ctx.segments;
  if (s[2] === 'me' && s[3] === 'drives' && s.length === 4) {
    const value = [
      ...[...m.spaces.values()].filter((sp) => sp.listed).map((sp) => driveJson(m, ctx, sp)),
      ...[...m.shares.values()].map((sh) => shareDriveJson(ctx, sh)),
    ];
    return graphJson(200, { value });
  }
  if (s[2] === 'drives' && s[3] && s.length === 4) {
    const id = decodeSegment(s[3]);
    const space = id === undefined ? undefined : m.spaces.get(id);
    if (space?.listed) return graphJson(200, driveJson(m, ctx, space));
    const share = id === undefined ? undefined : m.shares.get(id);
    if (share) return graphJson(200, shareDriveJson(ctx, share));
    return graphError(m, ctx, `drive ${id} not found`);
  }
  return graphError(m, ctx, 'no such Graph resource');
}
