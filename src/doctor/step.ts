/** One request of the scratch upload from the page's origin: its status, X-Request-Id, what the page may read. */
import { randomUUID } from 'node:crypto';
import type { RequestKind } from '../core/wire.js';
import type { Context } from './checks.js';
import { exposeFix, exposure, ROUTE_OF } from './cors.js';
import { describeError, type HttpResponse, header } from './http.js';
import type { Check, CheckStatus } from './report.js';

export interface Step {
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
export async function step(ctx: Context, s: Step, echoes: boolean[]): Promise<HttpResponse | undefined> {
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
