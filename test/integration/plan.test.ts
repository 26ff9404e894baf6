/**
 * Planning a batch against the mock over real HTTP: listings, conflicts, quota, read-only shares, names.
 * (The uploads that follow a plan run in Chromium: test/browser/plan-upload.test.ts.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { folderUrl } from '../../src/core/endpoints.ts';
import { UploadError } from '../../src/core/errors.ts';
import { type ConflictHandler, type PlanInput, planBatch, type UploadConflict } from '../../src/core/plan.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { type RunningMockOcis, startMockOcis } from '../../src/mock/node.ts';

const personal = mockFixtures.personal.id;
const auth = { Authorization: `Bearer ${mockFixtures.token}` };
let server: RunningMockOcis;
beforeAll(async () => {
  server = await startMockOcis({ port: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.mock.reset());

async function put(path: string, body: string, spaceId = personal): Promise<void> {
  const segments = path.split('/').filter(Boolean);
  const name = segments.pop() as string;
  const res = await fetch(`${folderUrl(server.url, spaceId, segments.join('/'))}/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: auth,
    body,
  });
  expect(res.status).toBeLessThan(300);
}
async function mkcol(path: string): Promise<void> {
  const res = await fetch(folderUrl(server.url, personal, path), { method: 'MKCOL', headers: auth });
  expect(res.status).toBe(201);
}

const requests = () => server.mock.state().requests;
const plan = (input: Partial<PlanInput> & Pick<PlanInput, 'files'>, onConflict?: ConflictHandler) =>
  planBatch(
    { spaceId: personal, baseFolder: '/', ...input },
    { serverUrl: server.url, headers: async () => ({ ...auth }), ...(onConflict ? { onConflict } : {}) },
  );
const file = (path: string, size = 10) => {
  const segments = path.split('/').filter(Boolean);
  return { name: segments.pop() as string, size, folders: segments };
};

describe('planBatch', () => {
  it('a new tree into an empty folder: one listing, every folder to create parents first, nothing refused', async () => {
    const files = [file('A/b/c/1.txt'), file('A/b/2.txt'), file('A/3.txt'), file('top.txt')];
    const result = await plan({ files, emptyFolders: [['A', 'empty'], ['E']] });
    expect(result.files.map((f) => [f.action, f.folderPath, f.name])).toEqual([
      ['upload', '/A/b/c', '1.txt'],
      ['upload', '/A/b', '2.txt'],
      ['upload', '/A', '3.txt'],
      ['upload', '/', 'top.txt'],
    ]);
    expect(result.folders).toEqual(['/A', '/E', '/A/b', '/A/empty', '/A/b/c']);
    expect(result.conflicts).toEqual([]);
    // Only the base folder exists: it is the only one listed.
    expect(
      requests()
        .filter((r) => r.method === 'PROPFIND')
        .map((r) => r.path),
    ).toHaveLength(1);
  });

  it('merging into an existing tree lists the folders that exist, creates only the missing ones', async () => {
    await mkcol('/A');
    await mkcol('/A/b');
    await put('/A/b/old.txt', 'old');
    const asked: UploadConflict[] = [];
    const result = await plan({ files: [file('A/b/c/1.txt'), file('A/b/new.txt'), file('A/x/2.txt')] }, (conflict) => {
      asked.push(conflict);
      return 'merge';
    });
    expect(asked.map((c) => [c.kind, c.path, c.options, c.files])).toEqual([
      ['folder', '/A', ['merge', 'keep-both', 'skip'], 3],
      ['folder', '/A/b', ['merge', 'keep-both', 'skip'], 2],
    ]);
    expect(result.folders).toEqual(['/A/x', '/A/b/c']);
    expect(result.files.map((f) => f.folderPath)).toEqual(['/A/b/c', '/A/b', '/A/x']);
    expect(requests().filter((r) => r.method === 'PROPFIND')).toHaveLength(3); // /, /A, /A/b
  });

  it('keep both for a top folder renames its whole subtree, at every depth, from data', async () => {
    await mkcol('/A');
    await mkcol('/A (1)');
    const result = await plan({ files: [file('A/b/c/deep.txt'), file('A/one.txt')] }, () => 'keep-both');
    expect(result.files.map((f) => [f.folderPath, f.name, f.folders])).toEqual([
      ['/A (2)/b/c', 'deep.txt', ['A (2)', 'b', 'c']],
      ['/A (2)', 'one.txt', ['A (2)']],
    ]);
    expect(result.folders).toEqual(['/A (2)', '/A (2)/b', '/A (2)/b/c']);
  });

  it('a file conflict at depth 3: keep both picks the next free number there', async () => {
    await mkcol('/A');
    await mkcol('/A/b');
    await mkcol('/A/b/c');
    await put('/A/b/c/x.txt', '1');
    await put('/A/b/c/x (1).txt', '2');
    const seen: UploadConflict[] = [];
    const result = await plan({ files: [file('A/b/c/x.txt')] }, (c) => {
      seen.push(c);
      return c.kind === 'folder' ? 'merge' : 'keep-both';
    });
    expect(seen.at(-1)).toMatchObject({ kind: 'file', path: '/A/b/c/x.txt', existing: { kind: 'file', size: 1 } });
    expect(result.files[0]).toMatchObject({ action: 'upload', folderPath: '/A/b/c', name: 'x (2).txt' });
  });

  it('replace keeps the path and names the file replaced; skip drops the file', async () => {
    await put('/r.txt', 'old!');
    await put('/s.txt', 'old');
    const result = await plan({ files: [file('r.txt', 3), file('s.txt')] }, (c) =>
      c.name === 'r.txt' ? 'replace' : 'skip',
    );
    expect(result.files[0]).toMatchObject({ action: 'upload', name: 'r.txt', replaces: { size: 4 } });
    expect(result.files[0]?.replaces?.fileId).toMatch(/!/);
    expect(result.files[1]?.action).toBe('skip');
  });

  it('apply to all answers the rest of that kind only; folders are asked separately', async () => {
    for (const n of ['1', '2', '3']) await put(`/${n}.txt`, n);
    await mkcol('/F');
    await mkcol('/G');
    const asked: string[] = [];
    const result = await plan(
      { files: [file('1.txt'), file('2.txt'), file('3.txt'), file('F/a.txt'), file('G/b.txt')] },
      (c) => {
        asked.push(`${c.kind}:${c.name}:${c.remaining}`);
        return { resolution: c.kind === 'folder' ? 'skip' : 'replace', applyToAll: true };
      },
    );
    expect(asked).toEqual(['folder:F:1', 'file:1.txt:2']);
    expect(result.files.map((f) => f.action)).toEqual(['upload', 'upload', 'upload', 'skip', 'skip']);
    expect(result.files.slice(0, 3).every((f) => f.replaces)).toBe(true);
  });

  it('the "remaining" count spans every folder of a level, not just the one asked about', async () => {
    await mkcol('/P');
    await mkcol('/Q');
    await put('/P/a.txt', 'a');
    await put('/Q/b.txt', 'b');
    const asked: string[] = [];
    await plan({ files: [file('P/a.txt'), file('Q/b.txt')] }, (c) => {
      asked.push(`${c.kind}:${c.name}:${c.remaining}`);
      return c.kind === 'folder' ? 'merge' : 'skip';
    });
    expect(asked).toEqual(['folder:P:1', 'folder:Q:0', 'file:a.txt:1', 'file:b.txt:0']);
  });

  it('a folder where a file stands (and a file where a folder stands) offers only keep both and skip', async () => {
    await put('/A', 'a file named A');
    await mkcol('/b.txt');
    const asked: UploadConflict[] = [];
    const result = await plan({ files: [file('A/x.txt'), file('b.txt')] }, (c) => {
      asked.push(c);
      return 'replace'; // not offered: the default (keep both) applies
    });
    expect(asked.map((c) => [c.kind, c.existing.kind, c.options])).toEqual([
      ['folder', 'file', ['keep-both', 'skip']],
      ['file', 'folder', ['keep-both', 'skip']],
    ]);
    expect(result.files.map((f) => `${f.folderPath}|${f.name}`)).toEqual(['/A (1)|x.txt', '/|b (1).txt']);
  });

  it('a handler that rejects cancels the batch (AbortError)', async () => {
    await put('/c.txt', 'c');
    await expect(
      plan({ files: [file('c.txt')] }, () => {
        throw new Error('user closed the dialog');
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('quota: summed over the batch, each file fitting on its own is not enough', async () => {
    const free = 256 * 1024; // the nearly full space
    const spaceId = mockFixtures.nearlyFull.id;
    const files = [file('a.bin', 100 * 1024), file('b.bin', 100 * 1024), file('c.bin', 100 * 1024)];
    const result = await plan({ spaceId, files });
    expect(result.quota).toEqual({ spaceId, needed: 300 * 1024, available: free, missing: 300 * 1024 - free });
    const fits = await plan({ spaceId, files: files.slice(0, 2) });
    expect(fits.quota?.missing).toBe(0);
    // Files queued earlier count too.
    const withQueued = await plan({ spaceId, files: files.slice(0, 2), pendingBytes: 100 * 1024 });
    expect(withQueued.quota?.missing).toBe(300 * 1024 - free);
  });

  it('quota: replacing counts only the growth; a given quota is used without asking Graph', async () => {
    await put('/big.bin', 'x'.repeat(1000));
    const result = await plan(
      { files: [file('big.bin', 1500), file('new.bin', 100)], quotaRemaining: 550 },
      () => 'replace',
    );
    expect(result.quota).toMatchObject({ needed: 600, available: 550, missing: 50 });
    expect(requests().some((r) => r.route === 'graph')).toBe(false);
  });

  it('quota of a received share comes from the folder listing (Graph has none for shares)', async () => {
    const share = mockFixtures.writeShare;
    const result = await plan({ spaceId: share.id, files: [file('s.txt', 5)] });
    expect(result.quota?.available).toBeGreaterThan(0);
    expect(result.files[0]?.action).toBe('upload');
  });

  it('a space that does not exist, or a missing base folder, is named as such with the URL and request id', async () => {
    let n = 0;
    const options = {
      serverUrl: server.url,
      headers: async () => ({ ...auth, 'X-Request-ID': `req-${++n}` }),
    };
    const files = [file('a.txt')];
    const noSpace = await planBatch({ spaceId: 'no-such-space', baseFolder: '/', files }, options);
    const spaceError = noSpace.files[0]?.error;
    expect(spaceError?.message).toBe('the space no-such-space was not found (check the space id and the server URL)');
    expect(spaceError?.details).toMatchObject({
      status: 404,
      method: 'PROPFIND',
      url: folderUrl(server.url, 'no-such-space', '/'),
    });
    const listed = requests().find((r) => r.method === 'PROPFIND' && r.status === 404);
    expect(spaceError?.details.requestId).toBe(listed?.requestId);
    expect(spaceError?.details.requestId).toMatch(/^req-\d+$/);
    const noFolder = await planBatch({ spaceId: personal, baseFolder: '/Gone', files }, options);
    expect(noFolder.files[0]?.error?.message).toBe('the folder /Gone does not exist');
    expect(noFolder.files[0]?.error?.details.url).toBe(folderUrl(server.url, personal, '/Gone'));
  });

  it('a read-only share is refused before any byte: "you can\'t upload here"', async () => {
    const share = mockFixtures.readOnlyShare;
    const result = await plan({ spaceId: share.id, files: [file('x.txt'), file('A/y.txt')] });
    expect(result.files.map((f) => f.action)).toEqual(['refuse', 'refuse']);
    expect(result.files[0]?.error).toMatchObject({ kind: 'forbidden' });
    expect(result.files[0]?.error?.message).toMatch(/can't upload here/);
    expect(result.folders).toEqual([]);
    expect(requests().some((r) => r.method === 'POST' || r.method === 'MKCOL')).toBe(false);
  });

  it('invalid names are refused with a message naming the file; a bad folder refuses its subtree', async () => {
    const result = await plan({
      files: [
        file('ok.txt'),
        { name: 'a\\b.txt', size: 1, folders: [] },
        file('..bad/x.txt'),
        { name: 'x.txt', size: 1, folders: ['bad\nname'] },
      ],
    });
    expect(result.files.map((f) => f.action)).toEqual(['upload', 'refuse', 'upload', 'refuse']);
    expect(result.files[1]?.error).toMatchObject({ kind: 'invalid-name' });
    expect(result.files[1]?.error?.message).toContain('a\\\\b.txt');
    expect(result.files[3]?.error?.message).toContain('control character');
    expect(result.folders).toEqual(['/..bad']);
  });

  it('names that differ only by case are flagged, in the batch and against the server', async () => {
    await put('/Report.pdf', 'r');
    const result = await plan({ files: [file('report.PDF'), file('A/x.txt'), file('A/X.txt')] });
    expect(result.files.map((f) => f.caseCollision)).toEqual(['/Report.pdf', '/A/X.txt', '/A/x.txt']);
    expect(result.files.every((f) => f.action === 'upload')).toBe(true);
  });

  it('folders that differ only by case are flagged too: in the batch, against a file, against the server', async () => {
    await mkcol('/Holiday');
    const result = await plan({
      files: [
        file('A/x.txt'),
        file('a/y.txt'),
        file('Docs/z.txt'),
        file('docs'),
        file('holiday/p.jpg'),
        file('B/ok.txt'),
      ],
    });
    expect(result.files.map((f) => f.caseCollision)).toEqual(['/a', '/A', '/docs', '/Docs', '/Holiday', undefined]);
  });

  it('file names are compared in NFC: an NFD name meets its NFC twin on the server', async () => {
    await put('/Résumé.txt', 'r');
    const nfd = 'Résumé.txt'.normalize('NFD');
    const result = await plan({ files: [{ name: nfd, size: 1, folders: [] }] }, () => 'skip');
    expect(result.conflicts.map((c) => c.name)).toEqual(['Résumé.txt']);
    expect(result.files[0]?.action).toBe('skip');
  });

  it('a path a queued file or an earlier file of the batch will take is a conflict too', async () => {
    const asked: string[] = [];
    const result = await plan(
      {
        files: [file('A/a.txt'), file('A/a.txt'), file('q.txt')],
        reservedPaths: new Set(['/q.txt']),
      },
      (c) => {
        asked.push(`${c.path} ${c.existing.kind}`);
        return 'keep-both';
      },
    );
    expect(asked).toEqual(['/q.txt file', '/A/a.txt file']);
    expect(result.files.map((f) => [f.folderPath, f.name])).toEqual([
      ['/A', 'a.txt'],
      ['/A', 'a (1).txt'],
      ['/', 'q (1).txt'],
    ]);
  });

  it('keep both for a folder skips names queued files will create (their folders are not there yet)', async () => {
    await mkcol('/A');
    const result = await plan(
      { files: [file('A/x.txt')], reservedPaths: new Set(['/A (1)/x.txt', '/A (2)/deep/y.txt']) },
      (c) => (c.kind === 'folder' ? 'keep-both' : 'skip'),
    );
    expect(result.files[0]).toMatchObject({ action: 'upload', folderPath: '/A (3)', name: 'x.txt' });
    expect(result.folders).toEqual(['/A (3)']);
  });

  it('a quota passed in as negative or not a number says nothing (no hold, no Graph request)', async () => {
    for (const quotaRemaining of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const result = await plan({ files: [file('a.txt', 100)], quotaRemaining });
      expect(result.quota?.missing ?? 0).toBe(0);
    }
    expect(requests().some((r) => r.route === 'graph')).toBe(false);
  });

  it('empty folders follow a renamed parent, and are dropped with a skipped one', async () => {
    await mkcol('/A');
    await mkcol('/B');
    const result = await plan(
      {
        files: [file('A/x.txt'), file('B/y.txt')],
        emptyFolders: [
          ['A', 'empty'],
          ['B', 'deep', 'empty'],
        ],
      },
      (c) => (c.name === 'A' ? 'keep-both' : 'skip'),
    );
    expect(result.folders).toEqual(['/A (1)', '/A (1)/empty']);
    expect(result.files.map((f) => f.action)).toEqual(['upload', 'skip']);
    expect(result.refusedFolders).toEqual([]);
  });

  it('refused folders with no file below are reported themselves (files carry the reason otherwise)', async () => {
    const result = await plan({
      files: [file('bad\nname/x.txt')],
      emptyFolders: [['ok', 'also\\bad'], ['fine'], ['bad\nname', 'inner']],
    });
    expect(result.files[0]?.action).toBe('refuse');
    expect(result.refusedFolders.map((f) => [f.path, f.error.kind])).toEqual([['/ok/also\\bad', 'invalid-name']]);
    expect(result.folders).toEqual(['/ok', '/fine']);

    const readOnly = await plan({ spaceId: mockFixtures.readOnlyShare.id, files: [], emptyFolders: [['e']] });
    expect(readOnly.refusedFolders.map((f) => [f.path, f.error.kind])).toEqual([['/e', 'forbidden']]);
  });

  it('no token to be had refuses the batch as unauthorized, not as a network failure', async () => {
    const noToken = new UploadError('the access token could not be obtained', { kind: 'unauthorized' });
    const result = await planBatch(
      { spaceId: personal, baseFolder: '/', files: [file('x.txt')] },
      { serverUrl: server.url, headers: () => Promise.reject(noToken) },
    );
    expect(result.files[0]).toMatchObject({ action: 'refuse', error: { kind: 'unauthorized' } });
    expect(requests().filter((r) => r.route === 'propfind')).toEqual([]);
  });

  it('a missing target folder refuses the batch with the reason', async () => {
    const result = await plan({ baseFolder: '/nope', files: [file('x.txt')] });
    expect(result.files[0]).toMatchObject({ action: 'refuse', error: { kind: 'not-found' } });
    expect(result.files[0]?.error?.message).toContain('/nope');
  });
});
