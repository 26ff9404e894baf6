/**
 * `verifyStoredSha1` against the real server, from Node with a real token: bytes uploaded over tus (and by PUT, and
 * an empty file) are verified by the server's own SHA-1, asked for right after the last byte (the processing
 * moment); a wrong expected hash is a mismatch. And what verification relies on across origins: the PROPFIND is
 * allowed and its body readable from the allowed origin, while `Oc-Checksum` on HEAD/GET is not exposed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EMPTY_SHA1, verifyStoredSha1 } from '../../src/core/verify.ts';
import { createGraph, davPath, suffix } from './support/graph.ts';
import { serverFetch } from './support/node-fetch.ts';
import { fetchToken, type RealServerConfig, rawRequest } from './support/server.ts';

const server = inject('realServer');
const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');

/** A tus upload from Node: creation, then PATCHes of `chunk` bytes; resolves after the last PATCH's 204. */
async function tusUpload(config: RealServerConfig, folder: string, name: string, data: Buffer, chunk: number) {
  const created = await rawRequest(config, 'POST', folder, {
    headers: {
      Authorization: `Basic ${Buffer.from(`${config.user}:${config.password}`).toString('base64')}`,
      'Tus-Resumable': '1.0.0',
      'Upload-Length': String(data.length),
      'Upload-Metadata': `filename ${Buffer.from(name).toString('base64')}`,
    },
  });
  expect(created.status).toBe(201);
  const location = String(created.headers.location);
  for (let offset = 0; offset < data.length; offset += chunk) {
    const patched = await rawRequest(config, 'PATCH', location, {
      headers: {
        'Tus-Resumable': '1.0.0',
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
      },
      body: data.subarray(offset, offset + chunk),
    });
    expect(patched.status).toBe(204);
  }
}

describe.skipIf(!server)('verifyStoredSha1 against the real server', () => {
  if (!server) return;
  const admin = createGraph(server);
  let spaceId = '';
  let folder = '';
  let token = '';
  const fileUrl = (name: string) => `${server.publicUrl}${davPath(spaceId, `${folder}/${name}`)}`;
  const options = () => ({
    headers: async () => ({ Authorization: `Bearer ${token}`, 'X-Request-ID': `verify-${suffix()}` }),
    fetch: serverFetch(server),
  });

  beforeAll(async () => {
    spaceId = (await admin.personal()).id;
    folder = `/su-verify-${suffix()}`;
    await admin.mkcol(spaceId, folder);
    token = (await fetchToken(server)).access_token;
  });
  afterAll(() => admin.remove(spaceId, folder));

  it('a tus upload is verified right after its last byte; the answer carries the file id', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 5);
    await tusUpload(server, davPath(spaceId, folder), 'tus.bin', data, 1024 * 1024);
    const result = await verifyStoredSha1(fileUrl('tus.bin'), sha1(data), options());
    expect(result).toMatchObject({ verdict: 'verified', serverSha1: sha1(data) });
    expect(result.fileId).toContain(spaceId.split('$')[1]);
    expect(result.requestId).toBeTruthy();
  });

  it('a wrong expected hash is a mismatch (read twice), with the server SHA-1 and both in the reason', async () => {
    const data = randomBytes(1000);
    await tusUpload(server, davPath(spaceId, folder), 'wrong.bin', data, 1000);
    const wrong = sha1(Buffer.from('something else'));
    const result = await verifyStoredSha1(fileUrl('wrong.bin'), wrong, { ...options(), recheckMs: 50 });
    expect(result).toMatchObject({ verdict: 'mismatch', serverSha1: sha1(data) });
    expect(result.reason).toContain(wrong);
  });

  it('a PUT and an empty file verify too (the server reports no checksum for 0 bytes)', async () => {
    const data = randomBytes(70_000);
    await admin.put(spaceId, `${folder}/put.bin`, data);
    expect(await verifyStoredSha1(fileUrl('put.bin'), sha1(data), options())).toMatchObject({ verdict: 'verified' });
    await admin.put(spaceId, `${folder}/empty.bin`, Buffer.alloc(0));
    expect(await verifyStoredSha1(fileUrl('empty.bin'), EMPTY_SHA1, options())).toMatchObject({
      verdict: 'verified',
      serverSha1: EMPTY_SHA1,
    });
  });

  it('a missing file is unknown, never verified', async () => {
    expect(await verifyStoredSha1(fileUrl('nothing-here.bin'), EMPTY_SHA1, options())).toMatchObject({
      verdict: 'unknown',
      reason: 'the file is not on the server (404)',
    });
  });

  it('across origins: the PROPFIND is allowed and its checksums readable; Oc-Checksum on HEAD is not exposed', async () => {
    const data = randomBytes(100);
    await admin.put(spaceId, `${folder}/cors.bin`, data);
    const path = davPath(spaceId, `${folder}/cors.bin`);
    const origin = server.crossOrigin;
    // The headers a page sends with the library's PROPFIND, as Chromium lists them (sorted, lower case).
    const preflight = await rawRequest(server, 'OPTIONS', path, {
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'PROPFIND',
        'Access-Control-Request-Headers': 'authorization,content-type,depth,x-request-id,x-requested-with',
      },
    });
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    const auth = { Authorization: `Bearer ${token}`, Origin: origin };
    const propfind = await rawRequest(server, 'PROPFIND', path, {
      headers: { ...auth, Depth: '0', 'Content-Type': 'application/xml' },
      body: '<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:checksums/></d:prop></d:propfind>',
    });
    expect(propfind.headers['access-control-allow-origin']).toBe(origin);
    expect(propfind.text).toMatch(
      new RegExp(`<oc:checksum>SHA1:${sha1(data)} MD5:[0-9a-f]{32} ADLER32:[0-9a-f]{8}</oc:checksum>`),
    );
    const head = await rawRequest(server, 'HEAD', path, { headers: auth });
    expect(head.headers['oc-checksum']).toBe(`SHA1:${sha1(data)}`);
    expect(String(head.headers['access-control-expose-headers'] ?? '').toLowerCase()).not.toContain('oc-checksum');
  });
});
