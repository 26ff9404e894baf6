/** tus creation: `POST /remote.php/dav/spaces/{id}/{folder}`, with or without a first chunk of the body. */
import { isDropResponse } from '../drop.js';
import { signUploadToken } from '../jwt.js';
import { fileIdOf, lookup, permissionsOf, type TreeNode } from '../tree.js';
import { ocisDate, randomUuid } from '../util.js';
import { contentTypeOf } from '../webdav-xml.js';
import { authorize, davTarget, locked, quota } from './access.js';
import type { Ctx, MockContext, Upload } from './context.js';
import {
  invalidFilename,
  OFFSET_STREAM,
  parseMetadata,
  stripQuotes,
  TUS_CHECKSUM_ALGORITHMS,
  TUS_EXTENSION_ON_CREATE,
  UINT,
} from './protocol.js';
import { finalize, receive } from './receive.js';
import { empty, HttpError } from './responses.js';

const DEFAULT_UPLOAD_LIFETIME_SECONDS = 86_400;

export function tusHeaders(upload: Upload): Record<string, string> {
  return {
    'Tus-Resumable': '1.0.0',
    'Upload-Offset': String(upload.offset),
    'Upload-Expires': String(upload.expiresAt),
    'Oc-Fileid': `${upload.mount.space.storageId}$${upload.mount.space.uuid}!${upload.nodeId}`,
  };
}

export function requireTusResumable(m: MockContext, ctx: Ctx): Response | undefined {
  if (ctx.request.headers.get('tus-resumable') === '1.0.0') return undefined;
  return empty(412, m.strict ? { 'Tus-Version': '1.0.0' } : {});
}

/** reva sets these before its first check, so every creation answer past auth carries them. */
export async function tusCreate(m: MockContext, ctx: Ctx): Promise<Response> {
  authorize(m, ctx);
  let response: Response;
  try {
    response = await createUpload(m, ctx);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    response = empty(error.status);
  }
  if (isDropResponse(response)) return response;
  const h = response.headers;
  h.set('Tus-Resumable', '1.0.0');
  h.set('Tus-Extension', TUS_EXTENSION_ON_CREATE);
  // oCIS names its algorithms only on OPTIONS; strict mode (a spec server) also tells them here.
  if (m.strict) h.set('Tus-Checksum-Algorithm', TUS_CHECKSUM_ALGORITHMS);
  h.set('Access-Control-Allow-Headers', 'Tus-Resumable, Upload-Length, Upload-Metadata, If-Match');
  h.set('Access-Control-Expose-Headers', 'Tus-Resumable, Upload-Offset, Location');
  h.set('Content-Security-Policy', "default-src 'none';");
  return response;
}

export async function createUpload(m: MockContext, ctx: Ctx): Promise<Response> {
  const h = ctx.request.headers;
  // The real server answers a creation in a space it does not know with a bare 412.
  const { mount, segments } = davTarget(m, ctx, { status: 412, dav: false });
  const badVersion = requireTusResumable(m, ctx);
  if (badVersion) return badVersion;
  const lengthHeader = h.get('upload-length');
  if (lengthHeader === null) return empty(412);
  // reva takes a negative length for a quota question it cannot answer.
  if (/^-\d+$/.test(lengthHeader.trim())) return empty(507);
  if (!UINT.test(lengthHeader.trim()) || !Number.isSafeInteger(Number(lengthHeader))) return empty(400);
  const length = Number(lengthHeader);
  const meta = parseMetadata(h.get('upload-metadata'));
  if (!meta) return empty(412);
  const filename = meta.values.filename;
  if (invalidFilename(filename)) return empty(412);
  const name = filename as string;
  const parent = lookup(mount.root, segments);
  if (parent?.kind !== 'folder') return empty(412);
  if (!mount.writable) return empty(403);
  const existing = parent.children.get(name);
  if (existing?.kind === 'folder') return empty(409);
  if (locked(m, existing ?? parent)) return empty(423);
  const ifMatch = h.get('if-match');
  // reva checks If-Match against an existing file only; a new file is created whatever it says.
  if (ifMatch !== null && existing && stripQuotes(ifMatch) !== stripQuotes(existing.etag)) return empty(412);
  if (length - (existing?.size ?? 0) > quota(m, mount.space).remaining) return empty(507);

  const id = randomUuid();
  const issued = Math.floor(m.now() / 1000);
  const exp = issued + (m.faults.uploadUrlLifetimeSeconds ?? DEFAULT_UPLOAD_LIFETIME_SECONDS);
  const token = await signUploadToken(m.secret, {
    aud: 'reva',
    exp,
    iat: issued,
    target: `http://localhost:9158/data/tus/${id}`,
  });
  const upload: Upload = {
    id,
    token,
    mount,
    parent,
    filename: name,
    targetPath: `/${[...segments, name].join('/')}`,
    length,
    offset: 0,
    complete: false,
    terminated: false,
    metadata: meta.values,
    metadataKeys: meta.keys,
    blobKey: await m.store.create(),
    nodeId: existing?.id ?? randomUuid(),
    expiresAt: exp,
    createdAt: m.now(),
    checksumVerified: undefined,
    requests: [],
    busy: undefined,
    interrupt: undefined,
  };
  m.uploads.set(id, upload);
  ctx.upload = upload;
  const headers: Record<string, string> = { Location: `${ctx.base}/data/${token}` };
  if (length === 0) {
    const done = await finalize(m, upload);
    if (done instanceof Response) return done;
    // The file exists at once, yet the answer tells nothing of it: only an empty Location.
    return empty(201, { Location: '' });
  }
  if ((h.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() === OFFSET_STREAM && ctx.request.body) {
    const done = await receive(m, ctx, upload);
    if (done instanceof Response) return done;
    // Only creation-with-upload tells the etag; a final PATCH does not (clients PROPFIND for it).
    return empty(201, {
      ...headers,
      ...tusHeaders(upload),
      ...(done ? completedHeaders(m, upload, done) : {}),
    });
  }
  return empty(201, headers);
}

export function completedHeaders(m: MockContext, upload: Upload, node: TreeNode): Record<string, string> {
  return {
    'Oc-Fileid': fileIdOf(node),
    'Oc-Etag': node.etag,
    Etag: node.etag,
    'Oc-Perm': permissionsOf(node, upload.mount),
    'Content-Type': contentTypeOf(node.name),
    'Last-Modified': ocisDate(m.now()),
  };
}
