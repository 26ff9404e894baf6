/**
 * A `fetch` for the core's functions from Node against the real server: Node's own fetch refuses its self-signed
 * certificate, so requests go through `rawRequest` (public-host URLs to the base address, `Host` the public one).
 */
import { type RealServerConfig, rawRequest } from './server.ts';

export function serverFetch(config: Pick<RealServerConfig, 'baseUrl' | 'publicUrl'>): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    request.signal.throwIfAborted();
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const answer = await rawRequest(config, request.method, request.url, {
      headers: Object.fromEntries(request.headers.entries()),
      ...(body ? { body } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers))
      for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
    const empty = answer.status === 204 || answer.status === 304 || request.method === 'HEAD';
    return new Response(empty ? null : new Uint8Array(answer.body), { status: answer.status, headers });
  };
}
