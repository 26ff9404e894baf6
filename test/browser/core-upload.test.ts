/**
 * The upload core in real Chromium, real HTTP to the mock (Vite middleware, same origin): for each case the
 * stored SHA-1 equals the source and the metadata the mock recorded equals the expected record, field for field.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  type AccessTokenSource,
  createSpaceUploader,
  type SpaceUploader,
  type UploadContext,
} from '../../src/core/index.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import type { MockRuntimeConfig, MockState } from '../../src/mock/types.ts';
import { type MockHandle, mockInstance, randomBytes, sha1 } from './mock-client.ts';

const { personal, project, writeShare, readOnlyShare } = mockFixtures;
const lastModified = Date.UTC(2026, 2, 1, 12, 0, 0, 500);
const mtime = String(Math.floor(lastModified / 1000));

const personalRoot: UploadContext = {
  space: { id: personal.id, name: personal.name, driveAlias: personal.driveAlias, driveType: personal.driveType },
  folder: { path: '/', id: `${personal.id}!${personal.id.split('$')[1]}` },
  route: { name: 'files-spaces-generic', driveAliasAndItem: 'personal/admin' },
};

function file(name: string, bytes: Uint8Array<ArrayBuffer>, type = 'application/octet-stream'): File {
  return new File([bytes], name, { type, lastModified });
}

async function setup(
  label: string,
  config: MockRuntimeConfig = {},
  accessToken: AccessTokenSource = () => mockFixtures.token,
) {
  const mock = mockInstance(label);
  await mock.configure(config);
  const uploader = createSpaceUploader({
    serverUrl: mock.serverUrl,
    accessToken,
    language: 'de-DE',
    transfer: { retryDelays: [0, 50, 100] },
  });
  return { mock, uploader };
}

/** Uploads and checks that every byte arrived and that the file the result names is the stored one. */
async function uploadAndVerify(mock: MockHandle, uploader: SpaceUploader, files: File[], context: UploadContext) {
  const ids = uploader.addFiles(files, context);
  const outcome = await uploader.upload();
  expect(outcome.failed).toEqual([]);
  expect(outcome.successful.map((r) => r.id).sort()).toEqual([...ids].sort());
  const state = await mock.state();
  for (const [i, f] of files.entries()) {
    const result = outcome.successful.find((r) => r.id === ids[i]);
    const stored = state.files.find((s) => s.fileId === result?.fileId);
    expect(stored, `stored file for ${f.name}`).toBeDefined();
    expect(stored?.sha1).toBe(await sha1(f));
    expect(stored?.size).toBe(f.size);
  }
  return { ids, outcome, state };
}

/**
 * The record the web UI would send for this file (written out from the spec, independently of the code under
 * test), minus unset keys: exactly what the mock must have recorded.
 */
async function expectedRecord(
  uploader: SpaceUploader,
  id: string,
  f: File,
  context: UploadContext,
  endpoint: string,
  tree: { relativePath?: string; relativeFolder?: string; topLevelFolderId?: string } = {},
): Promise<Record<string, string>> {
  const type = f.type || 'application/octet-stream';
  const name = f.name.normalize('NFC');
  const record: Record<string, string | undefined> = {
    name,
    filename: name,
    type,
    filetype: type,
    mtime: String(Math.floor(f.lastModified / 1000)),
    // No checksum by default: the file is hashed while it uploads and compared with the server's own SHA-1 once
    // stored (checksum 'verify'); 'whole-file' sends it here (checksum-upload.test.ts).
    spaceId: context.space.id,
    spaceName: context.space.name,
    driveAlias: context.space.driveAlias,
    driveType: context.space.driveType,
    currentFolder: context.folder?.path ?? '/',
    currentFolderId: context.folder?.id,
    ...tree,
    uppyId: uploader.plan(id)?.uppyId,
    uploadId: uploader.plan(id)?.uploadId,
    tusEndpoint: endpoint,
    routeName: context.route?.name,
    routeDriveAliasAndItem: context.route?.driveAliasAndItem,
    routeShareId: context.route?.shareId,
  };
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => e[1] !== undefined));
}

/** A token source that hands out `first` (default `dev-token`) until asked to refresh, then `renewed`; counts the refreshes. */
function refreshingToken(renewed: string, first: string = mockFixtures.token) {
  let token = first;
  const calls: boolean[] = [];
  const source: AccessTokenSource = ({ refresh }) => {
    calls.push(refresh);
    if (refresh) token = renewed;
    return token;
  };
  return { source, refreshCount: () => calls.filter(Boolean).length };
}

/** Until `count` files are checked and wait in the queue (nothing sent yet: the uploader was not started). */
const untilQueued = (uploader: SpaceUploader, count: number) =>
  new Promise<void>((resolve) => {
    const stop = uploader.subscribe(() => {
      if (uploader.getSnapshot().totals.counts.queued === count) resolve(stop());
    });
  });

const uploadOf = (state: MockState, filename: string) => {
  const upload = state.uploads.find((u) => u.filename === filename);
  if (!upload) throw new Error(`no upload of ${filename}`);
  return upload;
};

describe('tus uploads', () => {
  it('into the personal space root: bytes, metadata record, result and per-request headers', async () => {
    const { mock, uploader } = await setup('personal');
    const bytes = randomBytes(100_000);
    const f = file('report.bin', bytes);
    const { ids, outcome, state } = await uploadAndVerify(mock, uploader, [f], personalRoot);
    const id = ids[0] as string;
    const plan = uploader.plan(id);
    const endpoint = `${mock.serverUrl}/remote.php/dav/spaces/${personal.id}`;
    const upload = uploadOf(state, 'report.bin');
    expect(upload.metadata).toEqual({
      name: 'report.bin',
      filename: 'report.bin',
      type: 'application/octet-stream',
      filetype: 'application/octet-stream',
      mtime,
      spaceId: personal.id,
      spaceName: 'Admin',
      driveAlias: 'personal/admin',
      driveType: 'personal',
      currentFolder: '/',
      currentFolderId: personalRoot.folder?.id,
      uppyId: uploader.plan(id)?.uppyId,
      uploadId: plan?.uploadId,
      tusEndpoint: endpoint,
      routeName: 'files-spaces-generic',
      routeDriveAliasAndItem: 'personal/admin',
    });
    expect(Object.values(upload.metadata)).not.toContain('undefined');
    expect(upload.targetPath).toBe('/report.bin');
    expect(outcome.successful[0]).toMatchObject({
      path: '/report.bin',
      size: 100_000,
      spaceId: personal.id,
      fileId: upload.fileId,
      // The default check: our SHA-1, taken while it uploaded, equals the one the server computed of what it stored.
      verified: true,
    });
    expect(state.requests.some((r) => r.route === 'propfind' && r.path.endsWith('/report.bin'))).toBe(true);

    const requests = state.requests.filter((r) => r.route.startsWith('tus-'));
    expect(requests.length).toBeGreaterThan(0);
    const requestIds = requests.map((r) => r.headers['x-request-id']);
    expect(new Set(requestIds).size).toBe(requests.length);
    for (const r of requests) {
      expect(r.headers.authorization).toBe(`Bearer ${mockFixtures.token}`);
      expect(r.headers['accept-language']).toBe('de-DE');
      expect(r.headers['initiator-id']).toBe(uploader.initiatorId);
    }
    uploader.destroy();
  });

  it('into a sub-folder: endpoint and currentFolder are that folder', async () => {
    const { mock, uploader } = await setup('subfolder');
    const folder = personal.items.find((i) => i.path === '/Documents/Reports');
    const context: UploadContext = {
      ...personalRoot,
      folder: { path: '/Documents/Reports', id: `${personal.id}!${folder?.nodeId}` },
    };
    const f = file('q1.txt', new TextEncoder().encode('Q1\n'), 'text/plain');
    const { state, outcome, ids } = await uploadAndVerify(mock, uploader, [f], context);
    const upload = uploadOf(state, 'q1.txt');
    expect(upload.targetPath).toBe('/Documents/Reports/q1.txt');
    const endpoint = `${mock.serverUrl}/remote.php/dav/spaces/${personal.id}/Documents/Reports`;
    expect(upload.metadata).toEqual(await expectedRecord(uploader, ids[0] as string, f, context, endpoint));
    expect(upload.metadata).toMatchObject({ type: 'text/plain', currentFolder: '/Documents/Reports' });
    expect(outcome.successful[0]?.path).toBe('/Documents/Reports/q1.txt');
    uploader.destroy();
  });

  it('into a project space', async () => {
    const { mock, uploader } = await setup('project');
    const context: UploadContext = {
      space: { id: project.id, name: project.name, driveAlias: project.driveAlias, driveType: 'project' },
      folder: { path: '/Campaigns' },
      route: { name: 'files-spaces-generic', driveAliasAndItem: 'project/marketing/Campaigns' },
    };
    const f = file('brief.pdf', randomBytes(5000), 'application/pdf');
    const { state, ids } = await uploadAndVerify(mock, uploader, [f], context);
    const upload = uploadOf(state, 'brief.pdf');
    expect(upload.spaceId).toBe(project.id);
    const endpoint = `${mock.serverUrl}/remote.php/dav/spaces/${project.id}/Campaigns`;
    expect(upload.metadata).toEqual(await expectedRecord(uploader, ids[0] as string, f, context, endpoint));
    expect(upload.metadata).toMatchObject({ spaceName: 'Marketing', driveType: 'project' });
    expect(state.files.some((s) => s.spaceId === project.id && s.path === '/Campaigns/brief.pdf')).toBe(true);
    uploader.destroy();
  });

  it('into a received share with write permission: routeShareId on the wire, stored in the owner space', async () => {
    const { mock, uploader } = await setup('share');
    const context: UploadContext = {
      space: { id: writeShare.id, name: writeShare.name, driveAlias: writeShare.driveAlias, driveType: 'mountpoint' },
      folder: { path: '/', id: writeShare.id },
      route: { name: 'files-spaces-generic', driveAliasAndItem: writeShare.driveAlias, shareId: writeShare.shareId },
    };
    const bytes = randomBytes(3000);
    const f = file('minutes.bin', bytes);
    const { state, ids } = await uploadAndVerify(mock, uploader, [f], context);
    const upload = uploadOf(state, 'minutes.bin');
    expect(upload.spaceId).toBe(writeShare.id);
    const endpoint = `${mock.serverUrl}/remote.php/dav/spaces/${writeShare.id}`;
    expect(upload.metadata).toEqual(await expectedRecord(uploader, ids[0] as string, f, context, endpoint));
    expect(upload.metadata.routeShareId).toBe(writeShare.shareId);
    expect(state.files.find((s) => s.path === '/Team Docs/minutes.bin')?.spaceId).toBe(writeShare.ownerSpaceId);
    expect(await sha1(await mock.download(writeShare.id, '/minutes.bin'))).toBe(await sha1(bytes));
    uploader.destroy();
  });

  it('files of a dropped folder go to their own folders with relativePath, relativeFolder and one topLevelFolderId', async () => {
    const { mock, uploader } = await setup('tree');
    const context: UploadContext = { ...personalRoot, folder: { path: '/Documents' } };
    const a = file('a.txt', randomBytes(10));
    const b = file('b.txt', randomBytes(20));
    const ids = uploader.addFiles(
      [
        { file: a, relativePath: 'Reports/a.txt' },
        { file: b, relativePath: 'Reports/b.txt' },
      ],
      context,
    );
    const outcome = await uploader.upload();
    expect(outcome.failed).toEqual([]);
    const state = await mock.state();
    const ua = uploadOf(state, 'a.txt');
    const ub = uploadOf(state, 'b.txt');
    expect(ua.targetPath).toBe('/Documents/Reports/a.txt');
    expect(ub.targetPath).toBe('/Documents/Reports/b.txt');
    const topLevelFolderId = ua.metadata.topLevelFolderId as string;
    expect(topLevelFolderId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const endpoint = `${mock.serverUrl}/remote.php/dav/spaces/${personal.id}/Documents/Reports`;
    const tree = (name: string) => ({ relativePath: `/Reports/${name}`, relativeFolder: '/Reports', topLevelFolderId });
    expect(ua.metadata).toEqual(await expectedRecord(uploader, ids[0] as string, a, context, endpoint, tree('a.txt')));
    expect(ub.metadata).toEqual(await expectedRecord(uploader, ids[1] as string, b, context, endpoint, tree('b.txt')));
    for (const [i, f] of [a, b].entries()) {
      const stored = state.files.find((s) => s.path === `/Documents/Reports/${f.name}`);
      expect(stored?.sha1).toBe(await sha1(f));
      expect(outcome.successful.find((r) => r.id === ids[i])?.fileId).toBe(stored?.fileId);
    }
    uploader.destroy();
  });

  it('two folders dropped together: one topLevelFolderId per top folder, shared by everything below it', async () => {
    const { mock, uploader } = await setup('two-trees');
    uploader.addFiles(
      [
        { file: file('x.txt', randomBytes(3)), relativePath: 'A/x.txt' },
        { file: file('y.txt', randomBytes(3)), relativePath: 'A/deep/y.txt' },
        { file: file('z.txt', randomBytes(3)), relativePath: 'B/z.txt' },
        file('loose.txt', randomBytes(3)),
      ],
      personalRoot,
    );
    expect((await uploader.upload()).failed).toEqual([]);
    const state = await mock.state();
    const top = (name: string) => uploadOf(state, name).metadata.topLevelFolderId;
    expect(top('x.txt')).toMatch(/^[0-9a-f-]{36}$/);
    expect(top('y.txt')).toBe(top('x.txt'));
    expect(top('z.txt')).toMatch(/^[0-9a-f-]{36}$/);
    expect(top('z.txt')).not.toBe(top('x.txt'));
    expect(top('loose.txt')).toBeUndefined();
    uploader.destroy();
  });

  it('from another origin, where oCIS hides Oc-Fileid: each result still has the stored file id', async () => {
    const mock = mockInstance('other-origin');
    await mock.configure({ capabilities: { tus: { max_chunk_size: 64 * 1024 } } });
    // What a browser shows a page of another origin: only the headers oCIS exposes (Tus-Resumable, Upload-Offset,
    // Location); the others read as null. (Vite's dev server refuses PROPFIND preflights, so another real origin
    // cannot be used here.)
    const exposed = ['tus-resumable', 'upload-offset', 'location', 'upload-expires', 'content-type'];
    const headersOf = XMLHttpRequest.prototype.getAllResponseHeaders;
    const headerOf = XMLHttpRequest.prototype.getResponseHeader;
    const hidden = (name: string) => !exposed.includes(name.toLowerCase());
    XMLHttpRequest.prototype.getAllResponseHeaders = function (this: XMLHttpRequest) {
      return headersOf
        .call(this)
        .split('\r\n')
        .filter((line) => line && !hidden(line.slice(0, line.indexOf(':'))))
        .map((line) => `${line}\r\n`)
        .join('');
    };
    XMLHttpRequest.prototype.getResponseHeader = function (this: XMLHttpRequest, name: string) {
      return hidden(name) ? null : headerOf.call(this, name);
    };
    onTestFinished(() => {
      XMLHttpRequest.prototype.getAllResponseHeaders = headersOf;
      XMLHttpRequest.prototype.getResponseHeader = headerOf;
    });
    const uploader = createSpaceUploader({ serverUrl: mock.serverUrl, accessToken: mockFixtures.token });
    // One file in the creation request, one in chunks, one empty.
    const files = [
      file('small.txt', randomBytes(1000)),
      file('chunked.bin', randomBytes(150 * 1024)),
      file('empty.txt', randomBytes(0)),
    ];
    uploader.addFiles(files, personalRoot);
    const outcome = await uploader.upload();
    expect(outcome.failed).toEqual([]);
    const state = await mock.state();
    for (const f of files) {
      const stored = state.files.find((s) => s.path === `/${f.name}`);
      expect(stored?.sha1).toBe(await sha1(f));
      expect(outcome.successful.find((r) => r.name === f.name)?.fileId, f.name).toBe(stored?.fileId);
    }
    // The two files with bytes are asked for their id (and SHA-1) once stored: each on its own (Depth 0) or both in
    // one listing of their folder (Depth 1, when the second was stored while the first waited); the empty one is
    // PUT again with its date (oCIS stamps a 0-byte tus upload with the upload time), whose answer names it.
    const firstUpload = state.requests.find((r) => r.method === 'POST')?.seq ?? 0;
    const lookups = state.requests.filter((r) => r.method === 'PROPFIND' && r.seq > firstUpload);
    const perFile = lookups
      .filter((r) => r.headers.depth === '0')
      .map((r) => decodeURIComponent(r.path.split('/').pop() ?? ''))
      .sort();
    const listings = lookups.filter((r) => r.headers.depth === '1').length;
    expect([
      [['chunked.bin', 'small.txt'], 0],
      [[], 1],
    ]).toContainEqual([perFile, listings]);
    const stamps = state.requests.filter((r) => r.method === 'PUT');
    expect(stamps.map((r) => [r.path.split('/').pop(), r.headers['x-oc-mtime']])).toEqual([['empty.txt', mtime]]);
    uploader.destroy();
  });

  it('a file of 2.5 × max_chunk_size takes exactly 3 data-carrying requests', async () => {
    const chunk = 64 * 1024;
    const { mock, uploader } = await setup('chunks', { capabilities: { tus: { max_chunk_size: chunk } } });
    const { state } = await uploadAndVerify(
      mock,
      uploader,
      [file('chunked.bin', randomBytes(chunk * 2.5))],
      personalRoot,
    );
    const upload = uploadOf(state, 'chunked.bin');
    const carrying = upload.requests.filter((r) => r.bytesReceived > 0);
    expect(carrying.map((r) => r.bytesReceived)).toEqual([chunk, chunk, chunk / 2]);
    uploader.destroy();
  });

  it('a file one request takes goes unsliced (no Blob.slice: each costs a browser round trip); a bigger one in slices', async () => {
    const chunk = 64 * 1024;
    const { mock, uploader } = await setup('unsliced', { capabilities: { tus: { max_chunk_size: chunk } } });
    const slices: Array<[number, number, number | undefined]> = [];
    const slice = Blob.prototype.slice;
    Blob.prototype.slice = function (this: Blob, start?: number, end?: number, type?: string) {
      if (this instanceof File) slices.push([this.size, start ?? 0, end]);
      return slice.call(this, start, end, type);
    };
    onTestFinished(() => {
      Blob.prototype.slice = slice;
    });
    const files = [
      file('one.bin', randomBytes(chunk)),
      file('two.bin', randomBytes(900)),
      file('big.bin', randomBytes(chunk * 2.5)),
    ];
    await uploadAndVerify(mock, uploader, files, personalRoot);
    // Only the big file is sliced, once per request; nothing asks for a whole file as a slice.
    expect(slices).toEqual([
      [chunk * 2.5, 0, chunk],
      [chunk * 2.5, chunk, chunk * 2],
      [chunk * 2.5, chunk * 2, chunk * 2.5],
    ]);
    uploader.destroy();
  });

  it('with creation-with-upload, a small file is one POST carrying every byte', async () => {
    const { mock, uploader } = await setup('cwu');
    const { state } = await uploadAndVerify(mock, uploader, [file('small.bin', randomBytes(1000))], personalRoot);
    const upload = uploadOf(state, 'small.bin');
    expect(upload.requests.map((r) => [r.method, r.bytesReceived])).toEqual([['POST', 1000]]);
    uploader.destroy();
  });

  it('without creation-with-upload, creation carries no bytes and a PATCH follows', async () => {
    const { mock, uploader } = await setup('no-cwu', { capabilities: { tus: { extension: 'creation' } } });
    const { state } = await uploadAndVerify(mock, uploader, [file('small.bin', randomBytes(1000))], personalRoot);
    const upload = uploadOf(state, 'small.bin');
    expect(upload.requests.map((r) => [r.effectiveMethod, r.bytesReceived])).toEqual([
      ['POST', 0],
      ['PATCH', 1000],
    ]);
    uploader.destroy();
  });

  it('with http_method_override, /data sees only POST + X-HTTP-Method-Override', async () => {
    const { mock, uploader } = await setup('override', {
      capabilities: { tus: { http_method_override: 'PATCH', extension: 'creation', max_chunk_size: 4096 } },
    });
    const { state } = await uploadAndVerify(mock, uploader, [file('o.bin', randomBytes(10_000))], personalRoot);
    const data = state.requests.filter((r) => r.path.startsWith('/data/'));
    expect(data.length).toBe(3);
    for (const r of data) {
      expect(r.method).toBe('POST');
      expect(r.effectiveMethod).toBe('PATCH');
      expect(r.headers['x-http-method-override']).toBe('PATCH');
    }
    uploader.destroy();
  });

  it('a 0-byte file is created with its name and no data request', async () => {
    const { mock, uploader } = await setup('empty');
    const { state } = await uploadAndVerify(
      mock,
      uploader,
      [file('empty.txt', new Uint8Array(0), 'text/plain')],
      personalRoot,
    );
    expect(state.files.find((f) => f.path === '/empty.txt')).toMatchObject({
      size: 0,
      sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    });
    expect(uploadOf(state, 'empty.txt').requests.map((r) => r.method)).toEqual(['POST']);
    uploader.destroy();
  });

  it('unicode and special-character names arrive as they are, NFC-normalised', async () => {
    const { mock, uploader } = await setup('names');
    const names = ['Grüße & Co #1 + 50% ?.txt', '日本語 ファイル.txt', "it's (final) [v2]; a=b.txt", 'Cafe\u0301.txt'];
    const files = names.map((n) => file(n, randomBytes(64)));
    const { state } = await uploadAndVerify(mock, uploader, files, personalRoot);
    for (const name of names) {
      const nfc = name.normalize('NFC');
      expect(
        state.files.some((f) => f.path === `/${nfc}`),
        nfc,
      ).toBe(true);
      expect(uploadOf(state, nfc).metadata.filename).toBe(nfc);
    }
    uploader.destroy();
  });
});

describe('allowedMetaFields', () => {
  it('limits what goes on the wire to the listed keys, and filename always', async () => {
    const mock = mockInstance('allowed');
    const uploader = createSpaceUploader({
      serverUrl: mock.serverUrl,
      accessToken: mockFixtures.token,
      allowedMetaFields: ['mtime', 'spaceId'],
    });
    await uploadAndVerify(mock, uploader, [file('few.bin', randomBytes(10))], personalRoot);
    const state = await mock.state();
    expect(uploadOf(state, 'few.bin').metadata).toEqual({ filename: 'few.bin', mtime, spaceId: personal.id });
    uploader.destroy();
  });
});

describe('plain PUT when the server has no tus', () => {
  it('PUTs each file to its URL with X-OC-Mtime and reports the file id', async () => {
    const { mock, uploader } = await setup('put', { capabilities: { tus: false } });
    const context: UploadContext = { ...personalRoot, folder: { path: '/Documents' } };
    const bytes = randomBytes(50_000);
    const { state, outcome } = await uploadAndVerify(mock, uploader, [file('plain & simple.bin', bytes)], context);
    expect(state.uploads).toEqual([]);
    const put = state.requests.filter((r) => r.method === 'PUT');
    expect(put).toHaveLength(1);
    expect(put[0]).toMatchObject({
      status: 201,
      path: `/remote.php/dav/spaces/${personal.id}/Documents/plain%20%26%20simple.bin`,
    });
    expect(put[0]?.headers['x-oc-mtime']).toBe(mtime);
    expect(put[0]?.headers.authorization).toBe(`Bearer ${mockFixtures.token}`);
    const stored = state.files.find((f) => f.path === '/Documents/plain & simple.bin');
    expect(stored?.mtime).toBe(Number(mtime));
    expect(outcome.successful[0]).toMatchObject({ fileId: stored?.fileId, etag: stored?.etag });
    uploader.destroy();
  });
});

describe('auth and failures', () => {
  it('a 401 mid-upload refreshes the token once and the upload completes', async () => {
    const token = refreshingToken('second-token');
    const { mock, uploader } = await setup(
      'refresh',
      {
        capabilities: { tus: { max_chunk_size: 4096, extension: 'creation' } },
        faults: { rules: [{ type: 'status', status: 401, route: 'tus-patch', nth: 2 }] },
        tokens: ['second-token'],
      },
      token.source,
    );
    const { state } = await uploadAndVerify(mock, uploader, [file('r.bin', randomBytes(10_000))], personalRoot);
    expect(token.refreshCount()).toBe(1);
    const patches = uploadOf(state, 'r.bin').requests.filter((r) => r.effectiveMethod === 'PATCH');
    expect(patches.map((r) => r.status)).toContain(401);
    expect(state.requests.at(-1)?.headers.authorization).toBe('Bearer second-token');
    uploader.destroy();
  });

  it('several uploads that meet a 401 at once share one token refresh', async () => {
    // The mock refuses the token itself (not a status fault): a retried request with the renewed token must pass,
    // and only requests that carried the stale one may be refused.
    const token = refreshingToken('renewed', 'stale');
    const { mock, uploader } = await setup(
      'shared-refresh',
      { capabilities: { tus: { extension: 'creation' } }, tokens: ['renewed', 'stale'] },
      token.source,
    );
    const files = ['p1.bin', 'p2.bin', 'p3.bin'].map((n) => file(n, randomBytes(2000)));
    const ids = uploader.addFiles(files, personalRoot);
    // The checks before upload pass with the token; then it goes stale, and every creation meets it.
    await untilQueued(uploader, 3);
    // 300 ms before any answer: the three creations are surely all sent before the first 401 comes back.
    await mock.configure({ tokens: [{ token: 'stale', lifetimeSeconds: 0 }], faults: { latencyMs: 300 } });
    const outcome = await uploader.upload();
    expect(outcome.successful.map((r) => r.id).sort()).toEqual([...ids].sort());
    const state = await mock.state();
    for (const f of files) expect(state.files.find((s) => s.path === `/${f.name}`)?.sha1).toBe(await sha1(f));
    const refused = state.requests.filter((r) => r.status === 401);
    // The three creations went out together, before any answer: all three with the stale token.
    expect(refused.map((r) => r.headers.authorization)).toEqual(['Bearer stale', 'Bearer stale', 'Bearer stale']);
    expect(token.refreshCount()).toBe(1);
    const created = state.requests.filter((r) => r.route === 'tus-create' && r.status === 201);
    expect(created.map((r) => r.headers.authorization)).toEqual(['Bearer renewed', 'Bearer renewed', 'Bearer renewed']);
    uploader.destroy();
  });

  it('the PUT fallback also refreshes the token on 401 and completes', async () => {
    const token = refreshingToken('renewed');
    const { mock, uploader } = await setup(
      'put-refresh',
      {
        capabilities: { tus: false },
        faults: { rules: [{ type: 'status', status: 401, route: 'webdav-put' }] },
        tokens: ['renewed'],
      },
      token.source,
    );
    const { state } = await uploadAndVerify(mock, uploader, [file('p.bin', randomBytes(500))], personalRoot);
    expect(state.requests.filter((r) => r.method === 'PUT').map((r) => [r.status, r.headers.authorization])).toEqual([
      [401, `Bearer ${mockFixtures.token}`],
      [201, 'Bearer renewed'],
    ]);
    expect(token.refreshCount()).toBe(1);
    uploader.destroy();
  });

  it('PUTs that meet a 401 at once share one token refresh: each 401 names the token its request carried', async () => {
    const token = refreshingToken('renewed', 'stale');
    const { mock, uploader } = await setup(
      'put-shared-refresh',
      { capabilities: { tus: false }, tokens: ['renewed', 'stale'] },
      token.source,
    );
    const files = ['q1.bin', 'q2.bin', 'q3.bin'].map((n) => file(n, randomBytes(2000)));
    const ids = uploader.addFiles(files, personalRoot);
    await untilQueued(uploader, 3);
    // The three PUTs go out with the stale token before the first 401 comes back (300 ms before any answer).
    await mock.configure({ tokens: [{ token: 'stale', lifetimeSeconds: 0 }], faults: { latencyMs: 300 } });
    const outcome = await uploader.upload();
    expect(outcome.successful.map((r) => r.id).sort()).toEqual([...ids].sort());
    const state = await mock.state();
    const puts = state.requests.filter((r) => r.method === 'PUT');
    expect(puts.filter((r) => r.status === 401).map((r) => r.headers.authorization)).toEqual([
      'Bearer stale',
      'Bearer stale',
      'Bearer stale',
    ]);
    // A 401 for a token already replaced asks for no second refresh.
    expect(token.refreshCount()).toBe(1);
    expect(puts.filter((r) => r.status === 201).map((r) => r.headers.authorization)).toEqual([
      'Bearer renewed',
      'Bearer renewed',
      'Bearer renewed',
    ]);
    uploader.destroy();
  });

  it('a read-only share fails the file as forbidden before upload, citing the request id of the listing that showed it', async () => {
    const { mock, uploader } = await setup('readonly');
    uploader.addFiles([file('nope.txt', randomBytes(10))], {
      space: { id: readOnlyShare.id },
      route: { shareId: readOnlyShare.shareId },
    });
    const outcome = await uploader.upload();
    expect(outcome.successful).toEqual([]);
    const failure = outcome.failed[0];
    expect(failure?.error.kind).toBe('forbidden');
    expect(failure?.error.details.status).toBe(403);
    const state = await mock.state();
    const listing = state.requests.find((r) => r.method === 'PROPFIND');
    expect(failure?.error.details.requestId).toBe(listing?.requestId);
    expect(state.requests.some((r) => r.method === 'POST')).toBe(false);
    expect(state.files.some((f) => f.path.endsWith('nope.txt'))).toBe(false);
    uploader.destroy();
  });

  it('destroy() aborts an upload under way: no request reaches the server afterwards', async () => {
    const { mock, uploader } = await setup('destroy', {
      capabilities: { tus: { max_chunk_size: 16 * 1024, extension: 'creation' } },
      faults: { bandwidthBytesPerSecond: 64 * 1024 },
    });
    uploader.addFiles([file('slow.bin', randomBytes(512 * 1024))], personalRoot);
    const done = uploader.upload();
    await new Promise<void>((resolve) => uploader.on('progress', (p) => p.bytesUploaded > 0 && resolve()));
    uploader.destroy();
    await expect(done).rejects.toThrow(/destroyed before the upload finished/);
    await new Promise((r) => setTimeout(r, 300));
    const count = (await mock.state()).requests.length;
    await new Promise((r) => setTimeout(r, 500));
    const after = await mock.state();
    expect(after.requests.length).toBe(count);
    expect(after.files.some((f) => f.path === '/slow.bin')).toBe(false);
    // The unfinished upload was terminated on the server (tus DELETE), not left behind.
    expect(after.requests.filter((r) => r.route === 'tus-delete').map((r) => r.status)).toEqual([204]);
    expect(after.uploads.map((u) => u.terminated)).toEqual([true]);
    expect(Object.keys(uploader.uppy.getState().files)).toEqual([]);
    await expect(uploader.upload()).rejects.toThrow(/destroyed/);
  });
});
