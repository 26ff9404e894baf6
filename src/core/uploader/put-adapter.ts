/** The plain WebDAV PUT fallback (servers without tus): @uppy/xhr-upload with our headers and retry rule. */
import XHRUpload from '@uppy/xhr-upload';
import { readHeader } from '../readable-headers.js';
import { type PutTransfer, retryDecision } from '../transfer.js';
import type { Internals } from './internals.js';
import type { SpaceUploadBody, SpaceUploadMeta, SpaceUppyFile } from './types.js';

export function installPut(s: Internals, t: PutTransfer): void {
  const { http } = s;
  s.uppy.use(XHRUpload<SpaceUploadMeta, SpaceUploadBody>, {
    id: 'SpaceUploaderPut',
    endpoint: (file) => {
      const entry = s.byUppyId.get((file as SpaceUppyFile).id);
      if (!entry) throw new Error('no plan for this file');
      return entry.fileUrl;
    },
    method: 'PUT',
    formData: false,
    limit: t.limit,
    // xhr-upload aborts a request whose upload progress stands still this long (then retries it).
    timeout: t.stallMs,
    headers: (file): Record<string, string> => {
      // Both are outside oCIS's default CORS list: across origins only where the integrator allowed them.
      const headers: Record<string, string> =
        file.meta.mtime && http.optIn('X-OC-Mtime') ? { 'X-OC-Mtime': String(file.meta.mtime) } : {};
      // oCIS checks a PUT's body against OC-Checksum.
      const sha1 = s.byUppyId.get((file as SpaceUppyFile).id)?.sha1;
      if (sha1 && http.optIn('OC-Checksum')) headers['OC-Checksum'] = `SHA1:${sha1}`;
      return headers;
    },
    async onBeforeRequest(xhr) {
      // Never throws: a throw here leaves xhr-upload's request unsettled and the file "uploading" for ever. Without
      // a token (the app's function failed) the request goes without one, is not retried, and the file waits for
      // sign-in (uppy-events reads `tokenFailure`).
      for (const [name, value] of Object.entries(await http.headersOrNoneFor(xhr))) xhr.setRequestHeader(name, value);
    },
    async onAfterResponse(xhr) {
      // The token this request carried: several PUTs refused at once share one refresh of it.
      if (xhr.status === 401) await http.refreshAfter401(http.tokenSentWith(xhr));
    },
    // Also the only hook a PUT that got no answer reaches (xhr-upload calls onAfterResponse on a load only).
    shouldRetry: (xhr) => {
      if (http.tokenFailure(xhr)) return false;
      if (xhr.status === 0 && http.crossOrigin) {
        // No answer may be a refused token across origins, as for tus: refreshed once (the retry's headers wait
        // for it); after that the server is asked (the retry waits for the verdict), and a refused token is not
        // sent again: the file waits for sign-in (uppy-events).
        const sent = http.tokenSentWith(xhr);
        if (http.refusal(sent)) return false;
        const refreshing = http.refreshAfterSilence(sent);
        if (refreshing) refreshing.catch(() => undefined);
        else void http.explainSilence(sent);
      }
      const decision = retryDecision(xhr.status);
      return decision === 'retry' || (decision === 'refresh-token-and-retry' && http.tokens.refreshable);
    },
    getResponseData: (xhr) => ({
      fileId: readHeader(xhr, 'Oc-Fileid'),
      etag: readHeader(xhr, 'Oc-Etag') ?? readHeader(xhr, 'Etag'),
    }),
  });
}
