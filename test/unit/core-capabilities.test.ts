import { describe, expect, it } from 'vitest';
import { fetchCapabilities, parseCapabilities } from '../../src/core/capabilities.ts';
import { CapabilitiesError } from '../../src/core/errors.ts';

const envelope = (files: Record<string, unknown>, statuscode = 100, extra: Record<string, unknown> = {}) => ({
  ocs: {
    meta: { status: 'ok', statuscode, message: 'OK' },
    data: {
      version: { string: '7.1.0' },
      capabilities: { files, checksums: { supportedTypes: ['SHA1', 'md5'], preferredUploadType: 'SHA1' }, ...extra },
    },
  },
});
const ocisTus = {
  version: '1.0.0',
  resumable: '1.0.0',
  extension: 'creation,creation-with-upload',
  max_chunk_size: 10000000,
  http_method_override: '',
};

describe('parseCapabilities', () => {
  it('reads the OCS v1 envelope with oCIS defaults', () => {
    const caps = parseCapabilities(envelope({ tus_support: ocisTus }));
    expect(caps.tus).toEqual({
      version: '1.0.0',
      resumable: '1.0.0',
      extensions: new Set(['creation', 'creation-with-upload']),
      maxChunkSize: 10000000,
      methodOverride: false,
    });
    expect(caps.checksumTypes).toEqual(['sha1', 'md5']);
    expect(caps.preferredChecksum).toBe('sha1');
    expect(caps.serverVersion).toBe('7.1.0');
  });

  it('reads the OCS v2 envelope (statuscode 200)', () => {
    expect(parseCapabilities(envelope({ tus_support: ocisTus }, 200)).tus?.maxChunkSize).toBe(10000000);
  });

  it('has no tus when tus_support is absent', () => {
    expect(parseCapabilities(envelope({ bigfilechunking: false })).tus).toBeUndefined();
  });

  it('reads numbers sent as strings', () => {
    expect(
      parseCapabilities(envelope({ tus_support: { ...ocisTus, max_chunk_size: '5000000' } })).tus?.maxChunkSize,
    ).toBe(5000000);
  });

  it.each([0, '0', -1, 'abc', null, 1.5])('a max_chunk_size of %j is 0', (value) => {
    expect(parseCapabilities(envelope({ tus_support: { ...ocisTus, max_chunk_size: value } })).tus?.maxChunkSize).toBe(
      0,
    );
  });

  it.each([
    ['', false],
    ['PATCH', true],
    ['true', true],
    ['false', false],
    ['0', false],
    [' FALSE ', false],
    [true, true],
    [false, false],
    [undefined, false],
  ])('http_method_override %j → %s', (value, expected) => {
    expect(
      parseCapabilities(envelope({ tus_support: { ...ocisTus, http_method_override: value } })).tus?.methodOverride,
    ).toBe(expected);
  });

  it('splits and trims extensions; a missing extension is an empty set', () => {
    expect(
      parseCapabilities(envelope({ tus_support: { ...ocisTus, extension: ' creation , termination' } })).tus
        ?.extensions,
    ).toEqual(new Set(['creation', 'termination']));
    const { extension: _e, ...noExtension } = ocisTus;
    expect(parseCapabilities(envelope({ tus_support: noExtension })).tus?.extensions.size).toBe(0);
  });

  it('keeps an unknown version as given (the transfer decides)', () => {
    expect(
      parseCapabilities(envelope({ tus_support: { ...ocisTus, version: '2.0.0', resumable: '2.0.0' } })).tus?.version,
    ).toBe('2.0.0');
  });

  it('tolerates missing checksums and version', () => {
    const caps = parseCapabilities({ ocs: { meta: { statuscode: 100 }, data: { capabilities: {} } } });
    expect(caps).toEqual({ tus: undefined, checksumTypes: [], preferredChecksum: undefined, serverVersion: undefined });
  });

  it.each([null, 'text', [], {}, { ocs: {} }, { ocs: { data: {} } }, { ocs: { data: { capabilities: 'x' } } }])(
    'refuses a body that is not an OCS capabilities document: %j',
    (body) => {
      expect(() => parseCapabilities(body)).toThrow(CapabilitiesError);
      try {
        parseCapabilities(body);
      } catch (e) {
        expect((e as CapabilitiesError).kind).toBe('not-ocs');
      }
    },
  );

  it('reports an OCS failure status', () => {
    expect(() => parseCapabilities({ ocs: { meta: { statuscode: 997, message: 'Unauthorised' }, data: {} } })).toThrow(
      /OCS status 997: Unauthorised/,
    );
  });
});

describe('fetchCapabilities', () => {
  const fakeFetch = (response: Response | Error) => async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), headers: new Headers(init?.headers) });
    if (response instanceof Error) throw response;
    return response;
  };
  let calls: Array<{ url: string; headers: Headers }> = [];

  it('asks v1 with format=json and a bearer token from a function', async () => {
    calls = [];
    const caps = await fetchCapabilities('https://ocis.test/', {
      accessToken: async () => 'tok',
      fetch: fakeFetch(Response.json(envelope({ tus_support: ocisTus }))),
    });
    expect(caps.tus?.maxChunkSize).toBe(10000000);
    expect(calls[0]?.url).toBe('https://ocis.test/ocs/v1.php/cloud/capabilities?format=json');
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer tok');
  });

  it('sends Accept-Language when given', async () => {
    calls = [];
    await fetchCapabilities('https://ocis.test', { language: 'de-DE', fetch: fakeFetch(Response.json(envelope({}))) });
    expect(calls[0]?.headers.get('accept-language')).toBe('de-DE');
  });

  it('with a request client: its headers on each attempt, and the refused token left out of the second', async () => {
    calls = [];
    let attempt = 0;
    const responses = [new Response('', { status: 401 }), Response.json(envelope({ tus_support: ocisTus }))];
    const caps = await fetchCapabilities('https://ocis.test', {
      headers: async () => ({
        Authorization: 'Bearer refused',
        'X-Request-ID': `req-${++attempt}`,
        'Accept-Language': 'fr',
        'Initiator-ID': 'init-1',
      }),
      fetch: async (input, init) => {
        calls.push({ url: String(input), headers: new Headers(init?.headers) });
        return responses.shift() as Response;
      },
    });
    expect(caps.tus?.maxChunkSize).toBe(10000000);
    expect(attempt).toBe(1);
    const [first, second] = calls.map((c) => Object.fromEntries(c.headers));
    expect(first).toMatchObject({
      authorization: 'Bearer refused',
      'x-request-id': 'req-1',
      'accept-language': 'fr',
      'initiator-id': 'init-1',
      'x-requested-with': 'XMLHttpRequest',
      'ocs-apirequest': 'true',
    });
    expect(second).not.toHaveProperty('authorization');
    expect(second).toMatchObject({ 'accept-language': 'fr', 'x-requested-with': 'XMLHttpRequest' });
    expect(second?.['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('asks v2 when told', async () => {
    calls = [];
    await fetchCapabilities('https://ocis.test/base', {
      apiVersion: 2,
      fetch: fakeFetch(Response.json(envelope({}, 200))),
    });
    expect(calls[0]?.url).toBe('https://ocis.test/base/ocs/v2.php/cloud/capabilities?format=json');
    expect(calls[0]?.headers.has('authorization')).toBe(false);
  });

  it.each([
    [new Response('nope', { status: 500, headers: { 'X-Request-Id': 'r-1' } }), 'http', /answered 500/],
    [new Response('<html>', { status: 200 }), 'not-ocs', /not JSON/],
    [Response.json({ hello: 1 }), 'not-ocs', /not an OCS document/],
    [new TypeError('fetch failed'), 'network', /did not answer at https:\/\/ocis.test\/ocs/],
  ] as const)('gives a typed error: %#', async (response, kind, message) => {
    const error = await fetchCapabilities('https://ocis.test', { fetch: fakeFetch(response) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapabilitiesError);
    expect((error as CapabilitiesError).kind).toBe(kind);
    expect((error as Error).message).toMatch(message);
  });

  it('keeps the request id of a failed answer', async () => {
    const error = (await fetchCapabilities('https://ocis.test', {
      fetch: fakeFetch(new Response('', { status: 502, headers: { 'X-Request-Id': 'r-9' } })),
    }).catch((e: unknown) => e)) as CapabilitiesError;
    expect(error.details).toMatchObject({ status: 502, requestId: 'r-9' });
  });

  it('says "aborted" when the signal ended it', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = (await fetchCapabilities('https://ocis.test', {
      signal: controller.signal,
      fetch: fakeFetch(new DOMException('aborted', 'AbortError') as unknown as Error),
    }).catch((e: unknown) => e)) as CapabilitiesError;
    expect(error.kind).toBe('aborted');
  });
});
