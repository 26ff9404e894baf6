/** One row of the differential table: a raw request sent alike to both servers, and how its answer is compared. */
import type { RawResponse } from '../support/server.ts';
import type { BodyView } from './normalize.ts';
import type { Target } from './targets.ts';

export const ALLOWED_ORIGIN = process.env.OCIS_TEST_ORIGIN ?? 'http://127.0.0.1:5199';
export const REFUSED_ORIGIN = 'http://refused.example';

/** Per server: the target and what earlier rows captured (upload URLs). */
export interface Run {
  t: Target;
  /** Folder (below the personal space) this run works in, e.g. `/diff-1a2b3c`. */
  dir: string;
  vars: Record<string, string>;
}

export interface Req {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export interface Case {
  name: string;
  send(run: Run): Req;
  /** Runs first, on each server (e.g. wait until a file has left processing). */
  before?(run: Run): Promise<void>;
  /** Keeps what later rows need. */
  after?(res: RawResponse, run: Run): void;
  /** What of a JSON body is compared (default: its whole key shape). */
  view?: BodyView;
  /** Headers left out of this row's comparison, each with the reason in the row's name or a comment. */
  ignoreHeaders?: readonly string[];
}

export type OriginKind = 'no Origin' | 'allowed Origin' | 'refused Origin' | 'same Origin';
export const ORIGIN_KINDS: readonly OriginKind[] = ['no Origin', 'allowed Origin', 'refused Origin', 'same Origin'];

export function originHeader(kind: OriginKind, t: Target): Record<string, string> {
  if (kind === 'allowed Origin') return { Origin: ALLOWED_ORIGIN };
  if (kind === 'refused Origin') return { Origin: REFUSED_ORIGIN };
  if (kind === 'same Origin') return { Origin: t.publicOrigin };
  return {};
}

/** The row once per kind of Origin (for requests without side effects). */
export function perOrigin(name: string, send: (run: Run) => Req, extra: Partial<Case> = {}): Case[] {
  return ORIGIN_KINDS.map((kind) => ({
    ...extra,
    name: `${name} [${kind}]`,
    send: (run) => {
      const req = send(run);
      return { ...req, headers: { ...originHeader(kind, run.t), ...req.headers } };
    },
  }));
}

export const space = (run: Run, rel = '') => `/remote.php/dav/spaces/${run.t.spaceId}${rel}`;
export const inDir = (run: Run, rel = '') => space(run, `${run.dir}${rel}`);

export const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
export const metadata = (entries: Record<string, string>) =>
  Object.entries(entries)
    .map(([k, v]) => `${k} ${b64(v)}`)
    .join(',');

/** What a browser's tus client sends on creation (cross-origin, from the allowed page). */
export const tusHeaders = (run: Run, extra: Record<string, string> = {}): Record<string, string> => ({
  Authorization: run.t.auth,
  Origin: ALLOWED_ORIGIN,
  'Tus-Resumable': '1.0.0',
  ...extra,
});

/** Waits until a file's GET no longer answers 425 (processing after its last byte). */
export async function settled(run: Run, path: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const res = await run.t.request('HEAD', path, { Authorization: run.t.auth });
    if (res.status !== 425) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}
