/** WebDAV on `/remote.php/dav/spaces/{id}/…`: PUT, GET/HEAD, DELETE, MKCOL, PROPFIND and OPTIONS as ocdav answers. */
import { dropResponse } from '../drop.js';
import { fileIdOf, lookup, type Mount, newEtag, newNode, type TreeNode, walk } from '../tree.js';
import { encodeSegment, ocisDate, randomUuid } from '../util.js';
import { contentTypeOf, multistatusXml, requestedProps } from '../webdav-xml.js';
import { authorize, davTarget, locked, propagate, quota } from './access.js';
import type { Ctx, MockContext } from './context.js';
import {
  invalidFilename,
  parseMtime,
  stripQuotes,
  TUS_CHECKSUM_ALGORITHMS,
  TUS_EXTENSION_ON_CREATE,
  UINT,
} from './protocol.js';
import { readBody } from './receive.js';
import { empty, HttpError, xml } from './responses.js';

/** ocdav's headers on every PROPFIND answer. */
const PROPFIND_HEADERS = {
  DAV: '1, 3, extended-mkcol',
  Vary: 'Origin, Prefer',
  'Access-Control-Expose-Headers': 'Tus-Resumable, Tus-Version, Tus-Extension',
  'Tus-Resumable': '1.0.0',
  'Tus-Version': '1.0.0',
  'Tus-Extension': 'creation, creation-with-upload, checksum, expiration',
};

export function writableFolder(
  m: MockContext,
  mount: Mount,
  segments: string[],
): { parent: TreeNode; name: string; existing: TreeNode | undefined } {
  const name = segments.at(-1);
  if (name === undefined) throw new HttpError(405, 'the space root cannot be replaced', true);
  const parent = lookup(mount.root, segments.slice(0, -1));
  // ocdav refuses a PUT into a missing folder with an empty 409.
  if (parent?.kind !== 'folder') throw new HttpError(409, 'parent folder does not exist');
  if (!mount.writable) throw new HttpError(403, 'no permission to write here', true);
  const existing = parent.children.get(name);
  if (locked(m, existing ?? parent)) throw new HttpError(423, 'locked', true);
  return { parent, name, existing };
}

export async function davPut(m: MockContext, ctx: Ctx): Promise<Response> {
  authorize(m, ctx);
  const { mount, segments } = davTarget(m, ctx, { status: 404, dav: false });
  const { parent, name, existing } = writableFolder(m, mount, segments);
  if (existing?.kind === 'folder') throw new HttpError(409, 'a folder has this name', true);
  if (invalidFilename(name)) throw new HttpError(400, 'invalid file name', true);
  const h = ctx.request.headers;
  const ifMatch = h.get('if-match');
  if (ifMatch !== null && (!existing || stripQuotes(ifMatch) !== stripQuotes(existing.etag)))
    throw new HttpError(412, 'etag does not match', true);
  const declared = h.get('content-length');
  const space = mount.space;
  const room = quota(m, space).remaining + (existing?.size ?? 0);
  if (declared !== null && UINT.test(declared) && Number(declared) > room)
    throw new HttpError(507, 'quota exceeded', true);
  const key = await m.store.create();
  const outcome = await readBody(m, ctx, room, (bytes) => m.store.append(key, bytes));
  if (outcome !== 'complete') {
    await m.store.delete(key);
    if (outcome === 'too-large') throw new HttpError(507, 'quota exceeded', true);
    return dropResponse();
  }
  const { size, sha1 } = await m.store.stat(key);
  // oCIS checks a PUT body against `OC-Checksum: SHA1:<hex>` and stores nothing on a mismatch.
  const [algorithm, expected] = (h.get('oc-checksum') ?? '').trim().split(':');
  if (algorithm?.toLowerCase() === 'sha1' && expected && expected.toLowerCase() !== sha1) {
    await m.store.delete(key);
    throw new HttpError(400, 'The computed checksum does not match the one received from the client.', true);
  }
  const mtimeHeader = h.get('x-oc-mtime');
  const mtime = parseMtime(mtimeHeader) ?? m.now() / 1000;
  let node = existing;
  if (node) {
    if (node.blobKey) await m.store.delete(node.blobKey);
    space.usedBytes -= node.size;
    node.versions++;
    node.mtime = mtime;
  } else node = newNode(space, parent, name, 'file', randomUuid(), mtime);
  Object.assign(node, {
    size,
    sha1,
    blobKey: key,
    etag: newEtag(),
    processingUntil: m.now() + (m.faults.processingDelayMs ?? 0),
  });
  space.usedBytes += size;
  propagate(parent);
  return empty(existing ? 204 : 201, {
    'Oc-Fileid': fileIdOf(node),
    'Oc-Etag': node.etag,
    Etag: node.etag,
    'Last-Modified': ocisDate(node.mtime * 1000),
    ...(mtimeHeader !== null ? { 'X-OC-Mtime': 'accepted' } : {}),
  });
}

export function davGet(m: MockContext, ctx: Ctx): Response {
  authorize(m, ctx);
  const { mount, segments } = davTarget(m, ctx);
  const node = lookup(mount.root, segments);
  if (!node) throw new HttpError(404, 'not found', true);
  // ocdav answers a GET of a folder 200 with nothing in it.
  if (node.kind === 'folder') return new Response(null, { status: 200, headers: { 'Content-Length': '0' } });
  if (node.processingUntil > m.now()) throw new HttpError(425, 'file is processing', true);
  const type = contentTypeOf(node.name);
  const headers = {
    // Go's file server adds the charset on GET only.
    'Content-Type': ctx.method === 'GET' ? `${type}; charset=UTF-8` : type,
    'Content-Length': String(node.size),
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(node.name)}; filename="${node.name.replace(/["\\]/g, '_')}"`,
    'Accept-Ranges': 'bytes',
    Etag: node.etag,
    'Oc-Etag': node.etag,
    'Oc-Fileid': fileIdOf(node),
    ...(node.size > 0 ? { 'Oc-Checksum': `SHA1:${node.sha1}` } : {}),
    'Last-Modified': ocisDate(node.mtime * 1000),
  };
  const body = ctx.method === 'HEAD' || !node.blobKey ? null : m.store.read(node.blobKey);
  return new Response(body, { status: 200, headers });
}

export async function davDelete(m: MockContext, ctx: Ctx): Promise<Response> {
  authorize(m, ctx);
  const { mount, segments } = davTarget(m, ctx);
  const node = lookup(mount.root, segments);
  if (!node) throw new HttpError(404, 'not found', true);
  if (node === mount.root) throw new HttpError(403, 'the root cannot be deleted', true);
  if (!mount.writable) throw new HttpError(403, 'no permission to delete', true);
  if (locked(m, node)) throw new HttpError(423, 'locked', true);
  for (const n of walk(node)) {
    if (n.kind === 'file') n.space.usedBytes -= n.size;
    if (n.blobKey) await m.store.delete(n.blobKey);
  }
  node.parent?.children.delete(node.name);
  propagate(node.parent);
  return empty(204);
}

export function mkcol(m: MockContext, ctx: Ctx): Response {
  authorize(m, ctx);
  const { mount, segments } = davTarget(m, ctx);
  if (segments.length === 0) throw new HttpError(405, 'the resource exists', true);
  const parent = lookup(mount.root, segments.slice(0, -1));
  if (parent?.kind !== 'folder') throw new HttpError(409, 'parent folder does not exist', true);
  const name = segments.at(-1) as string;
  if (parent.children.has(name)) throw new HttpError(405, 'the resource exists', true);
  if (!mount.writable) throw new HttpError(403, 'no permission to create a folder here', true);
  if (invalidFilename(name)) throw new HttpError(400, 'invalid folder name', true);
  if (locked(m, parent)) throw new HttpError(423, 'locked', true);
  newNode(mount.space, parent, name, 'folder', randomUuid(), m.now() / 1000);
  propagate(parent);
  return empty(201);
}

export async function propfind(m: MockContext, ctx: Ctx): Promise<Response> {
  authorize(m, ctx);
  const { mount, segments } = davTarget(m, ctx);
  const depth = (ctx.request.headers.get('depth') ?? '1').trim().toLowerCase();
  if (depth !== '0' && depth !== '1') throw new HttpError(400, 'Depth must be 0 or 1', true);
  const node = lookup(mount.root, segments);
  if (!node) throw new HttpError(404, 'not found', true);
  const nodes = [node, ...(depth === '1' && node.kind === 'folder' ? node.children.values() : [])];
  const hrefBase = `${new URL(ctx.base).pathname.replace(/\/$/, '')}/remote.php/dav/spaces/${encodeSegment(mount.addressedId)}`;
  const asked = requestedProps(await ctx.request.text());
  const response = xml(207, multistatusXml(nodes, mount, hrefBase, quota(m, mount.space), asked, m.now()));
  for (const [name, value] of Object.entries(PROPFIND_HEADERS)) response.headers.set(name, value);
  return response;
}

export function davOptions(): Response {
  // reva answers OPTIONS on a space 204 with the tus announcement, without auth.
  return new Response(null, {
    status: 204,
    headers: {
      Allow:
        'OPTIONS, LOCK, GET, HEAD, POST, DELETE, PROPPATCH, COPY, MOVE, UNLOCK, PROPFIND, MKCOL, REPORT, SEARCH, PUT',
      DAV: '1, 2',
      'MS-Author-Via': 'DAV',
      'Content-Type': 'application/xml',
      'Access-Control-Allow-Headers': 'Tus-Resumable',
      'Access-Control-Expose-Headers': 'Tus-Resumable,Tus-Version,Tus-Extension',
      'Tus-Resumable': '1.0.0',
      'Tus-Version': '1.0.0',
      'Tus-Extension': TUS_EXTENSION_ON_CREATE,
      'Tus-Checksum-Algorithm': TUS_CHECKSUM_ALGORITHMS,
    },
  });
}
