/** Free space from Graph: what counts as "unknown" (never a refusal) and what is a real figure. */
import { describe, expect, it } from 'vitest';
import { fetchQuotaRemaining } from '../../src/core/plan.ts';

const answer = (status: number, body: unknown) => async () =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const ask = (fetch: typeof globalThis.fetch, spaceId = 's$1') =>
  fetchQuotaRemaining(spaceId, { serverUrl: 'https://ocis.test', headers: async () => ({}), fetch });

describe('fetchQuotaRemaining', () => {
  it('a drive with a quota: its remaining bytes', async () => {
    expect(await ask(answer(200, { quota: { total: 1000, used: 400, remaining: 600, state: 'normal' } }))).toBe(600);
  });

  it.each([
    ['no quota at all', {}],
    ['unlimited (total 0)', { quota: { total: 0, used: 5, remaining: 0, state: 'normal' } }],
    ['a negative remaining', { quota: { total: 10, remaining: -1 } }],
    ['remaining not a number', { quota: { total: 10, remaining: 'lots' } }],
  ])('%s: unknown, never a refusal', async (_, drive) => {
    expect(await ask(answer(200, drive))).toBeUndefined();
  });

  it('a failed request, or a received share (Graph shows it no quota): unknown, without asking', async () => {
    expect(await ask(answer(500, {}))).toBeUndefined();
    let asked = false;
    const spy: typeof fetch = async () => {
      asked = true;
      return new Response('{}');
    };
    expect(await ask(spy, 's$1!node')).toBeUndefined();
    expect(asked).toBe(false);
  });
});
