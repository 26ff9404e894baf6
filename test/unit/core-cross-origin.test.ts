/**
 * What a page on another origin than the server needs (measured against OpenCloud): no request header a stock CORS
 * setup refuses, no read of a hidden response header, a refused token that arrives as no answer at all, properties
 * under `425 TOO EARLY`, and Graph's "no quota" read as unlimited.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchCapabilities } from '../../src/core/capabilities.ts';
import { sendAuthorized } from '../../src/core/http.ts';
import { listFolder, parseFolderListing } from '../../src/core/listing.ts';
import { planBatch, readSpaceQuota } from '../../src/core/plan.ts';
import { createReadableHeadersHttpStack, readHeader } from '../../src/core/readable-headers.ts';
import { uploadUrlExpiry } from '../../src/core/resume.ts';
import { isCrossOrigin, LIBRARY_REQUEST_HEADERS, optInHeaderAllowed } from '../../src/core/wire.ts';

const SERVER = 'https://ocis.test';
const onPage = (origin: string) => vi.stubGlobal('location', { origin, href: `${origin}/app/` });
afterEach(() => vi.unstubAllGlobals());

/** A fake XHR whose readable headers are `readable` (as `getAllResponseHeaders` lists them). */
function fakeXhr(readable: Record<string, string>) {
  const asked: string[] = [];
  return {
    asked,
    getAllResponseHeaders: () =>
      Object.entries(readable)
        .map(([name, value]) => `${name.toLowerCase()}: ${value}\r\n`)
        .join(''),
    getResponseHeader(name: string) {
      asked.push(name);
      return Object.entries(readable).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1] ?? null;
    },
  };
}

describe('which origin, which headers', () => {
  it('outside a page nothing is cross-origin; on a page, another origin is', () => {
    expect(isCrossOrigin(SERVER)).toBe(false);
    onPage('http://127.0.0.1:5199');
    expect(isCrossOrigin(SERVER)).toBe(true);
    expect(isCrossOrigin('http://127.0.0.1:5199/remote.php')).toBe(false);
    expect(isCrossOrigin('/relative/path')).toBe(false);
  });

  it('opt-in headers: always same-origin; across origins only when listed (any case)', () => {
    onPage(SERVER);
    expect(optInHeaderAllowed('Initiator-ID', SERVER, undefined)).toBe(true);
    onPage('http://app.test');
    expect(optInHeaderAllowed('Initiator-ID', SERVER, undefined)).toBe(false);
    expect(optInHeaderAllowed('Initiator-ID', SERVER, ['initiator-id'])).toBe(true);
    expect(optInHeaderAllowed('X-OC-Mtime', SERVER, ['Initiator-ID'])).toBe(false);
  });

  it('the default request headers are all in oCIS default CORS list', () => {
    // The server's default allowed list, as its preflight answered on 2026-12-02 (OpenCloud ebba86148).
    const allowed = new Set(
      'authorization,x-request-id,tus-resumable,upload-length,upload-metadata,upload-offset,upload-checksum,content-type,x-http-method-override,depth,if-match,destination,overwrite,x-requested-with,cache-control,ocs-apirequest,origin'.split(
        ',',
      ),
    );
    for (const [kind, headers] of Object.entries(LIBRARY_REQUEST_HEADERS))
      for (const header of headers) expect(allowed.has(header.toLowerCase()), `${kind}: ${header}`).toBe(true);
  });
});

describe('readable response headers', () => {
  it('a hidden header is never asked of the XHR (Chromium would log "Refused to get unsafe header")', () => {
    const xhr = fakeXhr({ 'Upload-Offset': '5', Location: '/data/x' });
    expect(readHeader(xhr, 'upload-offset')).toBe('5');
    expect(readHeader(xhr, 'Upload-Expires')).toBeUndefined();
    expect(readHeader(xhr, 'Tus-Extension')).toBeUndefined();
    expect(xhr.asked).toEqual(['upload-offset']);
  });

  it('the tus stack wrapper guards every header read of a response', async () => {
    const xhr = fakeXhr({ 'Upload-Offset': '10' });
    const stack = createReadableHeadersHttpStack({
      getName: () => 'fake',
      createRequest: (method, url) => ({
        getMethod: () => method,
        getURL: () => url,
        setHeader() {},
        getHeader: () => undefined,
        setProgressHandler() {},
        send: async () => ({
          getStatus: () => 204,
          getHeader: (name: string) => xhr.getResponseHeader(name) ?? undefined,
          getBody: () => '',
          getUnderlyingObject: () => xhr,
        }),
        abort: async () => {},
        getUnderlyingObject: () => xhr,
      }),
    });
    const response = await stack.createRequest('PATCH', `${SERVER}/data/t`).send(new Uint8Array(1));
    expect(response.getHeader('Upload-Offset')).toBe('10');
    expect(response.getHeader('Upload-Expires')).toBeUndefined();
    expect(response.getHeader('Oc-Fileid')).toBeUndefined();
    expect(xhr.asked).toEqual(['Upload-Offset']);
  });
});

describe('a refused token across origins (oCIS: a 401 without CORS headers, seen as no answer)', () => {
  const tokens = () => {
    let current = 'old';
    const refreshed: Array<string | undefined> = [];
    return {
      refreshed,
      headers: async () => ({ Authorization: `Bearer ${current}`, 'X-Request-ID': 'r' }),
      onUnauthorized: async (failed: string | undefined) => {
        refreshed.push(failed);
        current = 'new';
      },
    };
  };

  it('cross-origin: no answer → one refresh, sent again with the new token', async () => {
    onPage('http://app.test');
    const t = tokens();
    const sent: string[] = [];
    const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      const auth = (init?.headers as Record<string, string> | undefined)?.Authorization ?? '';
      sent.push(auth);
      if (auth === 'Bearer old') throw new TypeError('Failed to fetch');
      return new Response(null, { status: 201 });
    });
    const { response } = await sendAuthorized(`${SERVER}/x`, { method: 'MKCOL' }, { ...t, fetch });
    expect(response.status).toBe(201);
    expect(t.refreshed).toEqual(['old']);
    expect(sent).toEqual(['Bearer old', 'Bearer new']);
  });

  it('cross-origin: a second silence is a network failure (bounded: one refresh)', async () => {
    onPage('http://app.test');
    const t = tokens();
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(sendAuthorized(`${SERVER}/x`, { method: 'MKCOL' }, { ...t, fetch })).rejects.toThrow('Failed');
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(t.refreshed).toEqual(['old']);
  });

  it('same origin: no answer is a network failure at once (a 401 would have been seen)', async () => {
    onPage(SERVER);
    const t = tokens();
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(sendAuthorized(`${SERVER}/x`, { method: 'MKCOL' }, { ...t, fetch })).rejects.toThrow();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(t.refreshed).toEqual([]);
  });

  it('a 401 anywhere: one refresh, sent again', async () => {
    const t = tokens();
    const statuses = [401, 207];
    const fetch = vi.fn(async () => new Response(null, { status: statuses.shift() }));
    const { response } = await sendAuthorized(`${SERVER}/x`, { method: 'PROPFIND' }, { ...t, fetch });
    expect(response.status).toBe(207);
    expect(t.refreshed).toEqual(['old']);
  });

  it('capabilities v1 carry X-Request-ID, and are asked again without a token the server (or CORS) refused', async () => {
    onPage('http://app.test');
    const seen: Array<Record<string, string>> = [];
    const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      const headers = init?.headers as Record<string, string>;
      seen.push(headers);
      if (headers.Authorization) throw new TypeError('Failed to fetch');
      return Response.json({
        ocs: { meta: { statuscode: 100 }, data: { capabilities: { files: { tus_support: { max_chunk_size: 5 } } } } },
      });
    });
    const caps = await fetchCapabilities(SERVER, { accessToken: 'expired', fetch });
    expect(caps.tus?.maxChunkSize).toBe(5);
    expect(seen).toHaveLength(2);
    expect(seen[0]?.Authorization).toBe('Bearer expired');
    expect(seen[1]?.Authorization).toBeUndefined();
    for (const headers of seen) expect(headers['X-Request-ID']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

const multistatus = (propstats: string) =>
  `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:response>` +
  `<d:href>/remote.php/dav/spaces/s$1/a.txt</d:href>${propstats}</d:response></d:multistatus>`;
const TOO_EARLY = multistatus(
  '<d:propstat><d:prop><oc:fileid></oc:fileid><d:getetag></d:getetag></d:prop><d:status>HTTP/1.1 425 TOO EARLY</d:status></d:propstat>',
);
const READY = multistatus(
  '<d:propstat><d:prop><oc:fileid>s$1!n</oc:fileid><d:getetag>"e"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>',
);

describe('properties under 425 TOO EARLY (a file still processing)', () => {
  it('are not read as values, and the listing says to ask again', () => {
    const listing = parseFolderListing(TOO_EARLY, '/remote.php/dav/spaces/s$1/a.txt');
    expect(listing.tooEarly).toBe(true);
    expect(listing.self.fileId).toBeUndefined();
    expect(listing.self.processing).toBe(true);
    const ready = parseFolderListing(READY, '/remote.php/dav/spaces/s$1/a.txt');
    expect(ready.tooEarly).toBeUndefined();
    expect(ready.self.processing).toBeUndefined();
  });

  it('untilProcessed: asked again until the properties come under 200; a plain listing does not wait', async () => {
    const bodies = [TOO_EARLY, TOO_EARLY, READY];
    const fetch = vi.fn(async () => new Response(bodies.shift(), { status: 207 }));
    const url = `${SERVER}/remote.php/dav/spaces/s$1/a.txt`;
    const found = await listFolder(url, { depth: '0', untilProcessed: true, headers: async () => ({}), fetch });
    expect(found?.self.fileId).toBe('s$1!n');
    expect(fetch).toHaveBeenCalledTimes(3);
    const once = vi.fn(async () => new Response(TOO_EARLY, { status: 207 }));
    expect((await listFolder(url, { depth: '0', headers: async () => ({}), fetch: once }))?.tooEarly).toBe(true);
    expect(once).toHaveBeenCalledTimes(1);
  });
});

describe('quota as oCIS means it', () => {
  const drive = (quota: unknown) => async () => Response.json({ id: 's$1', quota });
  const read = (fetch: typeof globalThis.fetch, spaceId = 's$1') =>
    readSpaceQuota(spaceId, { serverUrl: SERVER, headers: async () => ({}), fetch });

  it('total 0 with remaining 2^63−1 (no quota set): unlimited', async () => {
    // The server's exact text (2^63−1 is past a double's precision).
    const body = '{"id":"s$1","quota":{"remaining":9223372036854775807,"state":"normal","total":0,"used":0}}';
    expect(await read(async () => new Response(body))).toEqual({ kind: 'unlimited' });
  });

  it('a quota: limited with what remains; no quota block or a share: unknown', async () => {
    expect(await read(drive({ total: 1000, used: 400, remaining: 600 }))).toEqual({ kind: 'limited', remaining: 600 });
    expect(await read(async () => Response.json({ id: 's$1' }))).toEqual({ kind: 'unknown' });
    expect(await read(drive({ total: 0 }), 's$1!share')).toEqual({ kind: 'unknown' });
  });

  it('an unlimited space is never held by the folder listing saying 0 bytes available', async () => {
    const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      if (String(url).includes('/graph/'))
        return new Response('{"quota":{"remaining":9223372036854775807,"state":"normal","total":0,"used":0}}');
      expect(init?.method).toBe('PROPFIND');
      return new Response(
        `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:response><d:href>/remote.php/dav/spaces/s$1/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype><oc:permissions>RDNVCK</oc:permissions><d:quota-available-bytes>0</d:quota-available-bytes></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`,
        { status: 207 },
      );
    });
    const plan = await planBatch(
      { spaceId: 's$1', baseFolder: '/', files: [{ name: 'a.bin', size: 5_000_000, folders: [] }] },
      { serverUrl: SERVER, headers: async () => ({}), fetch },
    );
    expect(plan.quota).toBeUndefined();
    expect(plan.files[0]?.action).toBe('upload');
  });
});

describe('upload URL expiry when Upload-Expires is hidden', () => {
  const jwt = (claims: object) =>
    `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJl`;

  it('is read from the oCIS upload URL token (exp, unix seconds)', () => {
    expect(uploadUrlExpiry(`https://localhost:9200/data/${jwt({ aud: ['reva'], exp: 1796341544 })}`)).toBe(1796341544);
  });

  it('is unknown for any other URL', () => {
    expect(uploadUrlExpiry('https://ocis.test/remote.php/dav/spaces/s$1/Docs')).toBeUndefined();
    expect(uploadUrlExpiry('https://ocis.test/files/a.b.c')).toBeUndefined();
    expect(uploadUrlExpiry(`https://ocis.test/data/${jwt({ aud: 'x' })}`)).toBeUndefined();
  });
});
