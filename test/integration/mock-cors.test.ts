/**
 * The mock's CORS follows a real oCIS (test/real-server/differential.test.ts checks it against one): its own origin
 * and a configured list are allowed, a refused preflight is a bare 204, a 401 carries no CORS header.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mockFixtures } from '../../src/mock/index.js';
import { type RunningMockOcis, startMockOcis } from '../../src/mock/node.js';
import type { MockCorsOptions } from '../../src/mock/types.js';

const PAGE = 'http://127.0.0.1:5199';
const AUTH = { Authorization: `Bearer ${mockFixtures.token}` };
const CAPABILITIES = '/ocs/v1.php/cloud/capabilities?format=json';
const SPACE = `/remote.php/dav/spaces/${mockFixtures.personal.id}`;

let server: RunningMockOcis | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(cors?: MockCorsOptions) {
  server = await startMockOcis({ port: 0, ...(cors ? { cors } : {}) });
  return server.url;
}

const preflight = (url: string, origin: string, method: string, headers?: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': method,
      ...(headers ? { 'Access-Control-Request-Headers': headers } : {}),
    },
  });

describe('mock CORS', () => {
  it('by default allows only its own origin', async () => {
    const url = await start();
    const own = await fetch(`${url}${CAPABILITIES}`, { headers: { Origin: new URL(url).origin } });
    expect(own.headers.get('access-control-allow-origin')).toBe(new URL(url).origin);
    expect(own.headers.get('access-control-expose-headers')).toBe('Location');
    const other = await fetch(`${url}${CAPABILITIES}`, { headers: { Origin: PAGE } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('vary')).toBe('Origin');
  });

  it('allows the configured origins, or any with "*"', async () => {
    const listed = await start({ allowedOrigins: [PAGE] });
    expect(
      (await fetch(`${listed}${CAPABILITIES}`, { headers: { Origin: PAGE } })).headers.get(
        'access-control-allow-origin',
      ),
    ).toBe(PAGE);
    await server?.close();
    const any = await start({ allowedOrigins: '*' });
    const res = await fetch(`${any}${CAPABILITIES}`, { headers: { Origin: 'http://elsewhere.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://elsewhere.example');
  });

  it('a preflight asking for a header outside the list is a bare 204, as oCIS answers it', async () => {
    const url = await start({ allowedOrigins: [PAGE] });
    const ok = await preflight(
      `${url}${SPACE}`,
      PAGE,
      'POST',
      'authorization,tus-resumable,upload-length,upload-metadata',
    );
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(ok.headers.get('access-control-allow-methods')).toBe('POST');
    expect(ok.headers.get('access-control-allow-headers')).toBe(
      'authorization,tus-resumable,upload-length,upload-metadata',
    );
    for (const header of ['initiator-id', 'x-oc-mtime', 'oc-checksum']) {
      const refused = await preflight(`${url}${SPACE}`, PAGE, 'POST', `authorization,${header}`);
      expect(refused.status).toBe(204);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(refused.headers.get('vary')).toBe('Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
    }
    // WebDAV refuses PATCH; the upload URL allows it.
    expect((await preflight(`${url}${SPACE}`, PAGE, 'PATCH')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(`${url}/data/x.y.z`, PAGE, 'PATCH')).headers.get('access-control-allow-origin')).toBe(PAGE);
  });

  it('allowedHeaders replaces the list a preflight is checked against', async () => {
    const url = await start({ allowedOrigins: [PAGE], allowedHeaders: ['authorization', 'x-oc-mtime'] });
    expect(
      (await preflight(`${url}${SPACE}`, PAGE, 'PUT', 'x-oc-mtime')).headers.get('access-control-allow-origin'),
    ).toBe(PAGE);
    expect(
      (await preflight(`${url}${SPACE}`, PAGE, 'POST', 'tus-resumable')).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });

  it('a 401 carries no CORS header, even for an allowed origin', async () => {
    const url = await start({ allowedOrigins: [PAGE] });
    const res = await fetch(`${url}/graph/v1.0/me/drives`, { headers: { Origin: PAGE, Authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('www-authenticate')).toContain('Bearer realm=');
  });

  it('Graph allows credentials; tusd answers 403 to a refused origin on the upload URL', async () => {
    const url = await start({ allowedOrigins: [PAGE] });
    const drives = await fetch(`${url}/graph/v1.0/me/drives`, { headers: { ...AUTH, Origin: PAGE } });
    expect(drives.headers.get('access-control-allow-credentials')).toBe('true');
    const created = await fetch(`${url}${SPACE}`, {
      method: 'POST',
      headers: { ...AUTH, 'Tus-Resumable': '1.0.0', 'Upload-Length': '3', 'Upload-Metadata': 'filename YS50eHQ=' },
    });
    const location = created.headers.get('location') ?? '';
    expect((await fetch(location, { method: 'HEAD', headers: { Origin: 'http://elsewhere.example' } })).status).toBe(
      403,
    );
    const head = await fetch(location, { method: 'HEAD', headers: { Origin: PAGE } });
    expect(head.status).toBe(200);
    expect(head.headers.get('access-control-expose-headers')).toContain('Upload-Offset');
  });

  it('POST /__mock/config changes the allowed origins at run time; reset restores them', async () => {
    const url = await start();
    const config = (body: unknown) => fetch(`${url}/__mock/config`, { method: 'POST', body: JSON.stringify(body) });
    expect((await config({ cors: { allowedOrigins: 5 } })).status).toBe(400);
    expect((await config({ cors: { allowedOrigins: [PAGE] } })).status).toBe(204);
    const allowed = await fetch(`${url}${CAPABILITIES}`, { headers: { Origin: PAGE } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PAGE);
    await server?.mock.reset();
    const again = await fetch(`${url}${CAPABILITIES}`, { headers: { Origin: PAGE } });
    expect(again.headers.get('access-control-allow-origin')).toBeNull();
  });
});
