/**
 * With credentials: the spaces (Graph), a tiny upload into a scratch folder the way the library does it (MKCOL,
 * tus creation with upload, HEAD, PATCH, a cancelled upload's DELETE; or a PUT), a PROPFIND for the id and the
 * server's checksums, then the folder removed. Every request carries the page's Origin, so each answer also
 * shows what the page may read.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { driveUrl, fileUrl, folderUrl, myDrivesUrl } from '../core/endpoints.js';
import type { RequestKind } from '../core/wire.js';
import type { CapabilitiesFound, Context } from './checks.js';
import { exposeFix, exposure, ROUTE_OF } from './cors.js';
import { describeError, type HttpResponse, header } from './http.js';
import type { Check, CheckStatus } from './report.js';

interface Step {
  id: string;
  kind: RequestKind | 'cleanup';
  label: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  expect: readonly number[];
  /** Response headers the library would read from this answer. */
  wanted?: readonly string[];
}

const worst = (a: CheckStatus, b: CheckStatus): CheckStatus =>
  a === 'fail' || b === 'fail' ? 'fail' : a === 'warn' || b === 'warn' ? 'warn' : 'ok';

/** Sends a step from the page's origin and records what came back; `undefined` when there was no answer. */
async function step(ctx: Context, s: Step, echoes: boolean[]): Promise<HttpResponse | undefined> {
  const sentId = randomUUID();
  let res: HttpResponse;
  try {
    res = await ctx.client(
      s.method,
      s.url,
      {
        Origin: ctx.origin,
        'X-Request-ID': sentId,
        ...(ctx.authorization ? { Authorization: ctx.authorization } : {}),
        ...s.headers,
      },
      s.body,
    );
  } catch (error) {
    ctx.checks.push({ id: s.id, status: 'fail', title: `${s.label}: no answer (${describeError(error)})` });
    return undefined;
  }
  const gotId = header(res, 'x-request-id');
  echoes.push(gotId === sentId);
  const check: Check = {
    id: s.id,
    status: s.expect.includes(res.status) ? 'ok' : s.kind === 'cleanup' ? 'warn' : 'fail',
    title: s.expect.includes(res.status) ? s.label : `${s.label}: expected ${s.expect.join(' or ')}`,
    httpStatus: res.status,
    ...(gotId ? { requestId: gotId } : {}),
  };
  const seen = exposure(res, ctx.origin, s.wanted ?? []);
  const details: string[] = [];
  if (s.kind !== 'cleanup' && !seen.originAllowed) {
    check.status = 'fail';
    details.push(`the answer has no Access-Control-Allow-Origin for ${ctx.origin}: the page cannot read it`);
  } else if (s.kind !== 'cleanup') {
    if (seen.readable.length) details.push(`readable by the page: ${seen.readable.join(', ')}`);
    const relevant = seen.hidden.filter((h) => h.level !== 'info');
    for (const h of relevant) details.push(`hidden from the page: ${h.name} → ${h.without}`);
    const unneeded = seen.hidden.filter((h) => h.level === 'info').map((h) => h.name);
    if (unneeded.length) details.push(`hidden, and the library does without: ${unneeded.join(', ')}`);
    if (relevant.length) {
      check.status = worst(check.status, relevant.some((h) => h.level === 'required') ? 'fail' : 'warn');
      check.fix = exposeFix(
        ctx.prefix,
        ROUTE_OF[s.kind],
        relevant.map((h) => h.name),
      );
    }
  }
  if (details.length) check.details = details;
  ctx.checks.push(check);
  return res;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');
const PROPFIND_BODY =
  '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:fileid/><oc:checksums/><d:getetag/></d:prop></d:propfind>';

export interface SpaceFound {
  id: string;
  url: string;
}

/** Graph: the user's spaces and the one to upload into. */
export async function findSpace(
  ctx: Context,
  wanted: string | undefined,
  echoes: boolean[],
): Promise<SpaceFound | undefined> {
  const wantedGraph = ['X-Request-Id'];
  const res = await step(
    ctx,
    {
      id: 'graph.me-drives',
      kind: 'graph',
      label: 'Graph GET /graph/v1.0/me/drives',
      method: 'GET',
      url: myDrivesUrl(ctx.server),
      expect: [200],
      wanted: wantedGraph,
    },
    echoes,
  );
  if (res?.status !== 200) return undefined;
  let drives: Array<{ id?: unknown; driveType?: unknown; name?: unknown }> = [];
  try {
    drives = (JSON.parse(res.text) as { value?: typeof drives }).value ?? [];
  } catch {
    // An unreadable list is reported below as "no space".
  }
  const drive = drives.find((d) => (wanted ? d.id === wanted : d.driveType === 'personal'));
  if (typeof drive?.id !== 'string') {
    ctx.checks.push({
      id: 'graph.space',
      status: 'fail',
      title: wanted ? `space ${wanted} is not among your ${drives.length} spaces` : 'you have no personal space',
      fix: 'pass --space <id> of a space you may write to',
    });
    return undefined;
  }
  await step(
    ctx,
    {
      id: 'graph.drive',
      kind: 'graph',
      label: 'Graph GET /graph/v1.0/drives/{id}',
      method: 'GET',
      url: driveUrl(ctx.server, drive.id),
      expect: [200],
      wanted: wantedGraph,
    },
    echoes,
  );
  return { id: drive.id, url: folderUrl(ctx.server, drive.id, '') };
}

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

/** A refused token, from the origin: does the 401 carry CORS headers (else the page sees a network error)? */
export async function checkRefusedToken(ctx: Context): Promise<void> {
  const res = await ctx
    .client('GET', myDrivesUrl(ctx.server), {
      Origin: ctx.origin,
      Authorization: 'Bearer space-uploader-doctor-invalid-token',
    })
    .catch(() => undefined);
  if (!res) return;
  const allowed = exposure(res, ctx.origin, []).originAllowed;
  const requestId = header(res, 'x-request-id');
  ctx.checks.push({
    id: 'cors.refused-token',
    status: res.status === 401 && allowed ? 'ok' : 'warn',
    title:
      res.status !== 401
        ? `a bad token answered ${res.status}, not 401`
        : allowed
          ? 'a refused token (401) carries CORS headers: the page sees the 401'
          : 'a refused token (401) carries no Access-Control-Allow-Origin: a refused token looks like a network error to the page; the library refreshes once on a network error',
    ...(res.status === 401 && !allowed
      ? {
          fix: 'nothing needed; a reverse proxy in front may add Access-Control-Allow-Origin to 401 answers so the page sees them as 401',
        }
      : {}),
    httpStatus: res.status,
    ...(requestId ? { requestId } : {}),
  });
}
