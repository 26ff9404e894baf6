#!/usr/bin/env node
/**
 * `npm run mock-server -- --port 9400`: the mock oCIS on real HTTP until SIGINT/SIGTERM. The default port stays
 * out of 9100–9350, where a real oCIS/OpenCloud binds its services.
 */
import { parseArgs } from 'node:util';
import { mockFixtures } from './fixtures.js';
import { startMockOcis } from './node.js';
import type { MockOcisOptions } from './types.js';

const HELP = `Usage: space-uploader-mock [options]
  --port <n>              port (default 9400; 0 picks a free one)
  --host <addr>           address to bind (default 127.0.0.1)
  --allow-origin <o>      page origin allowed cross-origin, repeatable (like OC_CORS_ALLOW_ORIGINS;
                          default: the mock's own origin only)
  --allow-any-origin      allow every page origin (convenient; a real server does not)
  --token <t>             accepted bearer token, repeatable (default ${mockFixtures.token})
  --strict                follow the tus spec where oCIS does not (checksums, 415)
  --no-tus                leave tus_support out of the capabilities (clients use PUT)
  --chunk-size <bytes>    max_chunk_size announced (default 10000000)
  --method-override <m>   http_method_override announced, e.g. PATCH (default "")
  --latency <ms>          latency added to every request
  --bandwidth <bytes/s>   upload bandwidth limit
  --help                  this text`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}\n`);
  process.exit(2);
}

const number = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a whole number ≥ 0, got "${value}"`);
  return n;
};

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      'allow-any-origin': { type: 'boolean' },
      token: { type: 'string', multiple: true },
      strict: { type: 'boolean' },
      'no-tus': { type: 'boolean' },
      'chunk-size': { type: 'string' },
      'method-override': { type: 'string' },
      latency: { type: 'string' },
      bandwidth: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  }).values;
}
try {
  args = parse();
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}

const port = number('port', args.port) ?? 9400;
if (port > 65535) fail(`--port must be at most 65535, got ${port}`);
const chunkSize = number('chunk-size', args['chunk-size']);
const latency = number('latency', args.latency);
const bandwidth = number('bandwidth', args.bandwidth);
if (bandwidth === 0) fail('--bandwidth must be > 0');
const tokens = args.token ?? [mockFixtures.token];

const options: MockOcisOptions = {
  tokens,
  strict: args.strict ?? false,
  cors: { allowedOrigins: args['allow-any-origin'] ? '*' : (args['allow-origin'] ?? []) },
  capabilities: {
    tus: args['no-tus']
      ? false
      : {
          ...(chunkSize !== undefined ? { max_chunk_size: chunkSize } : {}),
          ...(args['method-override'] !== undefined ? { http_method_override: args['method-override'] } : {}),
        },
  },
  faults: {
    ...(latency !== undefined ? { latencyMs: latency } : {}),
    ...(bandwidth !== undefined ? { bandwidthBytesPerSecond: bandwidth } : {}),
  },
};

const server = await startMockOcis({ ...options, port, host: args.host ?? '127.0.0.1' }).catch((error: Error) =>
  fail(`cannot listen: ${error.message}`),
);
process.stdout.write(`mock oCIS listening on ${server.url}\n`);
process.stdout.write(`token: ${tokens.join(', ')} (send "Authorization: Bearer ${tokens[0]}")\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
