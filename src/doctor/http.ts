/** One raw HTTP(S) request from Node, as the doctor needs it: every header visible, bodies read whole. */
import http from 'node:http';
import https from 'node:https';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export type HttpClient = (
  method: string,
  url: string,
  headers?: Record<string, string>,
  body?: string | Buffer,
) => Promise<HttpResponse>;

/** A client; `insecure` accepts self-signed certificates (`--insecure`). */
export function httpClient(options: { insecure?: boolean; timeoutMs?: number } = {}): HttpClient {
  return (method, url, headers = {}, body) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(
        target,
        {
          method,
          headers: { ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...headers },
          // No pooling: a kept-alive socket would hold the CLI open after its last request.
          agent: false,
          timeout: options.timeoutMs ?? 20_000,
          ...(target.protocol === 'https:' ? { rejectUnauthorized: !options.insecure } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${target.pathname} timed out`)));
      req.on('error', reject);
      req.end(body);
    });
  };
}

/** A header as one string (Node joins repeated headers with ", "; set-cookie aside). */
export function header(res: HttpResponse, name: string): string | undefined {
  const value = res.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A comma-separated header as lower-case names. */
export const headerList = (res: HttpResponse, name: string): string[] =>
  (header(res, name) ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

/** Why a request failed, in words (certificate problems get the `--insecure` hint). */
export function describeError(error: unknown): string {
  const err = error as { code?: string; message?: string };
  const code = err.code ?? '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code))
    return `TLS certificate not trusted (${code}); pass --insecure for a self-signed test server`;
  return err.message || String(error);
}
