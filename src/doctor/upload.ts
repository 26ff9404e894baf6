/**
 * With credentials: a tiny upload into a scratch folder the way the library does it (MKCOL,
 * tus creation with upload, HEAD, PATCH, a cancelled upload's DELETE; or a PUT), a PROPFIND for the id and the
 * server's checksums, then the folder removed. Every request carries the page's Origin, so each answer also
 * shows what the page may read.
 */
import { createHash, randomBytes } from 'node:crypto';
import { fileUrl, folderUrl } from '../core/endpoints.js';
import type { CapabilitiesFound, Context } from './checks.js';
import type { SpaceFound } from './graph.js';
import { header } from './http.js';
import { step } from './step.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const PROPFIND_BODY =
  '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:fileid/><oc:checksums/><d:getetag/></d:prop></d:propfind>';

/** The scratch upload; the folder is removed whatever happens. */
export async function scratchUpload(
  ctx: Context,
  caps: CapabilitiesFound,
  space: SpaceFound,
  echoes: boolean[],
): Promise<void> {
  const folder = `space-uploader-doctor-${randomBytes(4).toString('hex')}`;
  const folderAt = folderUrl(ctx.server, space.id, folder);
  const content = Buffer.from(`space-uploader doctor ${new Date().toISOString()}\n`);
  const name = 'doctor.txt';
  const mk = await step(
    ctx,
    {
      id: 'upload.mkcol',
      kind: 'mkcol',
      label: `MKCOL scratch folder ${folder}`,
      method: 'MKCOL',
      url: folderAt,
      expect: [201],
      wanted: ['X-Request-Id'],
    },
    echoes,
  );
  if (mk?.status !== 201) return;
  try {
    const uploaded =
      caps.transfer === 'tus'
        ? await tusUpload(ctx, caps, folderAt, name, content, echoes)
        : await putUpload(ctx, folderAt, name, content, echoes);
    if (uploaded) await readBack(ctx, fileUrl(ctx.server, space.id, folder, name), content, echoes);
  } finally {
    await step(
      ctx,
      {
        id: 'upload.cleanup',
        kind: 'cleanup',
        label: `DELETE scratch folder ${folder}`,
        method: 'DELETE',
        url: folderAt,
        expect: [204],
      },
      echoes,
    );
  }
}

const TUS = { 'Tus-Resumable': '1.0.0' };
const OCTETS = { 'Content-Type': 'application/offset+octet-stream' };

async function tusUpload(
  ctx: Context,
  caps: CapabilitiesFound,
  folderAt: string,
  name: string,
  content: Buffer,
  echoes: boolean[],
) {
  const tus = caps.capabilities.tus;
  const withUpload = tus?.extensions.has('creation-with-upload') ?? false;
  const half = Math.floor(content.length / 2);
  const metadata = `filename ${b64(name)},mtime ${b64(String(Math.floor(Date.now() / 1000)))}`;
  const created = await step(
    ctx,
    {
      id: 'upload.tus-create',
      kind: 'tus-create',
      label: withUpload ? `tus POST creation with upload (${half} of ${content.length} bytes)` : 'tus POST creation',
      method: 'POST',
      url: folderAt,
      headers: {
        ...TUS,
        'Upload-Length': String(content.length),
        'Upload-Metadata': metadata,
        ...(withUpload ? OCTETS : {}),
      },
      ...(withUpload ? { body: content.subarray(0, half) } : {}),
      expect: [201],
      wanted: [
        'Location',
        ...(withUpload ? ['Upload-Offset'] : []),
        'Upload-Expires',
        'Tus-Resumable',
        'Tus-Extension',
        'Tus-Checksum-Algorithm',
        'Oc-Fileid',
        'X-Request-Id',
      ],
    },
    echoes,
  );
  const location = created && header(created, 'location');
  if (created?.status !== 201 || !location) return false;
  const dataUrl = new URL(location, folderAt).href;
  const head = await step(
    ctx,
    {
      id: 'upload.tus-head',
      kind: 'tus-head',
      label: 'tus HEAD upload URL',
      method: 'HEAD',
      url: dataUrl,
      headers: TUS,
      expect: [200],
      wanted: ['Upload-Offset', 'Upload-Length', 'X-Request-Id'],
    },
    echoes,
  );
  const offset = Number(head && header(head, 'upload-offset'));
  const from = Number.isSafeInteger(offset) && offset >= 0 ? offset : withUpload ? half : 0;
  const override = tus?.methodOverride ?? false;
  const patched = await step(
    ctx,
    {
      id: 'upload.tus-patch',
      kind: 'tus-patch',
      label: `tus ${override ? 'POST (PATCH)' : 'PATCH'} the last ${content.length - from} bytes`,
      method: override ? 'POST' : 'PATCH',
      url: dataUrl,
      headers: {
        ...TUS,
        ...OCTETS,
        'Upload-Offset': String(from),
        ...(override ? { 'X-HTTP-Method-Override': 'PATCH' } : {}),
      },
      body: content.subarray(from),
      expect: [204],
      wanted: ['Upload-Offset', 'Upload-Expires', 'Oc-Fileid', 'Oc-Etag', 'X-Request-Id'],
    },
    echoes,
  );
  // A cancelled upload: created, then terminated (the library's DELETE when a file is removed mid-upload).
  const spare = await ctx
    .client('POST', folderAt, {
      ...(ctx.authorization ? { Authorization: ctx.authorization } : {}),
      ...TUS,
      'Upload-Length': '3',
      'Upload-Metadata': `filename ${b64('doctor-cancelled.txt')}`,
    })
    .catch(() => undefined);
  const spareLocation = spare && header(spare, 'location');
  if (spare?.status === 201 && spareLocation)
    await step(
      ctx,
      {
        id: 'upload.tus-delete',
        kind: 'tus-delete',
        label: 'tus DELETE an unfinished upload',
        method: 'DELETE',
        url: new URL(spareLocation, folderAt).href,
        headers: TUS,
        expect: [204],
        wanted: ['X-Request-Id'],
      },
      echoes,
    );
  return patched?.status === 204;
}

async function putUpload(ctx: Context, folderAt: string, name: string, content: Buffer, echoes: boolean[]) {
  const res = await step(
    ctx,
    {
      id: 'upload.put',
      kind: 'put',
      label: 'PUT the file',
      method: 'PUT',
      url: `${folderAt}/${name}`,
      headers: { 'Content-Type': 'text/plain' },
      body: content,
      expect: [201, 204],
      wanted: ['Oc-Fileid', 'Oc-Etag', 'X-Request-Id'],
    },
    echoes,
  );
  return res?.status === 201 || res?.status === 204;
}

/** PROPFIND Depth 0: the id and the server's checksums (asked again while the file is still processing: 425). */
async function readBack(ctx: Context, url: string, content: Buffer, echoes: boolean[]) {
  const headers = { Depth: '0', 'Content-Type': 'application/xml; charset=utf-8' };
  for (let attempt = 0; attempt < 10; attempt++) {
    const peek = await ctx
      .client(
        'PROPFIND',
        url,
        { ...(ctx.authorization ? { Authorization: ctx.authorization } : {}), ...headers },
        PROPFIND_BODY,
      )
      .catch(() => undefined);
    if (peek?.status === 207 && !/425/.test(peek.text) && /<oc:checksum>/.test(peek.text)) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const res = await step(
    ctx,
    {
      id: 'upload.propfind',
      kind: 'propfind',
      label: 'PROPFIND the uploaded file (Depth 0)',
      method: 'PROPFIND',
      url,
      headers,
      body: PROPFIND_BODY,
      expect: [207],
      wanted: ['X-Request-Id'],
    },
    echoes,
  );
  if (res?.status !== 207) return;
  const fileId = /<oc:fileid>([^<]*)<\/oc:fileid>/.exec(res.text)?.[1];
  const checksums = /<oc:checksum>([^<]*)<\/oc:checksum>/.exec(res.text)?.[1]?.trim();
  const sha1 = createHash('sha1').update(content).digest('hex');
  const serverSha1 = /SHA1:([0-9a-f]{40})/i.exec(checksums ?? '')?.[1]?.toLowerCase();
  ctx.checks.push({
    id: 'upload.result',
    status: fileId && serverSha1 === sha1 ? 'ok' : 'fail',
    title: fileId
      ? `uploaded file: oc:fileid ${fileId}; oc:checksums ${checksums ?? 'none'}${serverSha1 === sha1 ? ' (SHA1 matches the bytes sent)' : ' (SHA1 does not match the bytes sent)'}`
      : 'the PROPFIND answer has no oc:fileid for the uploaded file',
  });
}
