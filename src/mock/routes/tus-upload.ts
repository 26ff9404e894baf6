/** The upload URL `/data/{token}`: PATCH, HEAD, DELETE and OPTIONS as tusd answers them behind the gateway. */
import { isDropResponse } from '../drop.js';
import { verifyUploadToken } from '../jwt.js';
import type { Ctx, MockContext, Upload } from './context.js';
import { OFFSET_STREAM, TUS_CHECKSUM_ALGORITHMS, TUS_EXTENSION_ON_OPTIONS, UINT } from './protocol.js';
import { letGo, receive } from './receive.js';
import { empty } from './responses.js';
import { requireTusResumable, tusHeaders } from './tus-creation.js';

/**
 * tusd's refusals on the upload URL: plain text type and `Tus-Resumable`; once the upload is known and the
 * version accepted, also its expiry and file id. The gateway's 403 (bad token) has none of these.
 */
export function tusdError(ctx: Ctx, response: Response): Response {
  if (response.status < 400 || response.status === 403 || isDropResponse(response)) return response;
  const h = response.headers;
  h.set('Content-Type', 'text/plain; charset=utf-8');
  h.set('Tus-Resumable', '1.0.0');
  const upload = ctx.upload;
  if (upload && ctx.route === 'tus-patch' && [400, 409, 413, 415, 460].includes(response.status)) {
    h.set('Upload-Expires', String(upload.expiresAt));
    h.set('Oc-Fileid', `${upload.mount.space.storageId}$${upload.mount.space.uuid}!${upload.nodeId}`);
  }
  return response;
}

/** The upload behind `/data/{token}`: 403 (empty) for a bad or expired token, 404 when finished or gone. */
export function uploadOf(m: MockContext, ctx: Ctx): Promise<Upload | Response> {
  ctx.uploadLookup ??= lookUpUpload(m, ctx);
  return ctx.uploadLookup;
}

export async function lookUpUpload(m: MockContext, ctx: Ctx): Promise<Upload | Response> {
  const claims = await verifyUploadToken(m.secret, ctx.segments[1] ?? '');
  if (!claims) return empty(403);
  const upload = m.uploads.get(claims.target.split('/').pop() ?? '');
  // Attached before the expiry check, so the refusal shows in the upload's own log too.
  if (upload) ctx.upload = upload;
  if (claims.exp * 1000 <= m.now()) return empty(403);
  if (!upload || upload.complete || upload.terminated) return empty(404);
  return upload;
}

export async function tusPatch(m: MockContext, ctx: Ctx): Promise<Response> {
  const upload = await uploadOf(m, ctx);
  if (upload instanceof Response) return upload;
  const badVersion = requireTusResumable(m, ctx);
  if (badVersion) return badVersion;
  const h = ctx.request.headers;
  if ((h.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() !== OFFSET_STREAM)
    return empty(m.strict ? 415 : 400);
  const offset = h.get('upload-offset');
  if (offset === null || !UINT.test(offset.trim()) || !Number.isSafeInteger(Number(offset))) return empty(400);
  await letGo(upload);
  if (Number(offset) !== upload.offset) return empty(409);
  const done = await receive(m, ctx, upload);
  if (done instanceof Response) return done;
  return empty(204, tusHeaders(upload));
}

export async function tusHead(m: MockContext, ctx: Ctx): Promise<Response> {
  const upload = await uploadOf(m, ctx);
  if (upload instanceof Response) return upload;
  // A request still writing (one its client gave up on) lets go first: the offset is then final.
  await letGo(upload);
  return empty(200, {
    'Tus-Resumable': '1.0.0',
    'Upload-Offset': String(upload.offset),
    'Upload-Length': String(upload.length),
    'Cache-Control': 'no-store',
  });
}

export async function tusDelete(m: MockContext, ctx: Ctx): Promise<Response> {
  const upload = await uploadOf(m, ctx);
  if (upload instanceof Response) return upload;
  upload.terminated = true;
  await m.store.delete(upload.blobKey);
  return empty(204, { 'Tus-Resumable': '1.0.0' });
}

export async function tusOptions(m: MockContext, ctx: Ctx): Promise<Response> {
  const upload = await uploadOf(m, ctx);
  if (upload instanceof Response && upload.status === 403) return upload;
  return empty(200, {
    'Tus-Resumable': '1.0.0',
    'Tus-Version': '1.0.0',
    'Tus-Extension': m.strict ? `${TUS_EXTENSION_ON_OPTIONS},checksum` : TUS_EXTENSION_ON_OPTIONS,
    ...(m.strict ? { 'Tus-Checksum-Algorithm': TUS_CHECKSUM_ALGORITHMS } : {}),
  });
}
