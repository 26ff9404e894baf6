/**
 * The two servers the differential test talks to: the real one (Basic auth, the admin's personal space) and the
 * mock started in-process by its Node adapter on 127.0.0.1 port 0 (the fixture token and personal space).
 */
import { mockFixtures } from '../../../src/mock/index.js';
import { startMockOcis } from '../../../src/mock/node.js';
import { basicAuth, type RawResponse, type RealServerConfig, rawRequest } from '../support/server.ts';

export interface Target {
  name: 'real' | 'mock';
  /** What the server calls itself (a same-origin page's Origin). */
  publicOrigin: string;
  /** `Authorization` value that works. */
  auth: string;
  /** The admin's personal space id. */
  spaceId: string;
  request(method: string, path: string, headers?: Record<string, string>, body?: Buffer | string): Promise<RawResponse>;
  close(): Promise<void>;
}

export async function realTarget(config: RealServerConfig): Promise<Target> {
  const auth = basicAuth(config.user, config.password);
  const request: Target['request'] = (method, path, headers = {}, body) =>
    rawRequest(config, method, path, { headers, ...(body === undefined ? {} : { body }) });
  const drives = JSON.parse((await request('GET', '/graph/v1.0/me/drives', { Authorization: auth })).text) as {
    value: Array<{ id: string; driveType: string }>;
  };
  const personal = drives.value.find((d) => d.driveType === 'personal');
  if (!personal) throw new Error('the real server lists no personal drive for the test user');
  return {
    name: 'real',
    publicOrigin: new URL(config.publicUrl).origin,
    auth,
    spaceId: personal.id,
    request,
    close: async () => {},
  };
}

/** The mock as the real test server is configured: the cross-origin test page's origin allowed. */
export async function mockTarget(crossOrigin: string): Promise<Target> {
  const server = await startMockOcis({ port: 0, cors: { allowedOrigins: [crossOrigin] } });
  const config = { baseUrl: server.url, publicUrl: server.url };
  return {
    name: 'mock',
    publicOrigin: new URL(server.url).origin,
    auth: `Bearer ${mockFixtures.token}`,
    spaceId: mockFixtures.personal.id,
    request: (method, path, headers = {}, body) =>
      rawRequest(config, method, path, { headers, ...(body === undefined ? {} : { body }) }),
    close: () => server.close(),
  };
}
