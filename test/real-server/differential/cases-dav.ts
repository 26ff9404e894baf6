/** WebDAV rows: MKCOL, PUT (mtime, checksums), GET/HEAD, PROPFIND (Depth 0/1, with and without a body), DELETE. */
import { createHash } from 'node:crypto';
import { ALLOWED_ORIGIN, type Case, inDir, metadata, perOrigin, type Run, settled, tusHeaders } from './case.ts';

const dav = (
  name: string,
  method: string,
  rel: string,
  headers: (run: Run) => Record<string, string> = () => ({}),
) => ({
  name,
  send: (run: Run) => ({
    method,
    path: inDir(run, rel),
    headers: { Authorization: run.t.auth, Origin: ALLOWED_ORIGIN, ...headers(run) },
  }),
});

const PUT_BODY = 'put body\n';
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

const PROPS = `<?xml version="1.0"?>
<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop>
<oc:fileid/><oc:checksums/><oc:size/><d:getetag/><d:resourcetype/><d:quota-available-bytes/><d:quota-used-bytes/>
<d:getlastmodified/><d:getcontentlength/><oc:permissions/>
</d:prop></d:propfind>`;

const propfind = (name: string, rel: string, depth: string, body?: string): Case[] =>
  perOrigin(
    `PROPFIND ${name}`,
    (run) => ({
      method: 'PROPFIND',
      path: inDir(run, rel),
      headers: { Authorization: run.t.auth, Depth: depth, ...(body ? { 'Content-Type': 'application/xml' } : {}) },
      ...(body ? { body } : {}),
    }),
    { before: (run) => settled(run, inDir(run, '/a.txt')) },
  );

/** Rows that make the folder the other rows work in. */
export const davSetupCases: Case[] = [
  dav('MKCOL the test folder: 201', 'MKCOL', ''),
  dav('MKCOL it again: 405', 'MKCOL', ''),
  dav('MKCOL below a missing parent: 409', 'MKCOL', '/missing/sub'),
  dav('MKCOL a subfolder: 201', 'MKCOL', '/sub'),
];

export const davCases: Case[] = [
  {
    ...dav('PUT with X-OC-Mtime: 201', 'PUT', '/put-mtime.txt', () => ({ 'X-OC-Mtime': '1701708712' })),
    send: (run) => ({
      ...dav('', 'PUT', '/put-mtime.txt', () => ({ 'X-OC-Mtime': '1701708712' })).send(run),
      body: PUT_BODY,
    }),
  },
  {
    ...dav('PUT with the right OC-Checksum: 201', 'PUT', '/put-sum.txt'),
    send: (run) => ({
      ...dav('', 'PUT', '/put-sum.txt', () => ({ 'OC-Checksum': `SHA1:${sha1(PUT_BODY)}` })).send(run),
      body: PUT_BODY,
    }),
  },
  {
    ...dav('PUT with a wrong OC-Checksum: 400', 'PUT', '/put-bad.txt'),
    send: (run) => ({
      ...dav('', 'PUT', '/put-bad.txt', () => ({ 'OC-Checksum': `SHA1:${sha1('other')}` })).send(run),
      body: PUT_BODY,
    }),
  },
  {
    ...dav('PUT over an existing file: 204', 'PUT', '/put-sum.txt'),
    send: (run) => ({ ...dav('', 'PUT', '/put-sum.txt').send(run), body: PUT_BODY }),
  },
  ...perOrigin(
    'GET a file',
    (run) => ({ method: 'GET', path: inDir(run, '/a.txt'), headers: { Authorization: run.t.auth } }),
    {
      before: (run) => settled(run, inDir(run, '/a.txt')),
    },
  ),
  ...perOrigin('HEAD a file', (run) => ({
    method: 'HEAD',
    path: inDir(run, '/put-mtime.txt'),
    headers: { Authorization: run.t.auth },
  })),
  dav('GET a missing file: 404', 'GET', '/nothing.txt'),
  dav('HEAD a missing file: 404', 'HEAD', '/nothing.txt'),
  dav('GET a folder', 'GET', '/sub'),
  { ...dav('HEAD the tus-made file', 'HEAD', '/a.txt'), before: (run: Run) => settled(run, inDir(run, '/a.txt')) },
  dav('GET the 0-byte file', 'GET', '/empty.txt'),
  {
    ...dav('PUT into a missing folder: 409', 'PUT', '/missing/x.txt'),
    send: (run: Run) => ({ ...dav('', 'PUT', '/missing/x.txt').send(run), body: PUT_BODY }),
  },
  dav('PROPFIND Depth: infinity', 'PROPFIND', '', () => ({ Depth: 'infinity' })),
  dav('MKCOL with a bad token', 'MKCOL', '/never', () => ({ Authorization: 'Bearer not-a-token' })),
  ...propfind('folder, Depth 1, no body', '', '1'),
  ...propfind('folder, Depth 0, no body', '', '0'),
  ...propfind('folder, Depth 1, with props', '', '1', PROPS),
  ...propfind('file, Depth 0, with props', '/a.txt', '0', PROPS),
  dav('PROPFIND a missing file: 404', 'PROPFIND', '/nothing.txt', () => ({ Depth: '0' })),
  // A space id that names no space (a typo, another server's id): an id without '$', and one of the right shape.
  ...['no-such-space', 'storage$no-such-space'].flatMap((id): Case[] => {
    const at = (rel: string) => `/remote.php/dav/spaces/${encodeURIComponent(id)}${rel}`;
    const send =
      (method: string, rel: string, extra: Record<string, string> = {}) =>
      (run: Run) => ({
        method,
        path: at(rel),
        headers: { Authorization: run.t.auth, Origin: ALLOWED_ORIGIN, ...extra },
        ...(method === 'PUT' ? { body: PUT_BODY } : {}),
      });
    return [
      { name: `PROPFIND the root of an unknown space ${id}`, send: send('PROPFIND', '/', { Depth: '1' }) },
      { name: `MKCOL in an unknown space ${id}`, send: send('MKCOL', '/new') },
      { name: `PUT into an unknown space ${id}`, send: send('PUT', '/x.txt') },
      {
        name: `tus creation in an unknown space ${id}`,
        send: (run) => ({
          ...send('POST', '/')(run),
          headers: tusHeaders(run, { 'Upload-Length': '1', 'Upload-Metadata': metadata({ filename: 'x.txt' }) }),
        }),
      },
    ];
  }),
  dav('DELETE a file: 204', 'DELETE', '/put-mtime.txt'),
  dav('GET the deleted file: 404', 'GET', '/put-mtime.txt'),
  dav('DELETE it again: 404', 'DELETE', '/put-mtime.txt'),
  ...perOrigin('PROPFIND with a bad token', (run) => ({
    method: 'PROPFIND',
    path: inDir(run),
    headers: { Authorization: 'Bearer not-a-token', Depth: '0' },
  })),
  ...perOrigin('PROPFIND with a bad token from a script', (run) => ({
    method: 'PROPFIND',
    path: inDir(run),
    headers: { Authorization: 'Bearer not-a-token', Depth: '0', 'X-Requested-With': 'XMLHttpRequest' },
  })),
  ...perOrigin('PUT with a bad token', (run) => ({
    method: 'PUT',
    path: inDir(run, '/never.txt'),
    headers: { Authorization: 'Bearer not-a-token' },
    body: PUT_BODY,
  })),
];
