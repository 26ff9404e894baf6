/**
 * The mock streams request bodies to disk: a 1 GiB upload to the CLI server (its own process, so its memory
 * is measured alone) must raise its resident memory by less than 200 MiB.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mockFixtures } from '../../src/mock/fixtures.ts';

const GiB = 1024 * 1024 * 1024;
const BLOCK = 1024 * 1024;
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/mock/cli.ts', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /mock oCIS listening on (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`mock server exited with ${code}: ${out}`)));
  });
});
afterAll(() => {
  child.kill('SIGTERM');
});

/** Resident set (VmRSS) and its peak so far (VmHWM) of the server process, in bytes. */
function memory(): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

function send(method: string, target: string, headers: Record<string, string>, body?: AsyncIterable<Buffer>) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const req = request(target, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    if (!body) return req.end();
    (async () => {
      for await (const chunk of body) if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
      req.end();
    })().catch(reject);
  });
}

async function createUpload(length: number, name: string): Promise<string> {
  const res = await send('POST', `${url}/remote.php/dav/spaces/${encodeURIComponent(mockFixtures.personal.id)}`, {
    Authorization: `Bearer ${mockFixtures.token}`,
    'Tus-Resumable': '1.0.0',
    'Upload-Length': String(length),
    'Upload-Metadata': `filename ${Buffer.from(name).toString('base64')}`,
  });
  expect(res.status).toBe(201);
  return String(res.headers.location);
}

it('a 1 GiB upload raises the server process RSS by less than 200 MiB, and the stored SHA-1 matches', async () => {
  // Warm up every code path once, so the baseline includes what any upload needs.
  const warm = await createUpload(BLOCK, 'warm-up.bin');
  await send(
    'PATCH',
    warm,
    { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
    (async function* () {
      yield randomBytes(BLOCK);
    })(),
  );
  const before = memory();

  const location = await createUpload(GiB, 'huge.bin');
  const hash = createHash('sha1');
  const pattern = randomBytes(BLOCK);
  async function* body() {
    for (let i = 0; i < GiB / BLOCK; i++) {
      const block = Buffer.from(pattern);
      block.writeUInt32BE(i, 0); // every block differs, so a store that mixed blocks up would be caught
      hash.update(block);
      yield block;
    }
  }
  const res = await send(
    'PATCH',
    location,
    {
      'Tus-Resumable': '1.0.0',
      'Upload-Offset': '0',
      'Content-Type': 'application/offset+octet-stream',
      'Content-Length': String(GiB),
    },
    body(),
  );
  expect(res.status).toBe(204);
  expect(res.headers['upload-offset']).toBe(String(GiB));

  const after = memory();
  const growth = after.peak - before.rss;
  console.log(
    `mock RSS before ${(before.rss / 2 ** 20).toFixed(0)} MiB, peak during 1 GiB upload ${(after.peak / 2 ** 20).toFixed(0)} MiB`,
  );
  expect(growth).toBeLessThan(200 * 1024 * 1024);

  const state = (await (await fetch(`${url}/__mock/state`)).json()) as {
    files: Array<{ path: string; size: number; sha1: string }>;
  };
  const file = state.files.find((f) => f.path === '/huge.bin');
  expect(file?.size).toBe(GiB);
  expect(file?.sha1).toBe(hash.digest('hex'));
}, 180_000);
