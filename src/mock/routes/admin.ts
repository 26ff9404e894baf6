/** `/__mock/…`: the mock's own inspection and configuration routes, and their permissive preflight. */
import { corsOptionsError } from '../cors.js';
import { fileIdOf, pathOf, walk } from '../tree.js';
import type { MockOcis, MockRuntimeConfig, MockState } from '../types.js';
import { quota } from './access.js';
import type { Ctx, MockContext } from './context.js';
import { validateFaults } from './faults.js';
import { empty, json } from './responses.js';

/** Headers a cross-origin client needs to read; creation answers keep oCIS's shorter list. */
export const EXPOSE_HEADERS = [
  'Tus-Resumable',
  'Tus-Version',
  'Tus-Extension',
  'Tus-Checksum-Algorithm',
  'Upload-Offset',
  'Upload-Length',
  'Upload-Expires',
  'Location',
  'Oc-Fileid',
  'Oc-Etag',
  'Oc-Perm',
  'Etag',
  'Last-Modified',
  'Content-Type',
  'X-Request-Id',
  'Retry-After',
  'X-OC-Mtime',
].join(', ');

export async function admin(m: MockContext, mock: MockOcis, ctx: Ctx): Promise<Response> {
  const what = ctx.segments[1];
  const { method } = ctx;
  if (what === 'state' && method === 'GET') return json(200, mock.state(), { 'Cache-Control': 'no-store' });
  if (what === 'reset' && method === 'POST') {
    await mock.reset();
    return empty(204);
  }
  if (what === 'faults' && method === 'GET') return json(200, m.faults);
  if ((what === 'faults' || what === 'config') && method === 'POST') {
    let body: unknown;
    try {
      body = JSON.parse(await ctx.request.text());
    } catch {
      return json(400, { error: 'the body must be JSON' });
    }
    if (what === 'faults') {
      const faults = validateFaults(body);
      if (typeof faults === 'string') return json(400, { error: faults });
      mock.setFaults(faults);
      return empty(204);
    }
    if (typeof body !== 'object' || body === null) return json(400, { error: 'config must be a JSON object' });
    const config = body as MockRuntimeConfig;
    const corsError = config.cors === undefined ? undefined : corsOptionsError(config.cors);
    if (corsError) return json(400, { error: corsError });
    if (config.faults) {
      const faults = validateFaults(config.faults);
      if (typeof faults === 'string') return json(400, { error: faults });
    }
    mock.configure(config);
    return empty(204);
  }
  return json(404, { error: 'unknown /__mock route: GET state, POST reset, GET|POST faults, POST config' });
}

export function preflight(ctx: Ctx): Response {
  return empty(204, {
    'Access-Control-Allow-Origin': ctx.request.headers.get('origin') ?? '*',
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, MKCOL, PROPFIND, MOVE, COPY',
    'Access-Control-Allow-Headers':
      ctx.request.headers.get('access-control-request-headers') ??
      'Authorization, Tus-Resumable, Upload-Length, Upload-Metadata, Upload-Offset, Upload-Checksum, Content-Type, X-HTTP-Method-Override, X-Request-Id, If-Match, Depth, X-OC-Mtime',
    'Access-Control-Max-Age': '600',
  });
}

/** What `GET /__mock/state` and `MockOcis.state()` answer: a copy, safe to keep. */
export function snapshot(m: MockContext): MockState {
  const files: MockState['files'] = [];
  const folders: MockState['folders'] = [];
  for (const space of m.spaces.values()) {
    for (const node of walk(space.root)) {
      if (node === space.root) continue;
      if (node.kind === 'folder') folders.push({ spaceId: space.id, path: pathOf(node), fileId: fileIdOf(node) });
      else
        files.push({
          spaceId: space.id,
          path: pathOf(node),
          size: node.size,
          sha1: node.sha1,
          fileId: fileIdOf(node),
          etag: node.etag,
          mtime: node.mtime,
          versions: node.versions,
          processing: node.processingUntil > m.now(),
        });
    }
  }
  return {
    uploads: [...m.uploads.values()].map((u) => ({
      id: u.id,
      spaceId: u.mount.addressedId,
      targetPath: u.targetPath,
      filename: u.filename,
      length: u.length,
      offset: u.offset,
      complete: u.complete,
      terminated: u.terminated,
      metadata: { ...u.metadata },
      metadataKeys: [...u.metadataKeys],
      fileId: `${u.mount.space.storageId}$${u.mount.space.uuid}!${u.nodeId}`,
      expiresAt: u.expiresAt,
      createdAt: u.createdAt,
      ...(u.checksumVerified === undefined ? {} : { checksumVerified: u.checksumVerified }),
      requests: u.requests.map((r) => ({ ...r })),
    })),
    files,
    folders,
    spaces: [...m.spaces.values()].map((s) => ({
      id: s.id,
      name: s.name,
      driveAlias: s.driveAlias,
      driveType: s.driveType,
      quota: quota(m, s),
    })),
    requests: m.log.map((e) => ({ ...e, headers: { ...e.headers } })),
    faults: structuredClone(m.faults),
    strict: m.strict,
    capabilities: structuredClone(m.capabilities),
  };
}
