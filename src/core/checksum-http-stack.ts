/**
 * `Upload-Checksum: sha1 <base64>` on every tus request that carries file bytes, added by wrapping tus-js-client's
 * HttpStack. Public as `createChecksumHttpStack` (checksum.ts), which hands in the whole-file hasher for big bodies.
 */
import { abortError, sha1Digest } from './sha1-thread.js';

/** The subset of tus-js-client's `HttpResponse` the wrapper passes through (structurally the same type). */
export interface TusHttpResponse {
  getStatus(): number;
  getHeader(header: string): string | undefined;
  getBody(): string;
  getUnderlyingObject(): unknown;
}

/** tus-js-client's `HttpRequest`, declared here so that the core's types need no tus-js-client to resolve. */
export interface TusHttpRequest {
  getMethod(): string;
  getURL(): string;
  setHeader(header: string, value: string): void;
  getHeader(header: string): string | undefined;
  setProgressHandler(handler: (bytesSent: number) => void): void;
  send(body?: unknown): Promise<TusHttpResponse>;
  abort(): Promise<void>;
  getUnderlyingObject(): unknown;
}

/** tus-js-client's `HttpStack` (the `httpStack` option of tus-js-client and of `@uppy/tus`). */
export interface TusHttpStack {
  createRequest(method: string, url: string): TusHttpRequest;
  getName(): string;
}

export interface ChecksumHttpStackOptions {
  /** Asked before each data request; `false` sends it without `Upload-Checksum`. Default: always on. */
  enabled?: () => boolean;
}

/** Bodies up to this size are read whole and digested by WebCrypto; bigger ones are streamed. */
const IN_MEMORY_LIMIT = 16 * 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

/** The tus checksum extension's header value for one request body: `sha1 <base64 of the 20-byte digest>`. */
export async function checksumHeader(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  return `sha1 ${toBase64(await sha1Digest(bytes))}`;
}

/** PATCH, POST + `X-HTTP-Method-Override: PATCH`, or a creation-with-upload POST: a request that carries file bytes. */
function carriesData(method: string, headers: ReadonlyMap<string, string>): boolean {
  const m = method.toUpperCase();
  if (m === 'PATCH') return true;
  if (m !== 'POST') return false;
  if (headers.get('x-http-method-override')?.trim().toUpperCase() === 'PATCH') return true;
  return headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() === 'application/offset+octet-stream';
}

/** Whole-file SHA-1 (lower-case hex) of a Blob too big to read at once: `sha1OfBlob`. */
export type BlobHasher = (blob: Blob, signal: AbortSignal) => Promise<string>;

/** `Upload-Checksum` for a body tus-js-client sends: a Blob slice (browsers) or bytes (Node's Buffer); else none. */
async function bodyChecksum(body: unknown, signal: AbortSignal, hashBlob: BlobHasher): Promise<string | undefined> {
  if (body instanceof Blob) {
    if (body.size <= IN_MEMORY_LIMIT) return checksumHeader(await body.arrayBuffer());
    // A chunk this big (e.g. `chunkSize: Infinity`, one request per file) is streamed, never read whole.
    return `sha1 ${toBase64(hexToBytes(await hashBlob(body, signal)))}`;
  }
  if (body instanceof ArrayBuffer) return checksumHeader(body);
  if (ArrayBuffer.isView(body)) return checksumHeader(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  // Streams (tus-js-client's Node build for fs streams) cannot be read twice: sent without a checksum.
  return undefined;
}

/** `createChecksumHttpStack` (checksum.ts) with the hasher for bodies over `IN_MEMORY_LIMIT` given. */
export function checksummingHttpStack(
  inner: TusHttpStack,
  options: ChecksumHttpStackOptions,
  hashBlob: BlobHasher,
): TusHttpStack {
  return {
    getName: () => `ChecksumHttpStack(${inner.getName()})`,
    createRequest(method, url) {
      const request = inner.createRequest(method, url);
      // Kept here (names lower-case) rather than asked of `request.getHeader`, whose case handling varies by stack.
      const headers = new Map<string, string>();
      const controller = new AbortController();
      return {
        getMethod: () => request.getMethod(),
        getURL: () => request.getURL(),
        setHeader(header, value) {
          headers.set(header.toLowerCase(), value);
          request.setHeader(header, value);
        },
        getHeader: (header) => request.getHeader(header),
        setProgressHandler: (handler) => request.setProgressHandler(handler),
        async send(body) {
          const wanted =
            body != null &&
            !headers.has('upload-checksum') &&
            carriesData(request.getMethod(), headers) &&
            (options.enabled?.() ?? true);
          if (wanted) {
            const checksum = await bodyChecksum(body, controller.signal, hashBlob);
            // Aborted while hashing: the inner request was never sent, and must not be now.
            if (controller.signal.aborted) throw abortError();
            if (checksum !== undefined) {
              headers.set('upload-checksum', checksum);
              request.setHeader('Upload-Checksum', checksum);
            }
          }
          return request.send(body);
        },
        abort() {
          controller.abort();
          return request.abort();
        },
        getUnderlyingObject: () => request.getUnderlyingObject(),
      };
    },
  };
}
