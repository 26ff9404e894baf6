/** `GET /ocs/v{1,2}.php/cloud/capabilities`: what oCIS 7 announces, tus support as configured. */
import type { MockTusSupport } from '../types.js';
import { authorize } from './access.js';
import type { Ctx, MockContext } from './context.js';
import { empty, json } from './responses.js';

export const DEFAULT_TUS_SUPPORT: MockTusSupport = {
  version: '1.0.0',
  resumable: '1.0.0',
  extension: 'creation,creation-with-upload',
  max_chunk_size: 10000000,
  http_method_override: '',
};

export function capabilitiesResponse(m: MockContext, ctx: Ctx): Response {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return empty(405);
  const v2 = ctx.segments[1] === 'v2.php';
  // v1 is anonymous; the proxy lets v2 through only with credentials.
  if (v2) authorize(m, ctx);
  const tus = m.capabilities.tus === false ? undefined : { ...DEFAULT_TUS_SUPPORT, ...m.capabilities.tus };
  const files: Record<string, unknown> = {
    bigfilechunking: false,
    privateLinks: true,
    undelete: true,
    versioning: true,
    favorites: true,
    full_text_search: false,
    blacklisted_files: ['.htaccess'],
    ...(tus ? { tus_support: tus } : {}),
  };
  return json(200, {
    ocs: {
      meta: { status: 'ok', statuscode: v2 ? 200 : 100, message: 'OK' },
      data: {
        version: { major: 7, minor: 1, micro: 0, string: '7.1.0', edition: 'Community', product: 'Infinite Scale' },
        capabilities: {
          core: {
            pollinterval: 60,
            'webdav-root': 'remote.php/webdav',
            status: { installed: true, version: '10.0.11.5', productversion: '7.1.0', product: 'Infinite Scale' },
          },
          files,
          dav: { chunking: '', reports: ['search-files'] },
          spaces: { version: '1.0.0', enabled: true, projects: true, share_jail: true, max_quota: 0 },
          checksums: {
            supportedTypes: m.capabilities.checksumTypes ?? ['sha1', 'md5', 'adler32'],
            preferredUploadType: 'sha1',
          },
        },
      },
    },
  });
}
