/**
 * The browser's proxy (every test context uses it): it serves the cross-origin page and carries the TLS tunnels to
 * the real server, which it can cut on demand.
 *
 * Why not Playwright's `route()` for the cross-origin page: while any route is set, Playwright answers every CORS
 * preflight itself with "everything allowed" (crNetworkManager), which would hide exactly the cross-origin defects
 * this suite is for. So the cross-origin page has no route at all: its requests to `http://127.0.0.1:5199` reach
 * this proxy as plain proxy requests and are forwarded to the Vite dev server (nothing binds 5199), and its
 * requests to the server go through a CONNECT tunnel, untouched (the preflights are the server's own).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';

export interface Gateway {
  /** `http://127.0.0.1:{port}`: Playwright's `proxy.server`. */
  readonly url: string;
  /**
   * Cuts the first tunnel to the server through which `afterBytes` more bytes go from the browser (TLS: the bytes
   * of whatever is in flight, e.g. a PATCH body). Resolves when it was cut, with all the bytes that tunnel carried
   * from the browser since it opened: arming can come late (a page event reaches the test after the request began),
   * so what the cut can have lost is bounded by this, not by `afterBytes`.
   */
  cutAfter(afterBytes: number): Promise<{ carried: number }>;
  /** Tunnels cut so far. */
  readonly cuts: number;
  /** Bytes the browser sent through the tunnels so far (TLS records: a little more than the requests). */
  readonly bytesUp: number;
  /**
   * Plain HTTP to `origin` (a server of the test's own on 127.0.0.1: the mock, a fault proxy) is passed on as it
   * comes, streamed both ways. Until then the proxy serves only the page origin.
   */
  forward(origin: string): void;
  close(): Promise<void>;
}

interface GatewayOptions {
  /** The page origin served from `pageServer` (e.g. `http://127.0.0.1:5199`). */
  pageOrigin: string;
  /** Where the page really comes from (the Vite dev server, `http://127.0.0.1:{port}`). */
  pageServer: string;
  /** `host:port` the browser asks for (e.g. `localhost:9200`) → where to connect (e.g. `127.0.0.1:9200`). */
  tunnels: Record<string, { host: string; port: number }>;
}

interface Armed {
  afterBytes: number;
  /** Bytes each tunnel carried since arming. */
  counts: Map<net.Socket, number>;
  done: (cut: { carried: number }) => void;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const pageOrigin = new URL(options.pageOrigin);
  const pageServer = new URL(options.pageServer);
  const sockets = new Set<net.Socket>();
  let armed: Armed | undefined;
  let cuts = 0;
  let bytesUp = 0;

  // Plain proxy requests by host: the page origin goes to the page server, forwarded origins to themselves.
  const plain = new Map<string, URL>([[pageOrigin.host, pageServer]]);

  const server = http.createServer((req, res) => {
    // A proxy request names the whole URL.
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'invalid'}`);
    const to = plain.get(url.host);
    if (!to) {
      res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`the test proxy serves no ${url.host}`);
      return;
    }
    const upstream = http.request(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: `${url.pathname}${url.search}`,
        headers: { ...req.headers, host: to === pageServer ? pageServer.host : url.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    // The browser gave up on the request (an abort): the next hop sees its connection go, as on a real path.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });

  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = options.tunnels[req.url ?? ''];
    if (!target) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = net.connect(target.port, target.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      let carried = head.length;
      client.on('data', (chunk: Buffer) => {
        bytesUp += chunk.length;
        carried += chunk.length;
        // The first tunnel to carry `afterBytes` since arming is the one cut.
        if (armed) {
          const counted = (armed.counts.get(client) ?? 0) + chunk.length;
          armed.counts.set(client, counted);
          if (counted >= armed.afterBytes) {
            const { done } = armed;
            armed = undefined;
            cuts += 1;
            client.destroy();
            upstream.destroy();
            done({ carried });
            return;
          }
        }
        upstream.write(chunk);
      });
      upstream.pipe(client);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get cuts() {
      return cuts;
    },
    get bytesUp() {
      return bytesUp;
    },
    forward(origin) {
      const url = new URL(origin);
      plain.set(url.host, url);
    },
    cutAfter(afterBytes) {
      return new Promise((resolve) => {
        armed = { afterBytes, counts: new Map(), done: resolve };
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
