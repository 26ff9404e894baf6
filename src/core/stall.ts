/**
 * Stall detection for tus-js-client: a request that moves no bytes for a while is aborted, as a network failure.
 * Neither tus-js-client nor Uppy watches a request once it is sent: a connection that goes silent (a proxy, a
 * sleeping NAT, a half-dead Wi-Fi) holds the upload for as long as the OS keeps the socket, minutes or more.
 *
 * tus-js-client turns a rejected `send()` into a `DetailedError` with `originalRequest` set and no response
 * (status 0), which its retry rule (and `retryDecision`) retries: the next attempt asks the server for its offset
 * (HEAD) and sends only what the server lacks.
 */
import type { TusHttpRequest, TusHttpResponse, TusHttpStack } from './checksum.js';

export interface StallInfo {
  method: string;
  url: string;
  /** Whether the request carried bytes (a PATCH, a creation with upload). */
  withBody: boolean;
  /** Bytes of its body the stack reported sent before it went silent. */
  bytesSent: number;
  /** How long nothing moved (the limit that applied). */
  idleMs: number;
  /** The request as tus-js-client sees it (its headers: `X-Request-ID`, `Upload-Metadata`, …). */
  request: TusHttpRequest;
}

export interface StallOptions {
  /**
   * A request with a body is aborted when its upload progress stands still this long (and no answer came); also
   * after its last byte, while it waits for the answer. Default 30 s; `0` or `Infinity` never.
   */
  stallMs?: number;
  /** A request without a body (HEAD, a creation, DELETE) is aborted when no answer came this long. Default 15 s. */
  bodilessStallMs?: number;
  /** Called once per aborted request, before `send()` rejects (for the file's log). */
  onStall?: (stall: StallInfo) => void;
}

export const DEFAULT_STALL_MS = 30_000;
export const DEFAULT_BODILESS_STALL_MS = 15_000;

/** What a stalled request's `send()` rejects with (tus-js-client keeps it as `causingError`). */
export class StallError extends Error {
  override readonly name = 'StallError';
  constructor(readonly stall: StallInfo) {
    super(`${stall.method} moved no bytes for ${stall.idleMs} ms after ${stall.bytesSent} bytes: aborted as stalled`);
  }
}

/** True for a `StallError`, or a tus-js-client `DetailedError` caused by one. */
export function isStall(error: unknown): boolean {
  const cause = (error as { causingError?: unknown } | undefined)?.causingError;
  return error instanceof StallError || cause instanceof StallError;
}

function hasBody(body: unknown): boolean {
  if (body == null) return false;
  if (body instanceof Blob) return body.size > 0;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength > 0;
  // A stream (tus-js-client's Node build reading a file): its length is unknown here, so it counts as a body.
  return true;
}

const enabled = (ms: number) => ms > 0 && Number.isFinite(ms);

/**
 * Wraps a tus-js-client HttpStack (e.g. `new DefaultHttpStack({})`) so that each request that moves nothing for the
 * given time is aborted and its `send()` rejects with a `StallError`. Put it right around the stack that does the
 * I/O: wrappers that work before sending (the checksum stack hashes a chunk first) must not count as silence.
 */
export function createStallDetectingHttpStack(inner: TusHttpStack, options: StallOptions = {}): TusHttpStack {
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  const bodilessStallMs = options.bodilessStallMs ?? DEFAULT_BODILESS_STALL_MS;
  return {
    getName: () => `StallDetectingHttpStack(${inner.getName()})`,
    createRequest(method, url) {
      const request = inner.createRequest(method, url);
      let onProgress: ((bytesSent: number) => void) | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      // An XHR fires one last upload progress event inside its own abort(); passed on, it reached @uppy/tus after a
      // cancel had removed the file (`getFile()` undefined: an uncaught TypeError in the page). Nothing after it.
      let aborted = false;
      const stop = () => {
        clearTimeout(timer);
        timer = undefined;
      };
      const wrapped: TusHttpRequest = {
        getMethod: () => request.getMethod(),
        getURL: () => request.getURL(),
        setHeader: (header, value) => request.setHeader(header, value),
        getHeader: (header) => request.getHeader(header),
        setProgressHandler(handler) {
          onProgress = handler;
        },
        send(body) {
          const withBody = hasBody(body);
          const limit = withBody ? stallMs : bodilessStallMs;
          let bytesSent = 0;
          // For a body, progress is what proves movement. A request without one gets no handler from us: an upload
          // listener on an XHR alone makes a cross-origin request need a preflight.
          if (withBody)
            request.setProgressHandler((bytes) => {
              if (aborted) return;
              if (bytes > bytesSent) {
                bytesSent = bytes;
                if (timer !== undefined) arm();
              }
              onProgress?.(bytes);
            });
          else if (onProgress) {
            const handler = onProgress;
            request.setProgressHandler((bytes) => {
              if (!aborted) handler(bytes);
            });
          }
          let rejectStalled: (error: StallError) => void = () => {};
          const stalled = new Promise<never>((_, reject) => {
            rejectStalled = reject;
          });
          const arm = () => {
            clearTimeout(timer);
            timer = setTimeout(() => {
              timer = undefined;
              const stall: StallInfo = {
                method: request.getMethod(),
                url,
                withBody,
                bytesSent,
                idleMs: limit,
                request,
              };
              options.onStall?.(stall);
              // The inner request may reject (Node) or never settle (an aborted XHR): either way it is done with.
              aborted = true;
              void request.abort().catch(() => {});
              rejectStalled(new StallError(stall));
            }, limit);
          };
          if (enabled(limit)) arm();
          const answered = request.send(body).finally(stop);
          // Whichever comes first; the loser's outcome is dropped (the answer of a request already given up on).
          answered.catch(() => {});
          return Promise.race([answered, stalled]) as Promise<TusHttpResponse>;
        },
        abort() {
          stop();
          aborted = true;
          return request.abort();
        },
        getUnderlyingObject: () => request.getUnderlyingObject(),
      };
      return wrapped;
    },
  };
}
