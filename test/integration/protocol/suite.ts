/**
 * The mock oCIS server's protocol suite: every row of ../shared/notes/ocis-server-facts.md, the curl sequences
 * of the oCIS tus doc (seed/tus_upload.md), auth, faults, strict mode and inspection. It runs against any
 * adapter (real HTTP, msw) through `target.fetch` and checks what the server recorded through `target.mock`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type MockFileState,
  type MockFixtureItem,
  type MockOcis,
  type MockOcisOptions,
  type MockUploadState,
  mockFixtures,
} from '../../../src/mock/index.js';

export interface Target {
  /** Origin (and base path) of the server, without a trailing slash. */
  baseUrl: string;
  fetch: typeof fetch;
  mock: MockOcis;
  close(): Promise<void>;
}

/**
 * Creates the server under test. The suite passes the options every target must honour (its clock), so that
 * token and upload-URL expiry are tested by moving time forward instead of sleeping.
 */
export type MakeTarget = (options: MockOcisOptions) => Promise<Target>;

/** Real time plus an offset the tests move forward (real time keeps running for processing delays). */
export interface TestClock {
  now: () => number;
  advance(ms: number): void;
  reset(): void;
}

export function createTestClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
    reset: () => {
      offset = 0;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Constants and pure helpers

const { personal, project, nearlyFull, shareOwner, writeShare, readOnlyShare } = mockFixtures;
const TOKEN = mockFixtures.token;
const AUTH = { Authorization: `Bearer ${TOKEN}` } as const;
const OFFSET_STREAM = 'application/offset+octet-stream';

const CREATION_TUS_EXTENSION = 'creation,creation-with-upload,checksum,expiration';
const CREATION_ALLOW_HEADERS = 'Tus-Resumable, Upload-Length, Upload-Metadata, If-Match';
const CREATION_EXPOSE_HEADERS = 'Tus-Resumable, Upload-Offset, Location';
const DATA_TUS_EXTENSION = 'creation,creation-with-upload,termination,concatenation,creation-defer-length';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `{storageId}${spaceUuid}!{nodeUuid}` of an item in the given space. */
const fileIdRe = (spaceId: string) => new RegExp(`^${escapeRe(spaceId)}!${UUID}$`);
/** `Mon, 16 Oct 2023 04:18:25 +0000` */
const OCIS_DATE_RE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const sha1Hex = (data: string | Uint8Array) => createHash('sha1').update(data).digest('hex');
const sha1B64 = (data: string | Uint8Array) => createHash('sha1').update(data).digest('base64');
const byteLength = (body: string | Uint8Array) => (typeof body === 'string' ? Buffer.byteLength(body) : body.length);
const encodePath = (path: string) =>
  path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fixtureItem(space: { items: readonly MockFixtureItem[] }, path: string): MockFixtureItem {
  const item = space.items.find((i) => i.path === path);
  if (!item) throw new Error(`no fixture item ${path}`);
  return item;
}
const itemId = (spaceId: string, item: MockFixtureItem) => `${spaceId}!${item.nodeId}`;
const fixtureBytes = (space: { items: readonly MockFixtureItem[] }) =>
  space.items.reduce((n, i) => n + (i.content === undefined ? 0 : Buffer.byteLength(i.content)), 0);

interface Jwt {
  token: string;
  header: Record<string, unknown>;
  claims: { aud?: unknown; exp?: unknown; iat?: unknown; target?: unknown };
  parts: [string, string, string];
}

function decodeJwt(location: string): Jwt {
  const token = location.slice(location.lastIndexOf('/data/') + '/data/'.length);
  const parts = token.split('.');
  expect(parts).toHaveLength(3);
  const [h, p, s] = parts as [string, string, string];
  return {
    token,
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')),
    claims: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')),
    parts: [h, p, s],
  };
}

/** Error answers on the tus routes: no body at all. */
async function expectEmptyBody(res: Response) {
  expect(await res.text()).toBe('');
  expect(res.headers.get('content-length')).toBe('0');
}

function expectCreationHeaders(res: Response) {
  expect(res.headers.get('tus-resumable')).toBe('1.0.0');
  expect(res.headers.get('tus-extension')).toBe(CREATION_TUS_EXTENSION);
  expect(res.headers.get('access-control-allow-headers')).toBe(CREATION_ALLOW_HEADERS);
  expect(res.headers.get('access-control-expose-headers')).toBe(CREATION_EXPOSE_HEADERS);
}

/** The `<d:response>` blocks of a multistatus body, keyed by `oc:fileid`. */
function multistatus(xml: string): Map<string, string> {
  const blocks = xml.match(/<d:response>[\s\S]*?<\/d:response>/g) ?? [];
  const byId = new Map<string, string>();
  for (const block of blocks) byId.set(prop(block, 'oc:fileid') ?? '', block);
  expect(byId.size).toBe(blocks.length);
  return byId;
}

/** Text content of the first `<name>` element, XML entities decoded. */
function prop(block: string, name: string): string | undefined {
  const raw = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(block)?.[1];
  return raw
    ?.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

type HeaderOverrides = Record<string, string | null>;

function withHeaders(base: Record<string, string>, overrides: HeaderOverrides = {}): Record<string, string> {
  const out: Record<string, string> = { ...base };
  for (const [name, value] of Object.entries(overrides)) {
    for (const key of Object.keys(out)) if (key.toLowerCase() === name.toLowerCase()) delete out[key];
    if (value !== null) out[name] = value;
  }
  return out;
}

interface CreateOptions {
  spaceId?: string;
  /** Folder path below the space, e.g. `/Documents` (percent-encoded per segment). */
  folder?: string;
  filename?: string;
  /** Raw `Upload-Metadata`; `null` leaves the header out. Default: `filename <base64>`. */
  metadata?: string | null;
  /** `null` leaves the header out. Default: the body's length, or 10. */
  length?: number | string | null;
  body?: string | Uint8Array<ArrayBuffer>;
  headers?: HeaderOverrides;
}

// ---------------------------------------------------------------------------------------------------------------

export function defineProtocolSuite(name: string, makeTarget: MakeTarget): void {
  // A request the server never answers fails its test in 10 s instead of holding the run for a minute.
  describe(name, { timeout: 10_000 }, () => {
    const clock = createTestClock();
    let t: Target;

    beforeAll(async () => {
      t = await makeTarget({ now: clock.now });
    });
    afterAll(async () => {
      await t?.close();
    });
    beforeEach(async () => {
      clock.reset();
      await t.mock.reset();
    });

    // --- request helpers (they use `t`, so they run inside tests only) ---

    const url = (path: string) => `${t.baseUrl}${path}`;
    const davUrl = (spaceId: string, path = '') => url(`/remote.php/dav/spaces/${spaceId}${encodePath(path)}`);
    const get = (path: string, headers: Record<string, string> = {}) => t.fetch(url(path), { headers });

    function create(o: CreateOptions = {}): Promise<Response> {
      const length = o.length === undefined ? (o.body === undefined ? 10 : byteLength(o.body)) : o.length;
      const metadata = o.metadata === undefined ? `filename ${b64(o.filename ?? 'a.txt')}` : o.metadata;
      const headers: Record<string, string> = { ...AUTH, 'Tus-Resumable': '1.0.0' };
      if (length !== null) headers['Upload-Length'] = String(length);
      if (metadata !== null) headers['Upload-Metadata'] = metadata;
      if (o.body !== undefined) headers['Content-Type'] = OFFSET_STREAM;
      return t.fetch(davUrl(o.spaceId ?? personal.id, o.folder ?? ''), {
        method: 'POST',
        headers: withHeaders(headers, o.headers),
        body: o.body,
      });
    }

    /** Creates an upload and returns its `Location`. */
    async function createUpload(o: CreateOptions = {}): Promise<string> {
      const res = await create(o);
      expect(res.status).toBe(201);
      await res.text();
      const location = res.headers.get('location') ?? '';
      expect(location.startsWith(`${t.baseUrl}/data/`)).toBe(true);
      return location;
    }

    function patch(
      location: string,
      offset: number | string,
      body: string | Uint8Array<ArrayBuffer>,
      headers?: HeaderOverrides,
    ) {
      const base = { 'Tus-Resumable': '1.0.0', 'Upload-Offset': String(offset), 'Content-Type': OFFSET_STREAM };
      return t.fetch(location, { method: 'PATCH', headers: withHeaders(base, headers), body });
    }

    const head = (location: string, headers: Record<string, string> = {}) =>
      t.fetch(location, { method: 'HEAD', headers });

    async function offsetOf(location: string): Promise<string | null> {
      const res = await head(location);
      expect(res.status).toBe(200);
      return res.headers.get('upload-offset');
    }

    function lastUpload(): MockUploadState {
      const upload = t.mock.state().uploads.at(-1);
      if (!upload) throw new Error('no upload in state');
      return upload;
    }

    const fileAt = (spaceId: string, path: string): MockFileState | undefined =>
      t.mock.state().files.find((f) => f.spaceId === spaceId && f.path === path);

    async function readDav(spaceId: string, path: string): Promise<Response> {
      return t.fetch(davUrl(spaceId, path), { headers: AUTH });
    }

    function quotaOf(spaceId: string) {
      const quota = t.mock.state().spaces.find((s) => s.id === spaceId)?.quota;
      if (!quota) throw new Error(`no quota for ${spaceId}`);
      return quota;
    }

    async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
      const start = performance.now();
      const value = await run();
      return [value, performance.now() - start];
    }

    // =============================================================================================================
    describe('capabilities', () => {
      interface Capabilities {
        files: { bigfilechunking: boolean; tus_support?: Record<string, unknown> };
        dav: { chunking: string };
        core: Record<string, unknown>;
        spaces: Record<string, unknown>;
        checksums: { supportedTypes: string[]; preferredUploadType: string };
      }

      async function capabilities(version: 'v1' | 'v2') {
        // v1 is anonymous; v2 needs auth on a real server.
        const res = await get(`/ocs/${version}.php/cloud/capabilities?format=json`, version === 'v2' ? AUTH : {});
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        return (await res.json()) as {
          ocs: { meta: Record<string, unknown>; data: { capabilities: Capabilities; version: unknown } };
        };
      }

      it('v1 answers the OCS envelope with statuscode 100, without auth', async () => {
        const body = await capabilities('v1');
        expect(body.ocs.meta).toMatchObject({ status: 'ok', statuscode: 100, message: 'OK' });
        expect(typeof body.ocs.data.version).toBe('object');
        expect(body.ocs.data.capabilities.files).toBeDefined();
      });

      it('v2 answers the same capabilities with statuscode 200, with auth', async () => {
        const v1 = await capabilities('v1');
        const v2 = await capabilities('v2');
        expect(v2.ocs.meta).toMatchObject({ status: 'ok', statuscode: 200, message: 'OK' });
        expect(v2.ocs.data).toEqual(v1.ocs.data);
      });

      it("default upload capabilities are oCIS's", async () => {
        const { capabilities: caps } = (await capabilities('v1')).ocs.data;
        expect(caps.files.bigfilechunking).toBe(false);
        expect(caps.files.tus_support).toEqual({
          version: '1.0.0',
          resumable: '1.0.0',
          extension: 'creation,creation-with-upload',
          max_chunk_size: 10000000,
          http_method_override: '',
        });
        expect(caps.dav.chunking).toBe('');
        expect(caps.core['webdav-root']).toBe('remote.php/webdav');
        expect(caps.spaces).toMatchObject({ enabled: true, projects: true, share_jail: true, max_quota: 0 });
        expect(caps.checksums).toEqual({ supportedTypes: ['sha1', 'md5', 'adler32'], preferredUploadType: 'sha1' });
      });

      it('configured tus values are served as given; a string max_chunk_size stays a string', async () => {
        t.mock.configure({
          capabilities: { tus: { max_chunk_size: '5000000', http_method_override: 'PATCH', extension: 'creation' } },
        });
        const { capabilities: caps } = (await capabilities('v1')).ocs.data;
        expect(caps.files.tus_support).toEqual({
          version: '1.0.0',
          resumable: '1.0.0',
          extension: 'creation',
          max_chunk_size: '5000000',
          http_method_override: 'PATCH',
        });
        expect((await capabilities('v2')).ocs.data.capabilities.files.tus_support?.max_chunk_size).toBe('5000000');
      });

      it('a numeric max_chunk_size stays a number', async () => {
        t.mock.configure({ capabilities: { tus: { max_chunk_size: 2048 } } });
        const { capabilities: caps } = (await capabilities('v1')).ocs.data;
        expect(caps.files.tus_support?.max_chunk_size).toBe(2048);
      });

      it('tus: false leaves tus_support out (clients fall back to PUT)', async () => {
        t.mock.configure({ capabilities: { tus: false } });
        const { capabilities: caps } = (await capabilities('v1')).ocs.data;
        expect(caps.files).toBeDefined();
        expect('tus_support' in caps.files).toBe(false);
      });

      it('checksumTypes sets checksums.supportedTypes', async () => {
        t.mock.configure({ capabilities: { checksumTypes: ['md5'] } });
        const { capabilities: caps } = (await capabilities('v1')).ocs.data;
        expect(caps.checksums.supportedTypes).toEqual(['md5']);
      });

      it('reset brings the capabilities back to the options given at creation', async () => {
        t.mock.configure({ capabilities: { tus: false } });
        await t.mock.reset();
        const { capabilities: caps } = (await capabilities('v1')).ocs.data;
        expect(caps.files.tus_support?.max_chunk_size).toBe(10000000);
      });
    });

    // =============================================================================================================
    describe('creation: POST on a space or folder', () => {
      it('answers 201 with Location under {baseUrl}/data/, Content-Length 0 and the tus and CORS headers', async () => {
        const res = await create({ filename: 'hello.txt', length: 10 });
        expect(res.status).toBe(201);
        const location = res.headers.get('location') ?? '';
        expect(location.startsWith(`${t.baseUrl}/data/`)).toBe(true);
        expect(location.slice(`${t.baseUrl}/data/`.length)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
        expectCreationHeaders(res);
        await expectEmptyBody(res);
        expect(lastUpload()).toMatchObject({
          spaceId: personal.id,
          targetPath: '/hello.txt',
          filename: 'hello.txt',
          length: 10,
          offset: 0,
          complete: false,
          terminated: false,
        });
      });

      it('announces no Tus-Max-Size and accepts a 1 PiB upload when the quota allows it', async () => {
        t.mock.setFaults({ quotas: { [personal.id]: 2 ** 52 } });
        const res = await create({ filename: 'huge.bin', length: 2 ** 50 });
        expect(res.status).toBe(201);
        expect(res.headers.get('tus-max-size')).toBeNull();
        expect(lastUpload().length).toBe(2 ** 50);
      });

      it('a missing Tus-Resumable answers 412 with no Tus-Version header and an empty body', async () => {
        const res = await create({ headers: { 'Tus-Resumable': null } });
        expect(res.status).toBe(412);
        expect(res.headers.get('tus-version')).toBeNull();
        await expectEmptyBody(res);
        expect(t.mock.state().uploads).toHaveLength(0);
      });

      it('Tus-Resumable other than 1.0.0 answers 412', async () => {
        const res = await create({ headers: { 'Tus-Resumable': '0.2.2' } });
        expect(res.status).toBe(412);
        expect(res.headers.get('tus-version')).toBeNull();
        await expectEmptyBody(res);
      });

      it('a 412 still carries Tus-Resumable, Tus-Extension and the Access-Control headers', async () => {
        const res = await create({ headers: { 'Tus-Resumable': null } });
        expect(res.status).toBe(412);
        expectCreationHeaders(res);
      });

      it('a missing Upload-Length answers 412 (deferred length is unsupported)', async () => {
        const res = await create({ length: null });
        expect(res.status).toBe(412);
        await expectEmptyBody(res);
      });

      it('Upload-Defer-Length: 1 instead of Upload-Length answers 412', async () => {
        const res = await create({ length: null, headers: { 'Upload-Defer-Length': '1' } });
        expect(res.status).toBe(412);
        await expectEmptyBody(res);
      });

      it.each<[string, string | null]>([
        ['no Upload-Metadata header', null],
        ['metadata without a filename key', `mtime ${b64('1700000000')}`],
        ['a filename key without a value', 'filename'],
        ['a blank filename', `filename ${b64('   ')}`],
        ['filename "."', `filename ${b64('.')}`],
        ['filename ".."', `filename ${b64('..')}`],
        ['a filename containing \\r', `filename ${b64('a\rb.txt')}`],
        ['a filename containing \\n', `filename ${b64('a\nb.txt')}`],
        ['a filename containing \\f', `filename ${b64('a\fb.txt')}`],
        ['a filename containing a backslash', `filename ${b64('a\\b.txt')}`],
        ['a 256-byte filename', `filename ${b64(`${'x'.repeat(252)}.txt`)}`],
        ['a filename of 128 two-byte characters (256 bytes)', `filename ${b64('é'.repeat(128))}`],
      ])('%s answers 412', async (_, metadata) => {
        const res = await create({ metadata });
        expect(res.status).toBe(412);
        await expectEmptyBody(res);
        expect(t.mock.state().uploads).toHaveLength(0);
      });

      it('a 255-byte filename is accepted', async () => {
        const filename = `${'é'.repeat(125)}x.txt`;
        expect(Buffer.byteLength(filename)).toBe(255);
        const res = await create({ filename });
        expect(res.status).toBe(201);
        expect(lastUpload().filename).toBe(filename);
      });

      it.each(['abc', '1e3', '1.5', '10, 20', '0x10'])(
        'Upload-Length %j (not an integer) answers 400',
        async (length) => {
          const res = await create({ length });
          expect(res.status).toBe(400);
          await expectEmptyBody(res);
          expect(t.mock.state().uploads).toHaveLength(0);
        },
      );

      it('a parent folder that does not exist answers 412', async () => {
        const res = await create({ folder: '/No Such Folder', filename: 'a.txt' });
        expect(res.status).toBe(412);
        await expectEmptyBody(res);
      });

      it('a target that is a folder answers 409', async () => {
        const res = await create({ filename: 'Documents' });
        expect(res.status).toBe(409);
        await expectEmptyBody(res);
        expect(t.mock.state().uploads).toHaveLength(0);
      });

      it("If-Match that differs from the file's etag answers 412", async () => {
        const res = await create({
          folder: '/Documents',
          filename: 'notes.txt',
          headers: { 'If-Match': '"0000000000000000"' },
        });
        expect(res.status).toBe(412);
        await expectEmptyBody(res);
        expect(t.mock.state().uploads).toHaveLength(0);
      });

      it("If-Match equal to the file's etag overwrites it as a new version", async () => {
        const before = fileAt(personal.id, '/Documents/notes.txt');
        expect(before?.versions).toBe(1);
        const res = await create({
          folder: '/Documents',
          filename: 'notes.txt',
          body: 'new notes',
          headers: { 'If-Match': before?.etag ?? '' },
        });
        expect(res.status).toBe(201);
        const after = fileAt(personal.id, '/Documents/notes.txt');
        expect(after).toMatchObject({ size: 9, sha1: sha1Hex('new notes'), versions: 2, fileId: before?.fileId });
        expect(after?.etag).not.toBe(before?.etag);
      });

      it('overwriting an existing file without If-Match is allowed (new version)', async () => {
        const res = await create({ folder: '/Photos', filename: 'readme.md', body: '# New' });
        expect(res.status).toBe(201);
        expect(fileAt(personal.id, '/Photos/readme.md')).toMatchObject({ size: 5, versions: 2 });
        expect(await (await readDav(personal.id, '/Photos/readme.md')).text()).toBe('# New');
      });

      it('the read-only share answers 403', async () => {
        const res = await create({ spaceId: readOnlyShare.id, filename: 'new.txt' });
        expect(res.status).toBe(403);
        await expectEmptyBody(res);
        expect(t.mock.state().uploads).toHaveLength(0);
      });

      it('an Upload-Length one byte over the remaining quota answers 507', async () => {
        const remaining = nearlyFull.quotaTotal - nearlyFull.quotaUsedBaseline - fixtureBytes(nearlyFull);
        expect(quotaOf(nearlyFull.id).remaining).toBe(remaining);
        const res = await create({ spaceId: nearlyFull.id, filename: 'big.bin', length: remaining + 1 });
        expect(res.status).toBe(507);
        await expectEmptyBody(res);
        expect(t.mock.state().uploads).toHaveLength(0);
      });

      it('an Upload-Length equal to the remaining quota is accepted', async () => {
        const { remaining } = quotaOf(nearlyFull.id);
        const res = await create({ spaceId: nearlyFull.id, filename: 'fits.bin', length: remaining });
        expect(res.status).toBe(201);
      });

      it("on overwrite the existing file's size is subtracted before the quota check", async () => {
        const first = new Uint8Array(1000);
        expect((await create({ spaceId: nearlyFull.id, filename: 'big.bin', body: first })).status).toBe(201);
        const { remaining } = quotaOf(nearlyFull.id);
        const overwrite = (length: number) => create({ spaceId: nearlyFull.id, filename: 'big.bin', length });
        expect((await create({ spaceId: nearlyFull.id, filename: 'other.bin', length: remaining + 1000 })).status).toBe(
          507,
        );
        expect((await overwrite(remaining + 1001)).status).toBe(507);
        expect((await overwrite(remaining + 1000)).status).toBe(201);
      });

      it("faults.quotas overrides a space's quota", async () => {
        t.mock.setFaults({ quotas: { [personal.id]: 100 } });
        const { remaining } = quotaOf(personal.id);
        expect(remaining).toBe(100 - fixtureBytes(personal));
        expect((await create({ filename: 'a.bin', length: remaining + 1 })).status).toBe(507);
        expect((await create({ filename: 'a.bin', length: remaining })).status).toBe(201);
      });

      it('a locked target answers 423; its unlocked sibling does not', async () => {
        t.mock.setFaults({ locks: [{ spaceId: personal.id, path: '/Documents/notes.txt' }] });
        const res = await create({ folder: '/Documents', filename: 'notes.txt' });
        expect(res.status).toBe(423);
        await expectEmptyBody(res);
        expect((await create({ folder: '/Documents', filename: 'other.txt' })).status).toBe(201);
      });

      it('Upload-Length 0 answers 201 with an empty Location and creates an empty file', async () => {
        const res = await create({ filename: 'empty.txt', length: 0 });
        expect(res.status).toBe(201);
        expect(res.headers.get('location')).toBe('');
        expect(fileAt(personal.id, '/empty.txt')).toMatchObject({ size: 0, sha1: sha1Hex('') });
        const read = await readDav(personal.id, '/empty.txt');
        expect(read.status).toBe(200);
        expect(await read.text()).toBe('');
      });

      it('metadata is recorded exactly as sent: every key, keys without a value, unicode', async () => {
        const metadata = [
          `filename ${b64('Grüße 🌍.txt')}`,
          `mtime ${b64('1701708712')}`,
          `relativePath ${b64('undefined')}`,
          'routeShareId',
          `spaceName ${b64('Personal')}`,
          `currentFolder ${b64('/')}`,
          `tusEndpoint ${b64(davUrl(personal.id))}`,
        ].join(',');
        expect((await create({ metadata })).status).toBe(201);
        const upload = lastUpload();
        expect(upload.metadata).toEqual({
          filename: 'Grüße 🌍.txt',
          mtime: '1701708712',
          relativePath: 'undefined',
          routeShareId: '',
          spaceName: 'Personal',
          currentFolder: '/',
          tusEndpoint: davUrl(personal.id),
        });
        expect(upload.metadataKeys).toEqual([
          'filename',
          'mtime',
          'relativePath',
          'routeShareId',
          'spaceName',
          'currentFolder',
          'tusEndpoint',
        ]);
        expect(upload.filename).toBe('Grüße 🌍.txt');
        expect(upload.targetPath).toBe('/Grüße 🌍.txt');
      });

      it('metadata mtime in unix seconds becomes the file mtime', async () => {
        const metadata = `filename ${b64('dated.txt')},mtime ${b64('1701708712')}`;
        expect((await create({ metadata, body: 'dated' })).status).toBe(201);
        expect(fileAt(personal.id, '/dated.txt')?.mtime).toBe(1701708712);
      });

      it('metadata mtime "a.b" is read as a seconds + b nanoseconds, as oCIS does', async () => {
        const metadata = `filename ${b64('frac.txt')},mtime ${b64('1700000000.5')}`;
        expect((await create({ metadata, body: 'frac' })).status).toBe(201);
        const mtime = fileAt(personal.id, '/frac.txt')?.mtime ?? Number.NaN;
        // 5 ns, not half a second.
        expect(Math.abs(mtime - 1700000000)).toBeLessThan(1e-6);
      });

      it('a filename value that is not base64 answers 412 (as oCIS does)', async () => {
        const res = await create({ metadata: 'filename !!!not-base64!!!' });
        expect(res.status).toBe(412);
        await expectEmptyBody(res);
        expect(t.mock.state().uploads).toHaveLength(0);
      });

      it('another metadata value that is not base64 answers 412', async () => {
        const res = await create({ metadata: `filename ${b64('a.txt')},type not*base64` });
        expect(res.status).toBe(412);
        await expectEmptyBody(res);
      });

      // Measured on OpenCloud: a creation in a space it does not know is a bare 412, whatever the id looks like.
      it('an unknown space id of the right form answers 412', async () => {
        const res = await create({ spaceId: `${mockFixtures.storageId}$${randomUUID()}` });
        expect(res.status).toBe(412);
        await expectEmptyBody(res);
        expect(t.mock.state().uploads).toHaveLength(0);
      });

      it.each(['not-a-space-id', `${mockFixtures.storageId}$`, 'a$b$c'])(
        'a space id that cannot be parsed (%s) answers 412 like an unknown one',
        async (spaceId) => {
          const res = await create({ spaceId });
          expect(res.status).toBe(412);
          await expectEmptyBody(res);
        },
      );

      it.each<[string, () => string, string]>([
        ['$ raw', () => personal.id, personal.id],
        ['$ as %24', () => personal.id.replace('$', '%24'), personal.id],
        ['$ and ! raw (write share)', () => writeShare.id, writeShare.id],
        [
          '$ as %24 and ! as %21 (write share)',
          () => writeShare.id.replace('$', '%24').replace('!', '%21'),
          writeShare.id,
        ],
      ])('a space id with %s is accepted', async (_, addressed, decoded) => {
        const res = await create({ spaceId: addressed(), filename: 'enc.txt', body: 'enc' });
        expect(res.status).toBe(201);
        expect(lastUpload().spaceId).toBe(decoded);
        expect(await t.mock.readFile(decoded, '/enc.txt')).toEqual(new TextEncoder().encode('enc'));
      });

      it('an upload into a sub-folder targets that folder', async () => {
        const res = await create({ folder: '/Documents/Reports', filename: 'q1.txt', body: 'q1' });
        expect(res.status).toBe(201);
        expect(lastUpload().targetPath).toBe('/Documents/Reports/q1.txt');
        expect(fileAt(personal.id, '/Documents/Reports/q1.txt')).toMatchObject({ size: 2, sha1: sha1Hex('q1') });
      });

      it('an upload into a folder whose name needs percent-encoding', async () => {
        expect((await t.fetch(davUrl(personal.id, '/My Folder #1'), { method: 'MKCOL', headers: AUTH })).status).toBe(
          201,
        );
        const res = await create({ folder: '/My Folder #1', filename: 'a b.txt', body: 'ab' });
        expect(res.status).toBe(201);
        expect(lastUpload().targetPath).toBe('/My Folder #1/a b.txt');
        expect(await (await readDav(personal.id, '/My Folder #1/a b.txt')).text()).toBe('ab');
      });

      it('an upload into the project space lands there', async () => {
        const res = await create({ spaceId: project.id, folder: '/Campaigns', filename: 'brief.txt', body: 'brief' });
        expect(res.status).toBe(201);
        expect(res.headers.get('oc-fileid')).toMatch(fileIdRe(project.id));
        expect(fileAt(project.id, '/Campaigns/brief.txt')).toMatchObject({ size: 5, sha1: sha1Hex('brief') });
      });

      it("an upload into the write share lands in the owner's space and reads back through the share id", async () => {
        const location = await createUpload({ spaceId: writeShare.id, filename: 'minutes.txt', length: 7 });
        const res = await patch(location, 0, 'minutes');
        expect(res.status).toBe(204);
        expect(res.headers.get('oc-fileid')).toMatch(fileIdRe(shareOwner.id));
        expect(lastUpload()).toMatchObject({ spaceId: writeShare.id, targetPath: '/minutes.txt', complete: true });
        expect(fileAt(shareOwner.id, `${writeShare.ownerPath}/minutes.txt`)).toMatchObject({
          size: 7,
          sha1: sha1Hex('minutes'),
        });
        const read = await readDav(writeShare.id, '/minutes.txt');
        expect(read.status).toBe(200);
        expect(await read.text()).toBe('minutes');
      });
    });

    // =============================================================================================================
    describe('seed: the curl sequences of the oCIS tus doc', () => {
      /** The personal space id used in tus_upload.md. */
      const SEED_SPACE_ID = '8d72036d-14a5-490f-889e-414064156402$196ac304-7b88-44ce-a4db-c4becef0d2e0';

      it('creation (Upload-Length 10, tustest.txt), PATCH 01234 and 56789, then GET reads 0123456789', async () => {
        expect(personal.id).toBe(SEED_SPACE_ID);
        const created = await t.fetch(url(`/remote.php/dav/spaces/${SEED_SPACE_ID}`), {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${TOKEN}`,
            'Tus-Resumable': '1.0.0',
            'Upload-Length': '10',
            'Upload-Metadata': 'filename dHVzdGVzdC50eHQ=',
          },
        });
        expect(created.status).toBe(201);
        // No Origin sent: no CORS answer (as oCIS).
        expect(created.headers.get('access-control-allow-origin')).toBeNull();
        expectCreationHeaders(created);
        await expectEmptyBody(created);
        const location = created.headers.get('location') ?? '';
        expect(location.startsWith(`${t.baseUrl}/data/`)).toBe(true);

        const seedPatch = (offset: string, body: string) =>
          t.fetch(location, {
            method: 'PATCH',
            headers: {
              Authorization: `Bearer ${TOKEN}`,
              'Tus-Resumable': '1.0.0',
              'Upload-Offset': offset,
              'Content-Type': OFFSET_STREAM,
            },
            body,
          });

        const first = await seedPatch('0', '01234');
        expect(first.status).toBe(204);
        expect(first.headers.get('tus-resumable')).toBe('1.0.0');
        expect(first.headers.get('upload-offset')).toBe('5');
        expect(first.headers.get('upload-expires')).toMatch(/^\d+$/);
        expect(first.headers.get('oc-fileid')).toMatch(fileIdRe(SEED_SPACE_ID));

        const second = await seedPatch('5', '56789');
        expect(second.status).toBe(204);
        expect(second.headers.get('tus-resumable')).toBe('1.0.0');
        expect(second.headers.get('upload-offset')).toBe('10');
        expect(second.headers.get('upload-expires')).toBe(first.headers.get('upload-expires'));
        expect(second.headers.get('oc-fileid')).toBe(first.headers.get('oc-fileid'));

        const read = await t.fetch(url(`/remote.php/dav/spaces/${SEED_SPACE_ID}/tustest.txt`), {
          headers: { Authorization: `Bearer ${TOKEN}` },
        });
        expect(read.status).toBe(200);
        expect(await read.text()).toBe('0123456789');
        expect(fileAt(SEED_SPACE_ID, '/tustest.txt')).toMatchObject({
          size: 10,
          sha1: sha1Hex('0123456789'),
          fileId: first.headers.get('oc-fileid'),
        });
        expect(lastUpload()).toMatchObject({ filename: 'tustest.txt', length: 10, offset: 10, complete: true });
      });

      it('creation-with-upload of "upload content" answers 201 with Upload-Offset 14 and the file headers', async () => {
        const res = await t.fetch(url(`/remote.php/dav/spaces/${personal.id}`), {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${TOKEN}`,
            'Tus-Resumable': '1.0.0',
            'Upload-Length': '14',
            'Content-Type': OFFSET_STREAM,
            'Upload-Metadata': 'filename dGVzdC50eHQ=',
            'Tus-Extension': 'creation-with-upload',
          },
          body: 'upload content',
        });
        expect(res.status).toBe(201);
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
        expectCreationHeaders(res);
        expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(res.headers.get('upload-offset')).toBe('14');
        expect(res.headers.get('upload-expires')).toMatch(/^\d+$/);
        expect(res.headers.get('location')?.startsWith(`${t.baseUrl}/data/`)).toBe(true);
        expect(res.headers.get('oc-fileid')).toMatch(fileIdRe(personal.id));
        expect(res.headers.get('etag')).toMatch(/^"[^"]+"$/);
        expect(res.headers.get('oc-etag')).toBe(res.headers.get('etag'));
        expect(res.headers.get('oc-perm')).toBe('RDNVWZP');
        expect(res.headers.get('last-modified')).toMatch(OCIS_DATE_RE);
        await expectEmptyBody(res);

        const file = fileAt(personal.id, '/test.txt');
        expect(file).toMatchObject({
          size: 14,
          sha1: sha1Hex('upload content'),
          fileId: res.headers.get('oc-fileid'),
          etag: res.headers.get('etag'),
        });
        expect(lastUpload()).toMatchObject({ length: 14, offset: 14, complete: true });
        expect(await (await readDav(personal.id, '/test.txt')).text()).toBe('upload content');
      });
    });

    // =============================================================================================================
    describe('the upload URL /data/{token}', () => {
      it('PATCH answers 204 with Upload-Offset, Upload-Expires, Oc-Fileid and Tus-Resumable', async () => {
        const location = await createUpload({ length: 10 });
        const res = await patch(location, 0, 'abcd');
        expect(res.status).toBe(204);
        expect(res.headers.get('upload-offset')).toBe('4');
        expect(res.headers.get('upload-expires')).toMatch(/^\d+$/);
        expect(res.headers.get('tus-resumable')).toBe('1.0.0');
        expect(res.headers.get('oc-fileid')).toMatch(fileIdRe(personal.id));
        expect(res.headers.get('oc-fileid')).toBe(lastUpload().fileId);
        expect(lastUpload()).toMatchObject({ offset: 4, complete: false });
      });

      it('needs no Authorization: the token in the URL is the credential', async () => {
        const location = await createUpload({ length: 3 });
        const res = await t.fetch(location, {
          method: 'PATCH',
          headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': OFFSET_STREAM },
          body: 'abc',
        });
        expect(res.status).toBe(204);
      });

      it('Upload-Expires is integer unix seconds, equal to the JWT exp and to the state', async () => {
        const location = await createUpload({ length: 10 });
        const res = await patch(location, 0, 'a');
        const expires = res.headers.get('upload-expires') ?? '';
        expect(expires).toMatch(/^\d+$/);
        const { claims } = decodeJwt(location);
        expect(Number(expires)).toBe(claims.exp);
        expect(lastUpload().expiresAt).toBe(claims.exp);
        expect(Math.abs(Number(expires) - (clock.now() / 1000 + 86400))).toBeLessThanOrEqual(5);
      });

      it('the upload URL token is an HS256 JWT for aud reva, valid 86400 s, targeting /data/tus/', async () => {
        const { header, claims } = decodeJwt(await createUpload());
        expect(header.alg).toBe('HS256');
        expect(claims.aud).toBe('reva');
        expect(typeof claims.iat).toBe('number');
        expect(typeof claims.exp).toBe('number');
        expect(Number(claims.exp) - Number(claims.iat)).toBe(86400);
        expect(Math.abs(Number(claims.iat) - clock.now() / 1000)).toBeLessThanOrEqual(5);
        expect(String(claims.target)).toContain('/data/tus/');
      });

      it('uploadUrlLifetimeSeconds sets the token lifetime; past it the URL answers 403', async () => {
        t.mock.setFaults({ uploadUrlLifetimeSeconds: 60 });
        const location = await createUpload({ length: 4 });
        const { claims } = decodeJwt(location);
        expect(Number(claims.exp) - Number(claims.iat)).toBe(60);
        expect((await patch(location, 0, 'ab')).status).toBe(204);
        clock.advance(61_000);
        const res = await patch(location, 2, 'cd');
        expect(res.status).toBe(403);
        await expectEmptyBody(res);
      });

      it('PATCH without Tus-Resumable answers 412 with no Tus-Version (oCIS)', async () => {
        const location = await createUpload({ length: 10 });
        const res = await patch(location, 0, 'abc', { 'Tus-Resumable': null });
        expect(res.status).toBe(412);
        expect(res.headers.get('tus-version')).toBeNull();
        await expectEmptyBody(res);
        expect(lastUpload().offset).toBe(0);
      });

      it('PATCH with a wrong Content-Type answers 400 (oCIS; the spec says 415)', async () => {
        const location = await createUpload({ length: 10 });
        const res = await patch(location, 0, 'abc', { 'Content-Type': 'application/octet-stream' });
        expect(res.status).toBe(400);
        await expectEmptyBody(res);
        expect(lastUpload().offset).toBe(0);
      });

      it('PATCH without a Content-Type answers 400 (oCIS)', async () => {
        const location = await createUpload({ length: 10 });
        const res = await patch(location, 0, new Uint8Array([1, 2, 3]), { 'Content-Type': null });
        expect(res.status).toBe(400);
        await expectEmptyBody(res);
      });

      it('PATCH without Upload-Offset answers 400', async () => {
        const location = await createUpload({ length: 10 });
        const res = await patch(location, 0, 'abc', { 'Upload-Offset': null });
        expect(res.status).toBe(400);
        await expectEmptyBody(res);
        expect(lastUpload().offset).toBe(0);
      });

      it.each(['abc', '-1', '1.5', '0x0', '', '99999999999999999999'])(
        'PATCH with Upload-Offset %j answers 400',
        async (offset) => {
          const location = await createUpload({ length: 10 });
          const res = await patch(location, offset, 'abc');
          expect(res.status).toBe(400);
          await expectEmptyBody(res);
          expect(lastUpload().offset).toBe(0);
        },
      );

      it('PATCH at an offset other than the server offset answers 409 and stores nothing', async () => {
        const location = await createUpload({ length: 10 });
        expect((await patch(location, 0, 'abc')).status).toBe(204);
        const res = await patch(location, 5, 'fgh');
        expect(res.status).toBe(409);
        await expectEmptyBody(res);
        expect(await offsetOf(location)).toBe('3');
      });

      it('PATCH past Upload-Length answers 413 and stores nothing', async () => {
        const location = await createUpload({ length: 10 });
        const res = await patch(location, 0, '0123456789X');
        expect(res.status).toBe(413);
        await expectEmptyBody(res);
        expect(await offsetOf(location)).toBe('0');
        expect(lastUpload().complete).toBe(false);
      });

      it('PATCH and HEAD on a finished upload answer 404', async () => {
        const location = await createUpload({ length: 3 });
        expect((await patch(location, 0, 'abc')).status).toBe(204);
        const res = await patch(location, 3, 'd');
        expect(res.status).toBe(404);
        await expectEmptyBody(res);
        expect((await head(location)).status).toBe(404);
      });

      it('the final PATCH returns no Etag (clients PROPFIND for it)', async () => {
        const location = await createUpload({ length: 3 });
        const res = await patch(location, 0, 'abc');
        expect(res.status).toBe(204);
        expect(res.headers.get('etag')).toBeNull();
        expect(res.headers.get('oc-etag')).toBeNull();
      });

      it('HEAD without Tus-Resumable answers 200 with Upload-Offset, Upload-Length and Cache-Control: no-store', async () => {
        const location = await createUpload({ length: 10 });
        expect((await patch(location, 0, 'abcd')).status).toBe(204);
        const res = await head(location);
        expect(res.status).toBe(200);
        expect(res.headers.get('upload-offset')).toBe('4');
        expect(res.headers.get('upload-length')).toBe('10');
        expect(res.headers.get('cache-control')).toBe('no-store');
      });

      it('DELETE answers 204, then HEAD, PATCH and DELETE answer 404', async () => {
        const location = await createUpload({ length: 10 });
        const del = await t.fetch(location, { method: 'DELETE', headers: { 'Tus-Resumable': '1.0.0' } });
        expect(del.status).toBe(204);
        expect(lastUpload().terminated).toBe(true);
        expect((await head(location)).status).toBe(404);
        const res = await patch(location, 0, 'abc');
        expect(res.status).toBe(404);
        await expectEmptyBody(res);
        expect((await t.fetch(location, { method: 'DELETE', headers: { 'Tus-Resumable': '1.0.0' } })).status).toBe(404);
      });

      it('OPTIONS answers 200 with Tus-Version and Tus-Extension, and no Tus-Max-Size', async () => {
        const location = await createUpload();
        const res = await t.fetch(location, { method: 'OPTIONS' });
        expect(res.status).toBe(200);
        expect(res.headers.get('tus-version')).toBe('1.0.0');
        expect(res.headers.get('tus-extension')).toBe(DATA_TUS_EXTENSION);
        expect(res.headers.get('tus-max-size')).toBeNull();
      });

      it('POST with X-HTTP-Method-Override: PATCH is a PATCH; the log shows method POST, effectiveMethod PATCH', async () => {
        const location = await createUpload({ length: 10 });
        const res = await t.fetch(location, {
          method: 'POST',
          headers: {
            'X-HTTP-Method-Override': 'PATCH',
            'Tus-Resumable': '1.0.0',
            'Upload-Offset': '0',
            'Content-Type': OFFSET_STREAM,
          },
          body: '01234',
        });
        expect(res.status).toBe(204);
        expect(res.headers.get('upload-offset')).toBe('5');
        const entry = t.mock.state().requests.find((r) => r.method === 'POST' && r.effectiveMethod === 'PATCH');
        expect(entry).toMatchObject({ route: 'tus-patch', status: 204, bytesReceived: 5 });
        expect(lastUpload().requests.some((r) => r.method === 'POST' && r.effectiveMethod === 'PATCH')).toBe(true);
        expect(lastUpload().offset).toBe(5);
      });

      it.each(['PATCH', 'HEAD', 'DELETE', 'POST'])(
        '%s on an expired upload URL answers 403 with an empty body (POST: X-HTTP-Method-Override PATCH)',
        async (method) => {
          const location = await createUpload({ length: 10 });
          expect((await head(location)).status).toBe(200);
          clock.advance(86_401_000);
          const res = await t.fetch(location, {
            method,
            headers: {
              'Tus-Resumable': '1.0.0',
              'Upload-Offset': '0',
              'Content-Type': OFFSET_STREAM,
              ...(method === 'POST' ? { 'X-HTTP-Method-Override': 'PATCH' } : {}),
            },
            body: method === 'PATCH' || method === 'POST' ? 'abc' : undefined,
          });
          expect(res.status).toBe(403);
          expect(await res.text()).toBe('');
          if (method !== 'HEAD') expect(res.headers.get('content-length')).toBe('0');
          expect(lastUpload().offset).toBe(0);
          expect(lastUpload().terminated).toBe(false);
        },
      );

      it.each(['PATCH', 'HEAD', 'DELETE'])('%s with a tampered token (exp pushed out) answers 403', async (method) => {
        const location = await createUpload({ length: 10 });
        const { claims, parts } = decodeJwt(location);
        const forged = Buffer.from(JSON.stringify({ ...claims, exp: Number(claims.exp) + 3600 })).toString('base64url');
        const res = await t.fetch(`${t.baseUrl}/data/${parts[0]}.${forged}.${parts[2]}`, {
          method,
          headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': OFFSET_STREAM },
          body: method === 'PATCH' ? 'abc' : undefined,
        });
        expect(res.status).toBe(403);
        expect(await res.text()).toBe('');
        expect(lastUpload().offset).toBe(0);
        expect(lastUpload().terminated).toBe(false);
      });

      it('a token with a changed signature answers 403', async () => {
        const location = await createUpload({ length: 10 });
        const [h, p, s] = decodeJwt(location).parts;
        const flipped = `${s.slice(0, 5)}${s[5] === 'A' ? 'B' : 'A'}${s.slice(6)}`;
        const res = await patch(`${t.baseUrl}/data/${h}.${p}.${flipped}`, 0, 'abc');
        expect(res.status).toBe(403);
        await expectEmptyBody(res);
      });

      it('a token that is not a JWT answers 403', async () => {
        const res = await patch(url('/data/not-a-token'), 0, 'abc');
        expect(res.status).toBe(403);
        await expectEmptyBody(res);
      });

      it('a wrong Upload-Checksum is not verified without strict (oCIS): 204', async () => {
        const location = await createUpload({ length: 5 });
        const res = await patch(location, 0, '01234', { 'Upload-Checksum': `sha1 ${sha1B64('something else')}` });
        expect(res.status).toBe(204);
        expect(lastUpload().complete).toBe(true);
      });

      it('a finished upload is complete in state with its requests; the file has size, sha1 and fileId', async () => {
        const location = await createUpload({ filename: 'done.txt', length: 10 });
        const first = await patch(location, 0, '01234');
        await patch(location, 5, '56789');
        const upload = lastUpload();
        expect(upload).toMatchObject({ length: 10, offset: 10, complete: true, terminated: false });
        const patches = upload.requests.filter((r) => r.effectiveMethod === 'PATCH');
        expect(patches.map((r) => [r.status, r.bytesReceived])).toEqual([
          [204, 5],
          [204, 5],
        ]);
        expect(fileAt(personal.id, '/done.txt')).toMatchObject({
          size: 10,
          sha1: sha1Hex('0123456789'),
          fileId: first.headers.get('oc-fileid'),
          versions: 1,
          processing: false,
        });
      });
    });

    // =============================================================================================================
    describe('WebDAV around the upload', () => {
      it('PUT with X-OC-Mtime creates a file (201); GET returns its bytes', async () => {
        const res = await t.fetch(davUrl(personal.id, '/plain.txt'), {
          method: 'PUT',
          headers: { ...AUTH, 'X-OC-Mtime': '1700000000' },
          body: 'plain bytes',
        });
        expect(res.status).toBe(201);
        expect(fileAt(personal.id, '/plain.txt')).toMatchObject({
          size: 11,
          sha1: sha1Hex('plain bytes'),
          mtime: 1700000000,
          versions: 1,
        });
        const read = await readDav(personal.id, '/plain.txt');
        expect(read.status).toBe(200);
        expect(await read.text()).toBe('plain bytes');
      });

      it('PUT on an existing file answers 204 and makes a new version', async () => {
        const put = (body: string, mtime: string) =>
          t.fetch(davUrl(personal.id, '/plain.txt'), {
            method: 'PUT',
            headers: { ...AUTH, 'X-OC-Mtime': mtime },
            body,
          });
        expect((await put('one', '1700000000')).status).toBe(201);
        expect((await put('two!', '1700000100')).status).toBe(204);
        expect(fileAt(personal.id, '/plain.txt')).toMatchObject({ size: 4, mtime: 1700000100, versions: 2 });
        expect(await (await readDav(personal.id, '/plain.txt')).text()).toBe('two!');
      });

      it('PUT into the read-only share answers 403', async () => {
        const res = await t.fetch(davUrl(readOnlyShare.id, '/new.txt'), { method: 'PUT', headers: AUTH, body: 'x' });
        expect(res.status).toBe(403);
        expect(await t.mock.readFile(readOnlyShare.id, '/new.txt')).toBeUndefined();
      });

      it('GET returns fixture files, also through a share; a missing file answers 404', async () => {
        const notes = await readDav(personal.id, '/Documents/notes.txt');
        expect(notes.status).toBe(200);
        expect(await notes.text()).toBe(fixtureItem(personal, '/Documents/notes.txt').content);
        const agenda = await readDav(writeShare.id, '/agenda.txt');
        expect(await agenda.text()).toBe(fixtureItem(shareOwner, `${writeShare.ownerPath}/agenda.txt`).content);
        expect((await readDav(personal.id, '/Documents/missing.txt')).status).toBe(404);
      });

      it('MKCOL answers 201 for a new folder, 405 when it exists, 409 when the parent is missing', async () => {
        const mkcol = (path: string) => t.fetch(davUrl(personal.id, path), { method: 'MKCOL', headers: AUTH });
        expect((await mkcol('/New Folder')).status).toBe(201);
        expect(t.mock.state().folders).toContainEqual(
          expect.objectContaining({ spaceId: personal.id, path: '/New Folder' }),
        );
        expect((await mkcol('/New Folder')).status).toBe(405);
        expect((await mkcol('/Documents')).status).toBe(405);
        expect((await mkcol('/Missing/Child')).status).toBe(409);
      });

      it('MKCOL in the read-only share answers 403', async () => {
        const res = await t.fetch(davUrl(readOnlyShare.id, '/New'), { method: 'MKCOL', headers: AUTH });
        expect(res.status).toBe(403);
      });

      it('PROPFIND Depth 0 answers 207 with the folder itself', async () => {
        const res = await t.fetch(davUrl(personal.id, '/Documents'), {
          method: 'PROPFIND',
          headers: { ...AUTH, Depth: '0' },
        });
        expect(res.status).toBe(207);
        expect(res.headers.get('content-type')).toMatch(/xml/);
        const byId = multistatus(await res.text());
        expect([...byId.keys()]).toEqual([itemId(personal.id, fixtureItem(personal, '/Documents'))]);
        const block = [...byId.values()][0] ?? '';
        expect(prop(block, 'd:getetag')).toMatch(/\S/);
        expect(prop(block, 'oc:size')).toBe(
          String(Buffer.byteLength(fixtureItem(personal, '/Documents/notes.txt').content ?? '')),
        );
        expect(prop(block, 'd:resourcetype')).toContain('<d:collection/>');
        expect(prop(block, 'oc:permissions')).toMatch(/\S/);
      });

      it('PROPFIND Depth 1 answers 207 with the folder and its children', async () => {
        const res = await t.fetch(davUrl(personal.id, '/Documents'), {
          method: 'PROPFIND',
          headers: { ...AUTH, Depth: '1', 'Content-Type': 'application/xml' },
          body: '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:fileid/><d:getetag/><oc:size/><d:resourcetype/><oc:permissions/></d:prop></d:propfind>',
        });
        expect(res.status).toBe(207);
        const byId = multistatus(await res.text());
        const ids = ['/Documents', '/Documents/Reports', '/Documents/notes.txt'].map((p) =>
          itemId(personal.id, fixtureItem(personal, p)),
        );
        expect([...byId.keys()].sort()).toEqual([...ids].sort());
        const reports = byId.get(ids[1] ?? '') ?? '';
        expect(prop(reports, 'd:resourcetype')).toContain('<d:collection/>');
        const notes = byId.get(ids[2] ?? '') ?? '';
        expect(notes).not.toContain('<d:collection/>');
        expect(prop(notes, 'oc:size')).toBe('14');
        expect(prop(notes, 'd:getetag')).toBe(fileAt(personal.id, '/Documents/notes.txt')?.etag);
        expect(prop(notes, 'oc:permissions')).toMatch(/\S/);
      });

      it('PROPFIND shows an uploaded file with its Oc-Fileid and etag', async () => {
        const res = await create({ folder: '/Photos', filename: 'cat.jpg', body: 'meow' });
        const fileId = res.headers.get('oc-fileid') ?? '';
        const listing = await t.fetch(davUrl(personal.id, '/Photos'), {
          method: 'PROPFIND',
          headers: { ...AUTH, Depth: '1' },
        });
        const block = multistatus(await listing.text()).get(fileId) ?? '';
        // Without a body (allprop) oCIS tells a file's size as getcontentlength only.
        expect(prop(block, 'd:getcontentlength')).toBe('4');
        expect(prop(block, 'd:getetag')).toBe(fileAt(personal.id, '/Photos/cat.jpg')?.etag);
      });

      it("PROPFIND on the write share lists the shared folder's content with the owner's ids", async () => {
        const res = await t.fetch(davUrl(writeShare.id), { method: 'PROPFIND', headers: { ...AUTH, Depth: '1' } });
        expect(res.status).toBe(207);
        const byId = multistatus(await res.text());
        expect(byId.has(itemId(shareOwner.id, fixtureItem(shareOwner, `${writeShare.ownerPath}/agenda.txt`)))).toBe(
          true,
        );
      });

      it('PROPFIND on a missing path answers 404', async () => {
        const res = await t.fetch(davUrl(personal.id, '/Nope'), {
          method: 'PROPFIND',
          headers: { ...AUTH, Depth: '0' },
        });
        expect(res.status).toBe(404);
      });

      it('OPTIONS on a space announces the checksum extension and Tus-Checksum-Algorithm md5,sha1,crc32', async () => {
        const res = await t.fetch(davUrl(personal.id), { method: 'OPTIONS', headers: AUTH });
        expect(res.ok).toBe(true);
        expect(res.headers.get('tus-extension')).toBe(CREATION_TUS_EXTENSION);
        expect(res.headers.get('tus-checksum-algorithm')).toBe('md5,sha1,crc32');
      });
    });

    // =============================================================================================================
    describe('Graph drives', () => {
      interface Drive {
        id: string;
        name: string;
        driveAlias: string;
        driveType: string;
        quota: { total: number; used: number; remaining: number; state: string };
      }

      it('GET /graph/v1.0/me/drives lists the listed spaces with quota, not the share owner', async () => {
        const res = await get('/graph/v1.0/me/drives', AUTH);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        const drives = ((await res.json()) as { value: Drive[] }).value;
        const ids = drives.map((d) => d.id);
        expect(ids).toEqual(expect.arrayContaining([personal.id, project.id, nearlyFull.id]));
        expect(ids).not.toContain(shareOwner.id);
        for (const d of drives) expect(['personal', 'project', 'virtual', 'mountpoint']).toContain(d.driveType);
        for (const id of [personal.id, project.id, nearlyFull.id]) {
          const quota = drives.find((d) => d.id === id)?.quota ?? {};
          expect(Object.keys(quota).sort()).toEqual(['remaining', 'state', 'total', 'used']);
        }
      });

      it('GET /graph/v1.0/drives/{id} answers the space with quota {total, used, remaining, state}', async () => {
        const res = await get(`/graph/v1.0/drives/${personal.id}`, AUTH);
        expect(res.status).toBe(200);
        const used = personal.quotaUsedBaseline + fixtureBytes(personal);
        expect(await res.json()).toMatchObject({
          id: personal.id,
          name: personal.name,
          driveAlias: personal.driveAlias,
          driveType: personal.driveType,
          quota: { total: personal.quotaTotal, used, remaining: personal.quotaTotal - used, state: 'normal' },
        });
      });

      it('the nearly full space reports 256 KiB remaining and a state other than normal', async () => {
        const drive = (await (await get(`/graph/v1.0/drives/${nearlyFull.id}`, AUTH)).json()) as Drive;
        expect(drive.driveType).toBe('project');
        expect(drive.quota.total).toBe(nearlyFull.quotaTotal);
        expect(drive.quota.remaining).toBe(256 * 1024);
        expect(drive.quota.state).not.toBe('normal');
      });

      it('quota used grows by the bytes of a finished upload', async () => {
        const before = ((await (await get(`/graph/v1.0/drives/${project.id}`, AUTH)).json()) as Drive).quota;
        expect((await create({ spaceId: project.id, filename: 'q.txt', body: 'fourteen bytes' })).status).toBe(201);
        const after = ((await (await get(`/graph/v1.0/drives/${project.id}`, AUTH)).json()) as Drive).quota;
        expect(after.used).toBe(before.used + 14);
        expect(after.remaining).toBe(before.remaining - 14);
      });

      it('an unknown drive answers 404', async () => {
        const res = await get(`/graph/v1.0/drives/${mockFixtures.storageId}$${randomUUID()}`, AUTH);
        expect(res.status).toBe(404);
      });
    });

    // =============================================================================================================
    describe('auth', () => {
      const protectedRequests: Array<[string, () => [string, RequestInit]]> = [
        [
          'tus creation',
          () => [
            davUrl(personal.id),
            {
              method: 'POST',
              headers: {
                'Tus-Resumable': '1.0.0',
                'Upload-Length': '1',
                'Upload-Metadata': `filename ${b64('x.txt')}`,
              },
            },
          ],
        ],
        ['WebDAV GET', () => [davUrl(personal.id, '/Documents/notes.txt'), { method: 'GET' }]],
        ['WebDAV PUT', () => [davUrl(personal.id, '/x.txt'), { method: 'PUT', body: 'x' }]],
        ['WebDAV MKCOL', () => [davUrl(personal.id, '/X'), { method: 'MKCOL' }]],
        ['WebDAV PROPFIND', () => [davUrl(personal.id), { method: 'PROPFIND', headers: { Depth: '0' } }]],
        ['Graph me/drives', () => [url('/graph/v1.0/me/drives'), { method: 'GET' }]],
        ['Graph drives/{id}', () => [url(`/graph/v1.0/drives/${personal.id}`), { method: 'GET' }]],
      ];

      it.each(protectedRequests)('%s without Authorization answers 401', async (_, request) => {
        const [target, init] = request();
        const res = await t.fetch(target, init);
        expect(res.status).toBe(401);
        expect(t.mock.state().uploads).toHaveLength(0);
        expect(fileAt(personal.id, '/x.txt')).toBeUndefined();
      });

      it.each(protectedRequests)('%s with a wrong bearer token answers 401', async (_, request) => {
        const [target, init] = request();
        const headers = {
          ...(init.headers as Record<string, string> | undefined),
          Authorization: 'Bearer wrong-token',
        };
        const res = await t.fetch(target, { ...init, headers });
        expect(res.status).toBe(401);
        expect(t.mock.state().uploads).toHaveLength(0);
      });

      it.each(['Bearer', `Basic ${b64(`admin:${TOKEN}`)}`, TOKEN])(
        'Authorization %j is not a valid bearer token: 401',
        async (authorization) => {
          const res = await get('/graph/v1.0/me/drives', { Authorization: authorization });
          expect(res.status).toBe(401);
        },
      );

      it('capabilities v1 needs no auth, v2 does', async () => {
        expect((await get('/ocs/v1.php/cloud/capabilities?format=json')).status).toBe(200);
        expect((await get('/ocs/v2.php/cloud/capabilities?format=json')).status).toBe(401);
      });

      it('the upload URL needs no auth for PATCH, HEAD, OPTIONS and DELETE', async () => {
        const location = await createUpload({ length: 10 });
        expect((await patch(location, 0, 'abc')).status).toBe(204);
        expect((await head(location)).status).toBe(200);
        expect((await t.fetch(location, { method: 'OPTIONS' })).status).toBe(200);
        expect((await t.fetch(location, { method: 'DELETE', headers: { 'Tus-Resumable': '1.0.0' } })).status).toBe(204);
      });

      it('a token with lifetimeSeconds stops working when the clock passes it; addToken adds a fresh one', async () => {
        t.mock.addToken({ token: 'short-lived', lifetimeSeconds: 60 });
        const drives = (token: string) => get('/graph/v1.0/me/drives', { Authorization: `Bearer ${token}` });
        expect((await drives('short-lived')).status).toBe(200);
        clock.advance(59_000);
        expect((await drives('short-lived')).status).toBe(200);
        clock.advance(2_000);
        expect((await drives('short-lived')).status).toBe(401);
        expect((await drives('fresh-token')).status).toBe(401);
        t.mock.addToken('fresh-token');
        expect((await drives('fresh-token')).status).toBe(200);
        expect((await drives(TOKEN)).status).toBe(200);
      });

      it('an upload created with a token that then expires continues: /data needs no token', async () => {
        t.mock.addToken({ token: 'short-lived', lifetimeSeconds: 60 });
        const location = await createUpload({ length: 6, headers: { Authorization: 'Bearer short-lived' } });
        clock.advance(120_000);
        expect((await create({ headers: { Authorization: 'Bearer short-lived' } })).status).toBe(401);
        expect((await patch(location, 0, 'abcdef')).status).toBe(204);
        expect(lastUpload().complete).toBe(true);
      });

      it('reset forgets added tokens', async () => {
        t.mock.addToken('temporary');
        await t.mock.reset();
        expect((await get('/graph/v1.0/me/drives', { Authorization: 'Bearer temporary' })).status).toBe(401);
      });
    });

    // =============================================================================================================
    describe('faults', () => {
      it('the 2nd PATCH answers 500 once (nth: 2), then PATCHes work again', async () => {
        t.mock.setFaults({ rules: [{ type: 'status', status: 500, method: 'PATCH', nth: 2 }] });
        const location = await createUpload({ length: 6 });
        expect((await patch(location, 0, 'ab')).status).toBe(204);
        expect((await head(location)).status).toBe(200);
        const failed = await patch(location, 2, 'cd');
        expect(failed.status).toBe(500);
        expect(await failed.text()).toBe('');
        expect(await offsetOf(location)).toBe('2');
        expect((await patch(location, 2, 'cd')).status).toBe(204);
        expect((await patch(location, 4, 'ef')).status).toBe(204);
        const faulted = t.mock.state().requests.filter((r) => r.fault === 'status');
        expect(faulted).toHaveLength(1);
        expect(faulted[0]).toMatchObject({ effectiveMethod: 'PATCH', status: 500 });
      });

      it('times: 2 answers the fault twice, then normally', async () => {
        t.mock.setFaults({ rules: [{ type: 'status', status: 503, route: 'capabilities', times: 2 }] });
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await get('/ocs/v1.php/cloud/capabilities?format=json')).status);
        expect(statuses).toEqual([503, 503, 200]);
      });

      it("times: 'always' answers every matching request", async () => {
        t.mock.setFaults({ rules: [{ type: 'status', status: 500, route: 'graph', times: 'always' }] });
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) statuses.push((await get('/graph/v1.0/me/drives', AUTH)).status);
        expect(statuses).toEqual([500, 500, 500, 500]);
      });

      it('nth: 3 leaves the first two matching requests alone', async () => {
        t.mock.setFaults({ rules: [{ type: 'status', status: 503, route: 'capabilities', nth: 3 }] });
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) statuses.push((await get('/ocs/v1.php/cloud/capabilities?format=json')).status);
        expect(statuses).toEqual([200, 200, 503, 200]);
      });

      it('a rule for one route leaves other routes alone', async () => {
        t.mock.setFaults({ rules: [{ type: 'status', status: 500, route: 'tus-head', times: 'always' }] });
        const location = await createUpload({ length: 10 });
        expect((await patch(location, 0, 'abc')).status).toBe(204);
        expect((await head(location)).status).toBe(500);
      });

      it('a status fault answers before auth', async () => {
        t.mock.setFaults({ rules: [{ type: 'status', status: 503, route: 'tus-create' }] });
        const res = await create({ headers: { Authorization: null } });
        expect(res.status).toBe(503);
      });

      it('429 carries Retry-After: 1 by default', async () => {
        t.mock.setFaults({ rules: [{ type: 'status', status: 429, route: 'tus-create' }] });
        const res = await create();
        expect(res.status).toBe(429);
        expect(res.headers.get('retry-after')).toBe('1');
        expect(await res.text()).toBe('');
      });

      it('retryAfterSeconds sets Retry-After', async () => {
        t.mock.setFaults({ rules: [{ type: 'status', status: 429, method: 'PATCH', retryAfterSeconds: 7 }] });
        const location = await createUpload();
        const res = await patch(location, 0, 'abc');
        expect(res.status).toBe(429);
        expect(res.headers.get('retry-after')).toBe('7');
        expect(lastUpload().offset).toBe(0);
      });

      it('503 carries Retry-After: 1 by default', async () => {
        t.mock.setFaults({ rules: [{ type: 'status', status: 503, route: 'graph' }] });
        const res = await get('/graph/v1.0/me/drives', AUTH);
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('1');
      });

      it('502 answers an HTML page by default', async () => {
        t.mock.setFaults({ rules: [{ type: 'status', status: 502, method: 'PATCH' }] });
        const location = await createUpload();
        const res = await patch(location, 0, 'abc');
        expect(res.status).toBe(502);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(await res.text()).toMatch(/<html/i);
      });

      it.each([507, 423, 409, 401, 403])('a %i fault on creation answers it with an empty body', async (status) => {
        t.mock.setFaults({ rules: [{ type: 'status', status, route: 'tus-create' }] });
        const res = await create();
        expect(res.status).toBe(status);
        expect(await res.text()).toBe('');
        expect(t.mock.state().uploads).toHaveLength(0);
        expect(t.mock.state().requests.at(-1)).toMatchObject({ route: 'tus-create', status, fault: 'status' });
        expect((await create()).status).toBe(201);
      });

      it('a fault with a custom body and content type answers them', async () => {
        t.mock.setFaults({
          rules: [
            {
              type: 'status',
              status: 500,
              route: 'capabilities',
              body: '{"error":"boom"}',
              contentType: 'application/json',
            },
          ],
        });
        const res = await get('/ocs/v1.php/cloud/capabilities?format=json');
        expect(res.status).toBe(500);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(await res.text()).toBe('{"error":"boom"}');
      });

      it('setFaults replaces the whole set', async () => {
        t.mock.setFaults({ rules: [{ type: 'status', status: 503, route: 'capabilities', times: 'always' }] });
        t.mock.setFaults({ latencyMs: 0 });
        expect((await get('/ocs/v1.php/cloud/capabilities?format=json')).status).toBe(200);
        expect(t.mock.state().faults.rules ?? []).toEqual([]);
      });

      it('latencyMs delays every request', async () => {
        t.mock.setFaults({ latencyMs: 250 });
        const [res, elapsed] = await timed(() => get('/ocs/v1.php/cloud/capabilities?format=json'));
        expect(res.status).toBe(200);
        expect(elapsed).toBeGreaterThanOrEqual(225);
      });

      it('latencyMs does not delay /__mock/*', async () => {
        t.mock.setFaults({ latencyMs: 1000 });
        const [res, elapsed] = await timed(() => get('/__mock/state'));
        expect(res.status).toBe(200);
        expect(elapsed).toBeLessThan(900);
      });

      it('bandwidthBytesPerSecond slows a request body down', async () => {
        t.mock.setFaults({ bandwidthBytesPerSecond: 2000 });
        const location = await createUpload({ length: 1000 });
        const [res, elapsed] = await timed(() => patch(location, 0, new Uint8Array(1000)));
        expect(res.status).toBe(204);
        expect(elapsed).toBeGreaterThanOrEqual((1000 / 2000) * 1000 * 0.8);
      });

      it('processingDelayMs: GET and HEAD answer 425, PROPFIND its props under 425, until processing ends', async () => {
        t.mock.setFaults({ processingDelayMs: 400 });
        const location = await createUpload({ filename: 'slow.txt', length: 4 });
        expect((await patch(location, 0, 'slow')).status).toBe(204);
        expect(fileAt(personal.id, '/slow.txt')?.processing).toBe(true);
        expect((await readDav(personal.id, '/slow.txt')).status).toBe(425);
        expect((await t.fetch(davUrl(personal.id, '/slow.txt'), { method: 'HEAD', headers: AUTH })).status).toBe(425);
        const propfind = () =>
          t.fetch(davUrl(personal.id, '/slow.txt'), { method: 'PROPFIND', headers: { ...AUTH, Depth: '0' } });
        const early = await (await propfind()).text();
        expect(early).toContain('<d:status>HTTP/1.1 425 TOO EARLY</d:status>');
        expect(early).not.toContain('200 OK');
        await sleep(550);
        expect(await (await propfind()).text()).toContain('<d:status>HTTP/1.1 200 OK</d:status>');
        const read = await readDav(personal.id, '/slow.txt');
        expect(read.status).toBe(200);
        expect(await read.text()).toBe('slow');
        expect(fileAt(personal.id, '/slow.txt')?.processing).toBe(false);
      });

      it('drop after N bytes: the fetch rejects, HEAD shows offset N, the upload resumes from there', async () => {
        t.mock.setFaults({ rules: [{ type: 'drop', afterBytes: 3 }] });
        const location = await createUpload({ filename: 'dropped.txt', length: 10 });
        await expect(patch(location, 0, '0123456789')).rejects.toThrow();
        expect(await offsetOf(location)).toBe('3');
        expect(t.mock.state().requests.find((r) => r.fault === 'drop')).toMatchObject({
          route: 'tus-patch',
          bytesReceived: 3,
        });
        const resumed = await patch(location, 3, '3456789');
        expect(resumed.status).toBe(204);
        expect(resumed.headers.get('upload-offset')).toBe('10');
        expect(await (await readDav(personal.id, '/dropped.txt')).text()).toBe('0123456789');
      });

      it('a drop rule with nth: 2 cuts only the second PATCH', async () => {
        t.mock.setFaults({ rules: [{ type: 'drop', afterBytes: 2, nth: 2 }] });
        const location = await createUpload({ length: 12 });
        expect((await patch(location, 0, 'abcd')).status).toBe(204);
        await expect(patch(location, 4, 'efgh')).rejects.toThrow();
        expect(await offsetOf(location)).toBe('6');
        expect((await patch(location, 6, 'ghijkl')).status).toBe(204);
      });
    });

    // =============================================================================================================
    describe('strict mode (tus 1.0.0 spec)', () => {
      beforeEach(() => {
        t.mock.configure({ strict: true });
      });

      it('a matching Upload-Checksum (sha1 <base64>) answers 204', async () => {
        const location = await createUpload({ length: 10 });
        const res = await patch(location, 0, '01234', { 'Upload-Checksum': `sha1 ${sha1B64('01234')}` });
        expect(res.status).toBe(204);
        expect(res.headers.get('upload-offset')).toBe('5');
      });

      it('a mismatching Upload-Checksum answers 460 and discards the chunk', async () => {
        const location = await createUpload({ length: 10 });
        const res = await patch(location, 0, '01234', { 'Upload-Checksum': `sha1 ${sha1B64('43210')}` });
        expect(res.status).toBe(460);
        await expectEmptyBody(res);
        expect(await offsetOf(location)).toBe('0');
        expect(lastUpload().offset).toBe(0);
        expect((await patch(location, 0, '01234', { 'Upload-Checksum': `sha1 ${sha1B64('01234')}` })).status).toBe(204);
      });

      it('an unknown Upload-Checksum algorithm answers 400', async () => {
        const location = await createUpload({ length: 10 });
        const res = await patch(location, 0, '01234', { 'Upload-Checksum': 'crc99 AAAA' });
        expect(res.status).toBe(400);
        await expectEmptyBody(res);
        expect(await offsetOf(location)).toBe('0');
      });

      it('a wrong whole-file metadata checksum answers the final PATCH 460, then the upload is gone', async () => {
        const metadata = `filename ${b64('checked.txt')},checksum ${b64(`SHA1 ${sha1Hex('9876543210')}`)}`;
        const location = await createUpload({ metadata, length: 10 });
        expect((await patch(location, 0, '01234')).status).toBe(204);
        const res = await patch(location, 5, '56789');
        expect(res.status).toBe(460);
        await expectEmptyBody(res);
        expect((await head(location)).status).toBe(404);
        expect((await patch(location, 5, '56789')).status).toBe(404);
        expect(fileAt(personal.id, '/checked.txt')).toBeUndefined();
        expect(lastUpload()).toMatchObject({ terminated: true, checksumVerified: false });
      });

      it('a matching whole-file metadata checksum stores the file', async () => {
        const metadata = `filename ${b64('checked.txt')},checksum ${b64(`SHA1 ${sha1Hex('0123456789')}`)}`;
        const location = await createUpload({ metadata, length: 10 });
        expect((await patch(location, 0, '01234')).status).toBe(204);
        expect((await patch(location, 5, '56789')).status).toBe(204);
        expect(fileAt(personal.id, '/checked.txt')?.sha1).toBe(sha1Hex('0123456789'));
        expect(lastUpload()).toMatchObject({ complete: true, checksumVerified: true });
      });

      it('PATCH with a wrong Content-Type answers 415', async () => {
        const location = await createUpload({ length: 10 });
        const res = await patch(location, 0, 'abc', { 'Content-Type': 'application/octet-stream' });
        expect(res.status).toBe(415);
        await expectEmptyBody(res);
      });

      it('a bad Tus-Resumable answers 412 with Tus-Version: 1.0.0 on PATCH and on creation', async () => {
        const location = await createUpload({ length: 10 });
        const patched = await patch(location, 0, 'abc', { 'Tus-Resumable': '0.2.2' });
        expect(patched.status).toBe(412);
        expect(patched.headers.get('tus-version')).toBe('1.0.0');
        const created = await create({ headers: { 'Tus-Resumable': null } });
        expect(created.status).toBe(412);
        expect(created.headers.get('tus-version')).toBe('1.0.0');
      });

      it('state shows strict, and reset turns it back off (oCIS 400 for a wrong content type)', async () => {
        expect(t.mock.state().strict).toBe(true);
        await t.mock.reset();
        expect(t.mock.state().strict).toBe(false);
        const location = await createUpload({ length: 10 });
        expect((await patch(location, 0, 'abc', { 'Content-Type': 'text/plain' })).status).toBe(400);
      });
    });

    // =============================================================================================================
    describe('inspection: /__mock/*', () => {
      it('GET /__mock/state answers JSON equal to mock.state()', async () => {
        await create({ filename: 'seen.txt', body: 'seen' });
        await createUpload({ filename: 'open.txt', length: 5 });
        const res = await get('/__mock/state');
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        const overHttp = (await res.json()) as Record<string, unknown>;
        const local = JSON.parse(JSON.stringify(t.mock.state())) as Record<string, unknown>;
        expect(Object.keys(overHttp).sort()).toEqual(Object.keys(local).sort());
        for (const key of ['uploads', 'files', 'folders', 'spaces', 'faults', 'strict', 'capabilities']) {
          expect(overHttp[key]).toEqual(local[key]);
        }
        const httpRequests = overHttp.requests as unknown[];
        expect(httpRequests.length).toBeGreaterThanOrEqual(2);
        expect((local.requests as unknown[]).slice(0, httpRequests.length)).toEqual(httpRequests);
      });

      it('each logged request has seq, method, route, path, status and request id', async () => {
        const location = await createUpload({ length: 3 });
        await patch(location, 0, 'abc');
        const [creation, patched] = t.mock.state().requests.slice(-2);
        expect(creation).toMatchObject({ method: 'POST', effectiveMethod: 'POST', route: 'tus-create', status: 201 });
        expect(patched).toMatchObject({ method: 'PATCH', route: 'tus-patch', status: 204, bytesReceived: 3 });
        expect(patched?.uploadId).toBe(lastUpload().id);
        expect(Number(patched?.seq)).toBeGreaterThan(Number(creation?.seq));
        expect(creation?.path).toBe(`/remote.php/dav/spaces/${personal.id}`);
        expect(patched?.requestId).toMatch(/\S/);
      });

      it('POST /__mock/reset clears uploads, files and log back to the fixtures', async () => {
        const fixtureFiles = t.mock.state().files.length;
        await create({ filename: 'gone.txt', body: 'gone' });
        expect(t.mock.state().files).toHaveLength(fixtureFiles + 1);
        const res = await t.fetch(url('/__mock/reset'), { method: 'POST' });
        expect(res.ok).toBe(true);
        const state = t.mock.state();
        expect(state.uploads).toHaveLength(0);
        expect(state.files).toHaveLength(fixtureFiles);
        expect(state.files.some((f) => f.path === '/gone.txt')).toBe(false);
      });

      it('POST /__mock/faults replaces the fault set', async () => {
        const faults = { rules: [{ type: 'status', status: 503, route: 'capabilities', times: 'always' }] };
        const res = await t.fetch(url('/__mock/faults'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(faults),
        });
        expect(res.ok).toBe(true);
        expect(t.mock.state().faults.rules).toEqual([expect.objectContaining(faults.rules[0])]);
        const faulted = await get('/ocs/v1.php/cloud/capabilities?format=json');
        expect(faulted.status).toBe(503);
        expect(faulted.headers.get('retry-after')).toBe('1');
        await t.fetch(url('/__mock/faults'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        });
        expect((await get('/ocs/v1.php/cloud/capabilities?format=json')).status).toBe(200);
      });

      it('POST /__mock/faults with invalid JSON answers 400 and keeps the faults', async () => {
        t.mock.setFaults({ latencyMs: 1 });
        const res = await t.fetch(url('/__mock/faults'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{not json',
        });
        expect(res.status).toBe(400);
        expect(t.mock.state().faults.latencyMs).toBe(1);
      });

      it('POST /__mock/config sets strict, capabilities and tokens', async () => {
        const res = await t.fetch(url('/__mock/config'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            strict: true,
            capabilities: { tus: { max_chunk_size: 123 } },
            tokens: ['http-token'],
          }),
        });
        expect(res.ok).toBe(true);
        expect(t.mock.state().strict).toBe(true);
        const caps = (await (await get('/ocs/v1.php/cloud/capabilities?format=json')).json()) as {
          ocs: { data: { capabilities: { files: { tus_support: { max_chunk_size: unknown } } } } };
        };
        expect(caps.ocs.data.capabilities.files.tus_support.max_chunk_size).toBe(123);
        expect((await get('/graph/v1.0/me/drives', { Authorization: 'Bearer http-token' })).status).toBe(200);
      });
    });

    // =============================================================================================================
    describe('bad input never crashes', () => {
      it('Upload-Length: -1 answers 507, as oCIS does', async () => {
        const res = await create({ length: '-1' });
        expect(res.status).toBe(507);
        expect(t.mock.state().uploads).toHaveLength(0);
      });

      it('an Upload-Length beyond 64 bits answers 400', async () => {
        expect((await create({ length: '99999999999999999999' })).status).toBe(400);
      });

      it('Upload-Metadata of only commas and spaces is a missing filename: 412', async () => {
        expect((await create({ metadata: ', ,,  ,' })).status).toBe(412);
      });

      it('Upload-Metadata with three parts in a pair answers a 4xx', async () => {
        const res = await create({ metadata: `filename ${b64('a.txt')} extra` });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      });

      it('a garbage Tus-Resumable answers 412', async () => {
        expect((await create({ headers: { 'Tus-Resumable': '\u00ff\u00fe garbage' } })).status).toBe(412);
      });

      it('garbage in Authorization answers 401', async () => {
        expect((await get('/graph/v1.0/me/drives', { Authorization: '\u00ff\u00ff\u00ff' })).status).toBe(401);
      });

      it('a huge filename (8 KiB) answers 412', async () => {
        const res = await create({ metadata: `filename ${b64('x'.repeat(6000))}` });
        expect(res.status).toBe(412);
      });

      it('a huge Upload-Offset (4000 digits) answers 400', async () => {
        const location = await createUpload({ length: 10 });
        expect((await patch(location, '9'.repeat(4000), 'abc')).status).toBe(400);
        expect(lastUpload().offset).toBe(0);
      });

      it('a huge Upload-Length (4000 digits) answers 400', async () => {
        expect((await create({ length: '9'.repeat(4000) })).status).toBe(400);
      });

      it.each(['/__mock/nope', '/remote.php/nope', '/ocs/v1.php/cloud/nope', '/graph/v1.0/nope'])(
        'an unknown route %s answers 404',
        async (path) => {
          const res = await get(path, AUTH);
          expect(res.status).toBe(404);
        },
      );

      it('invalid percent-encoding in a WebDAV path answers 400', async () => {
        const res = await t.fetch(url(`/remote.php/dav/spaces/${personal.id}/bad%zz.txt`), { headers: AUTH });
        expect(res.status).toBe(400);
      });

      it('invalid percent-encoding in the space id of a creation answers 400', async () => {
        const res = await create({ spaceId: `${mockFixtures.storageId}%zz` });
        expect(res.status).toBe(400);
      });

      it('after all of that the server still answers', async () => {
        const caps = await get('/ocs/v1.php/cloud/capabilities?format=json');
        expect(caps.status).toBe(200);
        const location = await createUpload({ length: 2 });
        expect((await patch(location, 0, 'ok')).status).toBe(204);
      });
    });
  });
}
