/**
 * The mock against the real server: the same raw requests to both, and the answers compared as a client sees them
 * (status, every header a client can read or branch on, CORS per origin, body shapes). A row that differs fails
 * with the diff of the two snapshots (`-` real server, `+` mock).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ALLOWED_ORIGIN, type Case, inDir, type Run } from './differential/case.ts';
import { apiCases } from './differential/cases-api.ts';
import { davCases, davSetupCases } from './differential/cases-dav.ts';
import { tusCases } from './differential/cases-tus.ts';
import { type Snapshot, snapshot } from './differential/normalize.ts';
import { mockTarget, realTarget } from './differential/targets.ts';

const server = inject('realServer');

const CASES: Case[] = [...davSetupCases, ...tusCases, ...davCases, ...apiCases];

describe.skipIf(!server)('differential: the mock answers like the real server', () => {
  const dir = `/diff-${randomBytes(4).toString('hex')}`;
  let real: Run;
  let mock: Run;

  beforeAll(async () => {
    if (!server) return;
    real = { t: await realTarget(server), dir, vars: {} };
    mock = { t: await mockTarget(server.crossOrigin), dir, vars: {} };
  });

  afterAll(async () => {
    await real?.t.request('DELETE', inDir(real), { Authorization: real.t.auth }).catch(() => undefined);
    await mock?.t.close();
  });

  const answer = async (row: Case, run: Run): Promise<Snapshot> => {
    await row.before?.(run);
    const req = row.send(run);
    const res = await run.t.request(req.method, req.path, req.headers, req.body);
    row.after?.(res, run);
    return snapshot(res, {
      selfOrigin: run.t.publicOrigin,
      selfHref: decodeURIComponent(req.path),
      ...(row.view ? { view: row.view } : {}),
      ...(row.ignoreHeaders ? { ignoreHeaders: row.ignoreHeaders } : {}),
    });
  };

  it('talks to the cross-origin page origin the real server allows', () => {
    expect(server?.crossOrigin).toBe(ALLOWED_ORIGIN);
  });

  for (const row of CASES) {
    it(row.name, async () => {
      const fromReal = await answer(row, real);
      const fromMock = await answer(row, mock);
      expect(fromMock, `${row.name}: - real server, + mock`).toEqual(fromReal);
    });
  }
});
