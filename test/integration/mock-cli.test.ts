/** `npm run mock-server`: one line with the URL, the demo token, clean stop on SIGINT/SIGTERM, clear usage errors. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect, it } from 'vitest';

function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/mock/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function output(child: ChildProcess, until: RegExp): Promise<string> {
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  for (let i = 0; i < 200 && !until.test(out) && child.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 50));
  return out;
}

it.each(['SIGINT', 'SIGTERM'] as const)(
  'prints where it listens and the token, answers, and exits 0 on %s',
  async (signal) => {
    const child = cli(['--port', '0', '--token', 'secret-1']);
    const out = await output(child, /token:/);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^mock oCIS listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[1]).toContain('secret-1');
    const url = lines[0]?.split(' ').pop() as string;
    const caps = await fetch(`${url}/ocs/v1.php/cloud/capabilities?format=json`);
    expect(caps.status).toBe(200);
    const drives = await fetch(`${url}/graph/v1.0/me/drives`, { headers: { Authorization: 'Bearer secret-1' } });
    expect(drives.status).toBe(200);
    child.kill(signal);
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  },
);

it('announces what its flags say in the capabilities', async () => {
  const page = 'http://127.0.0.1:5199';
  const child = cli(['--port', '0', '--chunk-size', '1048576', '--method-override', 'PATCH', '--allow-origin', page]);
  const out = await output(child, /token:/);
  const url = /listening on (\S+)/.exec(out)?.[1] as string;
  const res = await fetch(`${url}/ocs/v1.php/cloud/capabilities?format=json`, { headers: { Origin: page } });
  expect(res.headers.get('access-control-allow-origin')).toBe(page);
  const body = (await res.json()) as {
    ocs: { data: { capabilities: { files: { tus_support: Record<string, unknown> } } } };
  };
  expect(body.ocs.data.capabilities.files.tus_support).toMatchObject({
    max_chunk_size: 1048576,
    http_method_override: 'PATCH',
  });
  child.kill('SIGTERM');
  await once(child, 'exit');
});

it.each([
  [['--port', 'abc'], /--port must be a whole number/],
  [['--bogus'], /Unknown option '--bogus'/],
  [['--bandwidth', '0'], /--bandwidth must be > 0/],
])('rejects %j with a message and exit code 2', async (args, message) => {
  const child = cli(args);
  const out = await output(child, /Usage:/);
  const [code] = child.exitCode === null ? await once(child, 'exit') : [child.exitCode];
  expect(code).toBe(2);
  expect(out).toMatch(message);
  expect(out).toContain('Usage:');
});

it('says so when the port is taken', async () => {
  const first = cli(['--port', '0']);
  const url = /listening on (\S+)/.exec(await output(first, /token:/))?.[1] as string;
  const second = cli(['--port', new URL(url).port]);
  const out = await output(second, /cannot listen/);
  const [code] = second.exitCode === null ? await once(second, 'exit') : [second.exitCode];
  expect(code).toBe(2);
  expect(out).toMatch(/cannot listen: .*EADDRINUSE/);
  first.kill('SIGTERM');
  await once(first, 'exit');
});
