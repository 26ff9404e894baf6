/** `space-uploader doctor …` arguments → options, or a usage error (exit code 2). */
import { parseArgs } from 'node:util';
import { OPT_IN_REQUEST_HEADERS } from '../core/wire.js';

export type DoctorAuth =
  | { kind: 'token'; token: string }
  | { kind: 'command'; command: string }
  | { kind: 'basic'; user: string; password: string };

export interface DoctorOptions {
  /** The server URL the app gives the library (`serverUrl`). */
  server: string;
  /** The page origin the app runs on. */
  origin: string;
  auth?: DoctorAuth;
  /** The space for the scratch upload; default the user's personal space. */
  spaceId?: string;
  /** Accept self-signed certificates. */
  insecure: boolean;
  json: boolean;
  /** Show details of passing checks too. */
  verbose: boolean;
  /** What the app will pass as `corsAllowedHeaders` (opt-in headers it wants sent across origins). */
  corsAllowedHeaders: string[];
}

export type ParsedArgs =
  | { kind: 'run'; options: DoctorOptions }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

export const USAGE = `Usage: space-uploader doctor <server-url> --origin <page-origin> [options]

Checks an oCIS / OpenCloud deployment the way space-uploader will use it from a page on <page-origin>:
capabilities, CORS per route, and (with credentials) a tiny upload into a scratch folder that is removed again.

Options:
  --origin <origin>              the page's origin, e.g. https://app.example.com (required)
  --token <token>                an access token (Bearer)
  --token-command <command>      a shell command printing an access token or a token JSON ({"access_token": …})
  --user <user> --password <pw>  Basic auth (the server must allow it: PROXY_ENABLE_BASIC_AUTH)
  --space <id>                   the space for the scratch upload (default: your personal space)
  --initiator-id                 you will send Initiator-ID (corsAllowedHeaders: ['Initiator-ID'])
  --cors-allowed-headers <list>  what you will pass as corsAllowedHeaders (comma-separated: ${Object.keys(OPT_IN_REQUEST_HEADERS).join(', ')})
  --insecure                     accept a self-signed TLS certificate
  --json                         print a machine-readable report
  --verbose                      details of passing checks too
  -h, --help                     this text

Exit code: 0 when everything the library needs works, 1 otherwise, 2 on bad usage.
`;

const bareOrigin = (value: string): string | undefined => {
  try {
    const url = new URL(value);
    const origin = url.origin;
    return (url.protocol === 'http:' || url.protocol === 'https:') && value.replace(/\/$/, '') === origin
      ? origin
      : undefined;
  } catch {
    return undefined;
  }
};

function serverUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) return undefined;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/** `argv` without node and the script (`process.argv.slice(2)`). */
export function parseDoctorArgs(argv: readonly string[]): ParsedArgs {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        origin: { type: 'string' },
        token: { type: 'string' },
        'token-command': { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        space: { type: 'string' },
        'initiator-id': { type: 'boolean', default: false },
        'cors-allowed-headers': { type: 'string' },
        insecure: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  try {
    parsed = parse();
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [command, target, ...rest] = positionals;
  if (command !== 'doctor') return { kind: 'error', message: command ? `unknown command "${command}"` : 'no command' };
  if (!target) return { kind: 'error', message: 'no server URL' };
  if (rest.length) return { kind: 'error', message: `unexpected argument "${rest[0]}"` };
  const server = serverUrl(target);
  if (!server) return { kind: 'error', message: `"${target}" is not an http(s) URL without query or fragment` };
  if (!values.origin) return { kind: 'error', message: '--origin is required (the origin your page runs on)' };
  const origin = bareOrigin(values.origin);
  if (!origin)
    return { kind: 'error', message: `--origin "${values.origin}" is not an origin (scheme://host[:port], no path)` };

  const given = [values.token !== undefined, values['token-command'] !== undefined, values.user !== undefined];
  if (given.filter(Boolean).length > 1)
    return { kind: 'error', message: 'give one of --token, --token-command, --user/--password' };
  if ((values.user === undefined) !== (values.password === undefined))
    return { kind: 'error', message: '--user and --password go together' };
  let auth: DoctorAuth | undefined;
  if (values.token !== undefined) auth = { kind: 'token', token: values.token };
  else if (values['token-command'] !== undefined) auth = { kind: 'command', command: values['token-command'] };
  else if (values.user !== undefined && values.password !== undefined)
    auth = { kind: 'basic', user: values.user, password: values.password };

  const known = Object.keys(OPT_IN_REQUEST_HEADERS);
  const corsAllowedHeaders: string[] = values['initiator-id'] ? ['Initiator-ID'] : [];
  for (const raw of (values['cors-allowed-headers'] ?? '').split(',')) {
    const name = raw.trim();
    if (!name) continue;
    const match = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (!match)
      return { kind: 'error', message: `--cors-allowed-headers: "${name}" is not one of ${known.join(', ')}` };
    if (!corsAllowedHeaders.includes(match)) corsAllowedHeaders.push(match);
  }
  return {
    kind: 'run',
    options: {
      server,
      origin,
      ...(auth ? { auth } : {}),
      ...(values.space ? { spaceId: values.space } : {}),
      insecure: values.insecure,
      json: values.json,
      verbose: values.verbose,
      corsAllowedHeaders,
    },
  };
}
