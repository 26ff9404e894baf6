/** The protocol suite through msw (`mockOcisHandlers` on `http://ocis.test`), with an in-memory store. */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockOcis, type MockOcis } from '../../../src/mock/index.js';
import { mockOcisHandlers } from '../../../src/mock/msw.js';
import { defineProtocolSuite } from './suite.js';

const ORIGIN = 'http://ocis.test';
const CAPABILITIES = '/ocs/v1.php/cloud/capabilities?format=json';

defineProtocolSuite('mock oCIS through msw (mockOcisHandlers)', async (options) => {
  const mock = createMockOcis(options);
  const server = setupServer(...mockOcisHandlers(mock, { origin: ORIGIN }));
  server.listen({ onUnhandledRequest: 'error' });
  return {
    baseUrl: ORIGIN,
    fetch: globalThis.fetch,
    mock,
    close: async () => {
      server.close();
      await mock.close();
    },
  };
});

describe('mock oCIS through msw: only the given origin', () => {
  let mock: MockOcis;
  let server: ReturnType<typeof setupServer>;

  beforeAll(() => {
    mock = createMockOcis();
    server = setupServer(...mockOcisHandlers(mock, { origin: ORIGIN }));
    // 'bypass' so that a request msw leaves alone really goes to the network (and fails there).
    server.listen({ onUnhandledRequest: 'bypass' });
  });
  afterAll(async () => {
    server.close();
    await mock.close();
  });

  it('answers the given origin', async () => {
    expect((await fetch(`${ORIGIN}${CAPABILITIES}`)).status).toBe(200);
  });

  it('leaves another origin alone', async () => {
    const before = mock.state().requests.length;
    await expect(fetch(`http://other-origin.invalid${CAPABILITIES}`)).rejects.toThrow();
    expect(mock.state().requests).toHaveLength(before);
  });
});
