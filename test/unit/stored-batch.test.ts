/**
 * Small stored files confirmed together (`stored-batch.ts`): one PROPFIND Depth 1 of their folder instead of one per
 * file, and every case the listing does not settle plainly handed to the per-file way. Node, fake timers, a fake
 * server answering multistatus bodies.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Entry } from '../../src/core/uploader/entry.ts';
import type { Internals } from '../../src/core/uploader/internals.ts';
import { confirmWithOthers, stopConfirmations } from '../../src/core/uploader/stored-batch.ts';

const FOLDER = 'https://server/remote.php/dav/spaces/sp/dir';
const sha = (n: number) => n.toString(16).padStart(40, '0');
/** What `UploadResult` says beside the id, etag and verdict. */
const resultOf = (name: string, more: object) => ({
  id: name,
  name,
  spaceId: 'sp',
  path: `/dir/${name}`,
  size: 10,
  uploadId: `u-${name}`,
  ...more,
});

interface Child {
  name: string;
  sha1?: string;
  processing?: boolean;
  folder?: boolean;
}

function multistatus(children: Child[]): string {
  const response = (href: string, props: string, status = '200 OK') =>
    `<d:response><d:href>${href}</d:href><d:propstat><d:prop>${props}</d:prop><d:status>HTTP/1.1 ${status}</d:status></d:propstat></d:response>`;
  const rows = children.map((c) => {
    const href = `/remote.php/dav/spaces/sp/dir/${encodeURIComponent(c.name)}`;
    const kind = c.folder ? '<d:resourcetype><d:collection/></d:resourcetype>' : '<d:resourcetype/>';
    const ids = `<oc:fileid>id-${c.name}</oc:fileid><d:getetag>"e-${c.name}"</d:getetag>${kind}`;
    const sum = c.sha1
      ? `<oc:checksums><oc:checksum>SHA1:${c.sha1} MD5:00 ADLER32:00</oc:checksum></oc:checksums>`
      : '';
    return c.processing ? response(href, ids) + response(href, sum, '425 TOO EARLY') : response(href, ids + sum);
  });
  return `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">${response(
    '/remote.php/dav/spaces/sp/dir/',
    '<d:resourcetype><d:collection/></d:resourcetype>',
  )}${rows.join('')}</d:multistatus>`;
}

function setup(answers: Array<Child[] | number>) {
  const requests: Array<{ url: string; depth: string | null; checksums: boolean }> = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    requests.push({
      url: String(url),
      depth: headers.get('Depth'),
      checksums: String(init?.body).includes('checksums'),
    });
    const answer = answers.shift() ?? [];
    return typeof answer === 'number'
      ? new Response('', { status: answer })
      : new Response(multistatus(answer), { status: 207 });
  });
  let inFlight = 3;
  const s = {
    destroyed: false,
    confirmations: new Map(),
    transfer: { limit: 5 },
    transport: { room: () => 5 - inFlight },
    http: { requestOptions: { headers: async () => ({}), fetch } },
    store: { touch: vi.fn(), emit: vi.fn() },
    effects: { pump: vi.fn(), settle: vi.fn(), confirmCancel: vi.fn(), queued: false },
    queue: { order: [], cursor: 0, hashCursor: 0 },
  } as unknown as Internals;
  const alone = vi.fn();
  const entry = (name: string): Entry =>
    ({
      id: name,
      name,
      endpoint: FOLDER,
      fileUrl: `${FOLDER}/${name}`,
      path: `/dir/${name}`,
      uploadId: `u-${name}`,
      context: { space: { id: 'sp' } },
      state: 'resolving-id',
      status: 'finalizing',
      size: 10,
      log: [],
    }) as unknown as Entry;
  const add = (name: string, sha1: string | undefined, fileId?: string) => {
    const e = entry(name);
    confirmWithOthers(s, e, { sha1, fileId, etag: undefined }, alone);
    return e;
  };
  return { s, requests, alone, add, idle: () => (inFlight = 0) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('small stored files confirmed together', () => {
  it('eight files stored into one folder: one PROPFIND Depth 1 with checksums, each verified with its id', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `f${i}.txt`);
    const { requests, alone, add } = setup([names.map((name, i) => ({ name, sha1: sha(i) }))]);
    const entries = names.map((name, i) => add(name, sha(i)));
    await vi.advanceTimersByTimeAsync(25);
    expect(requests).toEqual([{ url: FOLDER, depth: '1', checksums: true }]);
    expect(alone).not.toHaveBeenCalled();
    expect(entries.map((e) => [e.state, e.result])).toEqual(
      names.map((name) => ['done', resultOf(name, { fileId: `id-${name}`, etag: `"e-${name}"`, verified: true })]),
    );
  });

  it('waits for more files while others are sending, up to 1 s; goes at once when nothing is sending', async () => {
    const { requests, add, idle } = setup([
      [
        { name: 'a.txt', sha1: sha(1) },
        { name: 'b.txt', sha1: sha(2) },
      ],
      [],
    ]);
    const a = add('a.txt', sha(1));
    add('b.txt', sha(2));
    await vi.advanceTimersByTimeAsync(950);
    expect(requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(requests).toHaveLength(1);
    expect(a.state).toBe('done');
    idle();
    const c = add('c.txt', sha(3));
    const d = add('d.txt', sha(4));
    await vi.advanceTimersByTimeAsync(25);
    expect(requests).toHaveLength(2);
    // c and d were not in that listing: each goes the per-file way.
    expect([c.state, d.state]).toEqual(['resolving-id', 'resolving-id']);
  });

  it('a mismatch, a missing file, a folder of that name and a failed listing each go the per-file way', async () => {
    const { alone, add, requests } = setup([
      [
        { name: 'good.txt', sha1: sha(1) },
        { name: 'bad.txt', sha1: sha(99) },
        { name: 'dir', folder: true },
      ],
      500,
    ]);
    const batch = ['good.txt', 'bad.txt', 'gone.txt', 'dir'].map((name, i) => add(name, sha(i + 1)));
    for (let i = 0; i < 4; i++) add(`more${i}.txt`, sha(50 + i));
    await vi.advanceTimersByTimeAsync(25);
    expect(batch[0]?.state).toBe('done');
    expect(alone.mock.calls.map(([e, s]) => [(e as Entry).name, s])).toEqual([
      ['bad.txt', sha(2)],
      ['gone.txt', sha(3)],
      ['dir', sha(4)],
      ['more0.txt', sha(50)],
      ['more1.txt', sha(51)],
      ['more2.txt', sha(52)],
      ['more3.txt', sha(53)],
    ]);
    alone.mockClear();
    for (let i = 0; i < 8; i++) add(`x${i}.txt`, sha(i));
    await vi.advanceTimersByTimeAsync(25);
    expect(requests).toHaveLength(2);
    expect(alone).toHaveBeenCalledTimes(8);
  });

  it('a file the server still processes (425) is listed again after 100, 200, 400, 800, 1000, 1000 ms, then goes on its own', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `p${i}.txt`);
    const listed = names.map((name, i) => ({ name, sha1: sha(i), processing: i < 2 }));
    const { add, alone, requests, idle } = setup([listed, listed, listed, listed, listed, listed, listed]);
    const entries = names.map((name, i) => add(name, sha(i)));
    await vi.advanceTimersByTimeAsync(25);
    expect(entries.filter((e) => e.state === 'done')).toHaveLength(6);
    idle();
    await vi.advanceTimersByTimeAsync(90);
    expect(requests).toHaveLength(1);
    for (const [wait, listings] of [
      [30, 2],
      [230, 3],
      [430, 4],
      [830, 5],
      [1030, 6],
      [1030, 7],
    ] as const) {
      expect(alone).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(wait);
      expect(requests).toHaveLength(listings);
    }
    expect(alone.mock.calls.map(([e]) => (e as Entry).name)).toEqual(['p0.txt', 'p1.txt']);
  });

  it('a folder with many more children than waiting files is confirmed file by file (no listing of it)', async () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ name: `old${i}`, sha1: sha(i) }));
    const names = Array.from({ length: 8 }, (_, i) => `n${i}.txt`);
    const { add, alone, requests } = setup([[...many, ...names.map((name, i) => ({ name, sha1: sha(i) }))]]);
    for (const [i, name] of names.entries()) add(name, sha(i));
    await vi.advanceTimersByTimeAsync(25);
    expect(requests).toHaveLength(1);
    // 408 children: a batch pays for that listing from 21 files on; 8 wait up to 1 s, then go one by one.
    for (const [i, name] of names.entries()) add(`2-${name}`, sha(i));
    await vi.advanceTimersByTimeAsync(1050);
    expect(requests).toHaveLength(1);
    expect(alone).toHaveBeenCalledTimes(8);
  });

  it('without verification: ids only, no checksums asked; an id the upload answer gave is kept', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `i${i}.txt`);
    const { add, requests } = setup([names.map((name) => ({ name }))]);
    const entries = names.map((name, i) => {
      const e = add(name, undefined, i === 0 ? 'from-the-answer' : undefined);
      return e;
    });
    await vi.advanceTimersByTimeAsync(25);
    expect(requests).toEqual([{ url: FOLDER, depth: '1', checksums: false }]);
    expect(entries[0]?.result).toEqual(resultOf('i0.txt', { fileId: 'from-the-answer', etag: '"e-i0.txt"' }));
    expect(entries[1]?.result).toEqual(resultOf('i1.txt', { fileId: 'id-i1.txt', etag: '"e-i1.txt"' }));
  });

  it('stops with the uploader: no listing after destroy', async () => {
    const { s, add, requests } = setup([]);
    add('a.txt', sha(1));
    stopConfirmations(s);
    await vi.advanceTimersByTimeAsync(1000);
    expect(requests).toHaveLength(0);
  });
});
