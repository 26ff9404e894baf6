/**
 * Which real oCIS / OpenCloud server the real-server suite talks to, and how to reach it from Node.
 *
 * - `OCIS_URL` set: a server of the user's own. `OCIS_PUBLIC_URL` (what the server calls itself, default
 *   `OCIS_URL`), `OCIS_USER` / `OCIS_PASSWORD` (default admin / admin; Basic auth and the IdP's login),
 *   `OCIS_TOKEN_COMMAND` (prints an access token or a token JSON) instead of the IdP login.
 * - else `../shared/opencloud/start.sh` beside the project: started (idempotent) with the cross-origin test origin
 *   allowed by `OC_CORS_ALLOW_ORIGINS`; restarted once when it runs without that origin.
 * - else: nothing; the suite says in one line that it was skipped.
 *
 * The cross-origin page origin is `OCIS_TEST_ORIGIN` (default `http://127.0.0.1:5199`): the browser tests serve
 * their page there through a small proxy of their own (support/gateway.ts), so nothing binds that port.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const DEFAULT_TEST_ORIGIN = 'http://127.0.0.1:5199';
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const sharedOpencloud = join(projectRoot, '..', 'shared', 'opencloud');

export interface RealServerConfig {
  /** Where Node connects (e.g. https://127.0.0.1:9200). */
  baseUrl: string;
  /** What the server calls itself: upload Locations and the browser's `serverUrl` (e.g. https://localhost:9200). */
  publicUrl: string;
  user: string;
  password: string;
  /** A command printing an access token (raw or `{"access_token": …}`), instead of the IdP login. */
  tokenCommand?: string;
  /** The page origin the server allows cross-origin. */
  crossOrigin: string;
  /** Where the server came from: the user's `OCIS_URL`, or `../shared/opencloud`. */
  source: 'env' | 'shared';
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

const insecureAgent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });

/**
 * One raw HTTP(S) request from Node (self-signed certificates accepted). `Host` names the public host, as a
 * browser on the public URL would. Bodies are read whole.
 */
export function rawRequest(
  config: Pick<RealServerConfig, 'baseUrl' | 'publicUrl'>,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer | string; timeoutMs?: number } = {},
): Promise<RawResponse> {
  const url = new URL(path.startsWith('http') ? path : `${config.baseUrl}${path}`);
  // A URL on the public host is sent to the base address (localhost may resolve to ::1, where nothing listens).
  const publicUrl = new URL(config.publicUrl);
  const base = new URL(config.baseUrl);
  if (url.host === publicUrl.host) {
    url.protocol = base.protocol;
    url.host = base.host;
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolvePromise, reject) => {
    const req = client.request(
      url,
      {
        method,
        agent: url.protocol === 'https:' ? insecureAgent : undefined,
        servername: publicUrl.hostname === 'localhost' ? undefined : publicUrl.hostname,
        headers: { Host: publicUrl.host, ...options.headers },
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname} timed out`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

export const basicAuth = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The configuration from the environment, or from `../shared/opencloud` when it is there; else why not. */
export function describeConfig(env = process.env): {
  config?: Omit<RealServerConfig, 'source'> & { source: 'env' };
  shared: boolean;
} {
  const crossOrigin = env.OCIS_TEST_ORIGIN ?? DEFAULT_TEST_ORIGIN;
  if (env.OCIS_URL) {
    const baseUrl = env.OCIS_URL.replace(/\/+$/, '');
    return {
      shared: false,
      config: {
        baseUrl,
        publicUrl: (env.OCIS_PUBLIC_URL ?? baseUrl).replace(/\/+$/, ''),
        user: env.OCIS_USER ?? 'admin',
        password: env.OCIS_PASSWORD ?? 'admin',
        ...(env.OCIS_TOKEN_COMMAND ? { tokenCommand: env.OCIS_TOKEN_COMMAND } : {}),
        crossOrigin,
        source: 'env',
      },
    };
  }
  return { shared: existsSync(join(sharedOpencloud, 'start.sh')) };
}

/** Does the server allow `origin` to POST with the headers the library sends (a preflight)? */
export async function originAllowed(config: Pick<RealServerConfig, 'baseUrl' | 'publicUrl'>, origin: string) {
  const res = await rawRequest(config, 'OPTIONS', '/ocs/v1.php/cloud/capabilities?format=json', {
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'authorization',
    },
  }).catch(() => undefined);
  return res?.headers['access-control-allow-origin'] === origin;
}

function parseStartOutput(stdout: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) values[line.slice(0, at)] = line.slice(at + 1);
  }
  return values;
}

/**
 * Starts `../shared/opencloud` (or reuses the running one) with `crossOrigin` allowed. A running server that does
 * not allow it is restarted once with it: the suite needs that origin, and the server reads CORS at start only.
 */
export async function startSharedServer(crossOrigin: string): Promise<RealServerConfig> {
  const env = { ...process.env, OC_CORS_ALLOW_ORIGINS: crossOrigin };
  const start = async () => parseStartOutput((await run('bash', [join(sharedOpencloud, 'start.sh')], { env })).stdout);
  let values = await start();
  const config = {
    baseUrl: values.OC_BASE ?? 'https://127.0.0.1:9200',
    publicUrl: values.OC_PUBLIC_URL ?? 'https://localhost:9200',
  };
  if (!(await originAllowed(config, crossOrigin))) {
    await run('bash', [join(sharedOpencloud, 'stop.sh')], { env });
    values = await start();
    if (!(await originAllowed(config, crossOrigin)))
      throw new Error(
        `../shared/opencloud does not allow ${crossOrigin} even after a restart with OC_CORS_ALLOW_ORIGINS`,
      );
  }
  return { ...config, user: 'admin', password: 'admin', crossOrigin, source: 'shared' };
}

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
}

/**
 * A real token for `user`: the command's output, or the IdP's login (`../shared/opencloud/token.mjs`, which
 * speaks the OpenCloud/oCIS identifier API).
 */
export async function fetchToken(
  config: RealServerConfig,
  user = config.user,
  password = config.password,
): Promise<TokenSet> {
  if (config.tokenCommand && user === config.user) {
    const { stdout } = await run('sh', ['-c', config.tokenCommand]);
    const text = stdout.trim();
    return text.startsWith('{') ? (JSON.parse(text) as TokenSet) : { access_token: text };
  }
  process.env.OC_BASE = config.baseUrl;
  process.env.OC_PUBLIC_URL = config.publicUrl;
  const tokenModule = join(sharedOpencloud, 'token.mjs');
  if (!existsSync(tokenModule))
    throw new Error('no token command (OCIS_TOKEN_COMMAND) and no ../shared/opencloud/token.mjs');
  const { login } = (await import(pathToFileURL(tokenModule).href)) as {
    login(user: string, password: string): Promise<TokenSet>;
  };
  return login(user, password);
}

/** Renews a token set through the IdP (`token.mjs --refresh`). */
export async function refreshToken(config: RealServerConfig, refresh: string): Promise<TokenSet> {
  process.env.OC_BASE = config.baseUrl;
  process.env.OC_PUBLIC_URL = config.publicUrl;
  const { refresh: renew } = (await import(pathToFileURL(join(sharedOpencloud, 'token.mjs')).href)) as {
    refresh(token: string): Promise<TokenSet>;
  };
  return renew(refresh);
}
