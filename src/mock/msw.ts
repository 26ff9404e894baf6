import { HttpResponse, http, type RequestHandler } from 'msw';
import { isDropResponse } from './drop.js';
import type { MockOcis } from './types.js';

/** Anything that answers requests: a mock, or a router of isolated mocks (`createMockOcisRouter`). */
export type MockOcisHandler = Pick<MockOcis, 'handle'>;

const OCIS_PATHS = '(?:ocs|remote\\.php|data|graph|__mock)/';

export interface MockOcisHandlersOptions {
  /** Only requests to this origin are answered, e.g. `http://ocis.test`. Default: any origin. */
  origin?: string;
  /** The mock's `basePath`, if it has one. */
  basePath?: string;
}

/**
 * msw request handlers that answer with the mock, for the static Storybook build and for users' own tests
 * in happy-dom or a browser. Requests to other paths are left alone. A dropped-connection fault becomes a
 * network error, as a real cut connection would.
 */
export function mockOcisHandlers(mock: MockOcisHandler, options: MockOcisHandlersOptions = {}): RequestHandler[] {
  const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const origin = options.origin ? escapeRegExp(options.origin.replace(/\/+$/, '')) : 'https?://[^/]+';
  const base = escapeRegExp((options.basePath ?? '').replace(/\/+$/, ''));
  const pattern = new RegExp(`^${origin}${base}(?:/__mock-instances/[^/]+)?/${OCIS_PATHS}`);
  return [
    http.all(pattern, async ({ request }) => {
      const response = await mock.handle(request);
      return isDropResponse(response) ? HttpResponse.error() : response;
    }),
  ];
}
