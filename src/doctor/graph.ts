/** Graph: the space to upload into; and whether a refused token's 401 reaches the page. */
import { driveUrl, folderUrl, myDrivesUrl } from '../core/endpoints.js';
import type { Context } from './checks.js';
import { exposure } from './cors.js';
import { header } from './http.js';

import { step } from './step.js';

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
          : 'a refused token (401) carries no Access-Control-Allow-Origin: a refused token looks like a network error to the page; the library refreshes once, then asks the server whether it answers without the token (a refusal: the sign-in notice)',
    ...(res.status === 401 && !allowed
      ? {
          fix: 'nothing needed; a reverse proxy in front may add Access-Control-Allow-Origin to 401 answers so the page sees them as 401',
        }
      : {}),
    httpStatus: res.status,
    ...(requestId ? { requestId } : {}),
  });
}
