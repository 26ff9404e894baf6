/**
 * A reverse proxy for fault tests: clients talk plain HTTP to `proxy.url` as if it were the server (the mock or a
 * real oCIS over HTTPS), and the proxy can spoil one request body on the way:
 *
 * - `silence`: after `afterBytes` bytes of the body it forwards nothing more and stops reading from the client,
 *   closing neither socket (what a dead network path looks like: the client's send buffer fills, no answer comes).
 *   The upstream request is held open until the proxy closes (the server never learns either), or, with
 *   `upstream: 'reset'`, torn down at once (only the client's side is silent).
 * - `flip`: the body byte at `atByte` is inverted; everything else passes unchanged (corruption after the client's
 *   checksum was taken).
 *
 * It counts requests by effective method (`X-HTTP-Method-Override` counts as the method it names) and logs each.
 * `Location` headers naming the upstream's public origin are rewritten to the proxy, so a tus client keeps coming
 * back through it. The server and its sockets are unref'd: a proxy a test forgot cannot keep the run alive.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxyFault {
  type: 'silence' | 'flip';
  /** `silence`: bytes forwarded before it goes silent. */
  afterBytes?: number;
  /** `silence`: keep the upstream request open (default), or reset it when the client's side goes silent. */
  upstream?: 'hold' | 'reset';
  /** `flip`: the body offset of the byte inverted. */
  atByte?: number;
  /** Effective method it applies to (default `PATCH`). */
  method?: string;
  /** The nth matching request with a body, 1-based, counted from when the fault was set (default 1). */
  nth?: number;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  /** Its `Upload-Offset` header, when it had one. */
  offset?: number;
  status?: number;
  /** Body bytes read from the client, and how many of them went upstream. */
  bytesIn: number;
  bytesForwarded: number;
  fault?: ProxyFault['type'];
}

export interface FaultProxy {
  /** `http://127.0.0.1:{port}`: use it as the server URL. */
  readonly url: string;
  /** Requests seen, by effective method (upper case). */
  readonly counts: Readonly<Record<string, number>>;
  readonly requests: readonly ProxiedRequest[];
  /** Arms a fault (replacing any armed one); resolves when it has been applied. */
  arm(fault: ProxyFault): Promise<ProxiedRequest>;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  /** Where requests go, e.g. `http://127.0.0.1:4100` (the mock) or `https://127.0.0.1:9200` (certificates unchecked). */
  target: string;
  /** What the upstream calls itself (its `Host` and the origin of its `Location`s); default `target`. */
  publicUrl?: string;
}

interface Armed {
  fault: ProxyFault;
  seen: number;
  applied: (request: ProxiedRequest) => void;
}

const effectiveMethod = (req: http.IncomingMessage) =>
  (String(req.headers['x-http-method-override'] ?? '') || (req.method ?? 'GET')).toUpperCase();

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const publicUrl = new URL(options.publicUrl ?? options.target);
  const client = target.protocol === 'https:' ? https : http;
  const agent =
    target.protocol === 'https:'
      ? new https.Agent({ rejectUnauthorized: false, keepAlive: false })
      : new http.Agent({ keepAlive: false });
  const counts: Record<string, number> = {};
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const held = new Set<http.ClientRequest>();
  let armed: Armed | undefined;
  let proxyUrl = '';

  const takeFault = (method: string, hasBody: boolean): Armed | undefined => {
    if (!armed || !hasBody || method !== (armed.fault.method ?? 'PATCH').toUpperCase()) return undefined;
    armed.seen += 1;
    if (armed.seen < (armed.fault.nth ?? 1)) return undefined;
    const taken = armed;
    armed = undefined;
    return taken;
  };

  const server = http.createServer((req, res) => {
    const method = effectiveMethod(req);
    counts[method] = (counts[method] ?? 0) + 1;
    const log: ProxiedRequest = { method, path: req.url ?? '/', bytesIn: 0, bytesForwarded: 0 };
    if (req.headers['upload-offset'] !== undefined) log.offset = Number(req.headers['upload-offset']);
    requests.push(log);
    const length = Number(req.headers['content-length'] ?? 0);
    const fault = takeFault(method, length > 0 || req.headers['transfer-encoding'] !== undefined);
    if (fault) log.fault = fault.fault.type;

    let silenced = false;
    const upstream = client.request({
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      agent,
      headers: { ...req.headers, host: publicUrl.host },
    });
    upstream.on('response', (answer) => {
      log.status = answer.statusCode;
      const headers = { ...answer.headers };
      const location = headers.location;
      if (location?.startsWith(publicUrl.origin)) headers.location = proxyUrl + location.slice(publicUrl.origin.length);
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    // A silenced request stays silent towards the client, whatever happens upstream.
    upstream.on('error', () => {
      if (!silenced) res.destroy();
    });
    // The client gave up before an answer (e.g. a stall detector aborted): the server sees the request break off.
    // (A silenced request is not read any more, so its client's leaving goes unnoticed, as on a dead path.)
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    held.add(upstream);
    upstream.on('close', () => held.delete(upstream));

    req.on('data', (chunk: Buffer) => {
      if (silenced) return;
      const start = log.bytesIn;
      log.bytesIn += chunk.length;
      let part = chunk;
      if (fault?.fault.type === 'flip') {
        const at = (fault.fault.atByte ?? 0) - start;
        if (at >= 0 && at < chunk.length) {
          part = Buffer.from(chunk);
          part[at] = (part[at] ?? 0) ^ 0xff;
          fault.applied(log);
        }
      } else if (fault?.fault.type === 'silence' && log.bytesIn >= (fault.fault.afterBytes ?? 0)) {
        part = chunk.subarray(0, (fault.fault.afterBytes ?? 0) - start);
        silenced = true;
        // No more reading: the client's writes back up, as on a path that went dead.
        req.pause();
        fault.applied(log);
      }
      log.bytesForwarded += part.length;
      // Reset once what it was given has gone out: the server sees exactly `afterBytes` and then a broken request.
      if (silenced && fault?.fault.upstream === 'reset') upstream.write(part, () => upstream.destroy());
      else if (part.length > 0 && !upstream.write(part) && !silenced) {
        req.pause();
        upstream.once('drain', () => {
          if (!silenced) req.resume();
        });
      }
    });
    req.on('end', () => {
      if (!silenced) upstream.end();
    });
  });
  server.on('connection', (socket) => {
    socket.unref();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: proxyUrl,
    counts,
    requests,
    arm(fault) {
      return new Promise((resolve) => {
        armed = { fault, seen: 0, applied: resolve };
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      for (const request of held) request.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
