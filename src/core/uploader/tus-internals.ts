/**
 * What we rely on of @uppy/tus's internals (the fingerprint key it stores uploads under, and its per-file uploaders'
 * `abort`), apart from `tus-adapter.ts` so that the transport can use them without loading @uppy/tus and
 * tus-js-client up front. An Uppy update that changes either fails `test/unit/tus-adapter-contract.test.ts`.
 */
import type Uppy from '@uppy/core';
import type { SpaceUploadBody, SpaceUploadMeta } from './types.js';

export const TUS_PLUGIN_ID = 'SpaceUploaderTus';

/** The key @uppy/tus stores an upload under (`tus-{uppy file id}-{endpoint}`); our resume records use it too. */
export const tusFingerprint = (uppyFileId: string, endpoint: string): string => `tus-${uppyFileId}-${endpoint}`;

/**
 * The upload URL @uppy/tus keeps in a file's state (`file.tus.uploadUrl`, set when tus-js-client gets a Location);
 * a new one for the same file is a restart. `undefined` before creation (or with PUT).
 */
export function tusUploadUrlOf(uppy: Uppy<SpaceUploadMeta, SpaceUploadBody>, uppyId: string): string | undefined {
  return (uppy.getFile(uppyId)?.tus as { uploadUrl?: string } | undefined)?.uploadUrl;
}

interface TusPluginInternals {
  uploaders?: Record<string, { abort(terminate?: boolean): Promise<void> } | null>;
}

/**
 * @uppy/tus leaves the promise of a termination (tus DELETE) unhandled: a DELETE refused because the upload is
 * already gone (404) or its URL expired (403) would surface as an unhandled rejection. Nothing is lost then, so
 * `quiet()` catches it. `undefined` when the file has no tus upload (not started, or PUT).
 */
export function terminationOf(uppy: Uppy<SpaceUploadMeta, SpaceUploadBody>, uppyId: string) {
  const plugin = uppy.getPlugin(TUS_PLUGIN_ID) as unknown as TusPluginInternals | undefined;
  const upload = plugin?.uploaders?.[uppyId];
  if (!upload) return undefined;
  return {
    quiet() {
      const abort = upload.abort.bind(upload);
      upload.abort = (terminate) => abort(terminate).catch(() => undefined);
    },
  };
}
