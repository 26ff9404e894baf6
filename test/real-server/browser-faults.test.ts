/**
 * Issue 13 end to end, in real Chromium from the cross-origin page, against the mock and the real server (one page
 * each, for all three tests), with the fault proxy in front where a fault is needed:
 * - a byte flipped on the wire (after the page's hash, which reads the file itself) is caught by the default
 *   checksum mode: the file fails as damaged and its row says so in plain words; "Retry failed" then uploads it
 *   intact through the same proxy, verified. A big file (hashed alongside, in the worker) and a small one (hashed
 *   by WebCrypto once stored).
 * - a PATCH that goes silent without closing is aborted after `stallMs`, the upload goes on from the server's
 *   offset (one HEAD) and the file arrives byte-identical, with the stall in its log.
 * - "cancel all" while about 30 of 300 small files are done: afterwards the server holds exactly the files the page
 *   reports as uploaded, once the uploader settled and 2 s later.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { messagesEn } from '../../src/react/messages.ts';
import type { TestPage } from './support/browser.ts';
import { type FaultTarget, type FaultTargets, startFaultTargets } from './support/fault-targets.ts';
import { uploadFrom, within } from './support/fixtures.ts';

const server = inject('realServer');
const MiB = 1024 * 1024;
const CHUNK = 5 * MiB;
const STALL_MS = 2000;
const FILE_INPUT = '#root input.su-dropzone__input:not([webkitdirectory])';
const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex');
const flipped = (bytes: Buffer, at: number) => {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ 0xff;
  return copy;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let setup: FaultTargets;
let work = '';

beforeAll(async () => {
  setup = await startFaultTargets(server, 'faults');
  work = await mkdtemp(join(tmpdir(), 'space-uploader-faults-'));
});

afterAll(async () => {
  await setup?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/**
 * What the file's row in the list shows: its status, its error line, and whether it offers a retry (`retry`; for a
 * file that arrived damaged `uploadAgain`, the same action named for what it does).
 */
async function row(page: TestPage, name: string) {
  const element = page.page.locator('.su-file', { hasText: name });
  const uploadAgain = await element.getByRole('button', { name: messagesEn.uploadAgainFile(name) }).count();
  return {
    status: await element.getAttribute('data-status'),
    error: await element.locator('.su-file__error').textContent(),
    retry: await element.getByRole('button', { name: messagesEn.retryFile(name) }).count(),
    ...(uploadAgain > 0 ? { uploadAgain } : {}),
  };
}

describe.each(['mock', 'real server'] as const)('%s, cross-origin page', (name) => {
  describe.skipIf(name === 'real server' && !server)(`against the ${name}`, () => {
    const tag = name === 'mock' ? 'mock' : 'real';
    let target: FaultTarget;
    let page: TestPage;
    const dir = () => join(work, tag);
    async function localFile(file: string, size: number) {
      const bytes = randomBytes(size);
      const path = join(dir(), file);
      await writeFile(path, bytes);
      return { name: file, path, bytes };
    }

    beforeAll(async () => {
      const found = setup.targets.find((t) => t.name === name);
      if (!found) throw new Error(`no target ${name}`);
      target = found;
      await mkdir(dir());
      page = await setup.harness.openPage('cross-origin');
    });

    afterAll(async () => {
      await page?.context.close();
    });

    it('a byte flipped on the wire fails the file as damaged, said in its row; "Retry failed" then verifies', async () => {
      const proxy = await target.proxy();
      const folder = await target.folder('flip');
      // Over 4 MiB: hashed alongside in the worker; under: by WebCrypto once stored.
      const big = await localFile('flip-big.bin', 12 * MiB);
      const small = await localFile('flip-small.bin', MiB + 5);
      // One file at a time: the big file's first PATCH (its second chunk: the first travels with the creation),
      // then the small file's only request (its creation, carrying all of it).
      const flips = proxy
        .arm({ type: 'flip', method: 'PATCH', atByte: 1_000_000 })
        .then(async (first) => [first, await proxy.arm({ type: 'flip', method: 'POST', atByte: 1000 })]);
      const { first, rows, storedDamaged, again } = await setup.harness.onPage(page, async () => {
        await page.page.evaluate((props) => window.__su.renderComponent(props), {
          serverUrl: proxy.url,
          target: { space: { id: target.spaceId }, folder: { path: folder } },
          ...(target.token.fixedToken ? { fixedToken: target.token.fixedToken } : {}),
          transfer: { chunkSize: CHUNK, limit: 1 },
        });
        await page.page.setInputFiles(FILE_INPUT, [big.path, small.path]);
        const done = () =>
          within(
            page.page.evaluate(() => window.__su.componentDone()),
            60_000,
            'the upload',
          );
        const first = await done();
        const rows = [await row(page, big.name), await row(page, small.name)];
        // What the server holds now: the bytes as the proxy changed them.
        const storedDamaged = [
          await target.stored(`${folder}/${big.name}`),
          await target.stored(`${folder}/${small.name}`),
        ];
        await page.page.getByRole('button', { name: messagesEn.retryFailed }).click();
        return { first, rows, storedDamaged, again: await done() };
      });
      const applied = await within(flips, 1000, 'the two flips');
      expect(applied.map((r) => [r.method, r.fault])).toEqual([
        ['PATCH', 'flip'],
        ['POST', 'flip'],
      ]);
      expect(first.successful).toEqual([]);
      expect(first.failed.map((f) => [f.name, f.error.kind])).toEqual([
        [big.name, 'integrity'],
        [small.name, 'integrity'],
      ]);
      expect(rows).toEqual([
        { status: 'failed', error: messagesEn.errors.integrity, retry: 0, uploadAgain: 1 },
        { status: 'failed', error: messagesEn.errors.integrity, retry: 0, uploadAgain: 1 },
      ]);
      expect(storedDamaged).toEqual([
        { size: big.bytes.length, sha1: sha1(flipped(big.bytes, CHUNK + 1_000_000)) },
        { size: small.bytes.length, sha1: sha1(flipped(small.bytes, 1000)) },
      ]);
      // Sent again whole, through the same proxy: verified, and the server now holds the file's own bytes.
      expect(again.failed).toEqual([]);
      expect(again.successful.map((r) => [r.name, r.verified])).toEqual([
        [big.name, true],
        [small.name, true],
      ]);
      for (const file of [big, small])
        expect(await target.stored(`${folder}/${file.name}`)).toEqual({
          size: file.bytes.length,
          sha1: sha1(file.bytes),
        });
    });

    it(`a PATCH that goes silent is aborted after stallMs (${STALL_MS} ms); the file arrives byte-identical`, async () => {
      const proxy = await target.proxy();
      const folder = await target.folder('stall');
      const file = await localFile('stall.bin', 7 * MiB);
      let silencedAt = 0;
      // The second chunk's PATCH goes silent 1 MiB in: the proxy reads no more and closes nothing.
      const silenced = proxy.arm({ type: 'silence', method: 'PATCH', afterBytes: MiB }).then((request) => {
        silencedAt = Date.now();
        return request;
      });
      const outcome = await setup.harness.onPage(page, () => {
        // The stalled request is aborted by the page, by design.
        page.expectIssue(/^request failed: (PATCH|POST) http:\/\/127\.0\.0\.1:\d+\/data\/.* \(net::ERR_ABORTED\)$/);
        return uploadFrom(
          page,
          setup.harness.config,
          [file.path],
          { input: 'files', target: { space: { id: target.spaceId }, folder: { path: folder } } },
          { serverUrl: proxy.url, ...target.token, transfer: { chunkSize: CHUNK, stallMs: STALL_MS } },
          60_000,
        );
      });
      expect((await silenced).bytesForwarded).toBe(MiB);
      expect(outcome.failed).toEqual([]);
      const [item] = outcome.items;
      expect(item).toMatchObject({ status: 'done', restarts: 0, verified: true });
      const stalls = item?.log.filter((l) => /moved no bytes/.test(l.message)) ?? [];
      expect(stalls.map((l) => l.message)).toEqual([
        expect.stringMatching(
          /^PATCH moved no bytes for 2 s \(request [^)]+\): aborted, going on from the server's offset$/,
        ),
      ]);
      // Aborted once nothing had moved for stallMs: bytes the path took in after the proxy went silent (socket
      // buffers) still showed as progress for a moment, so it counts from about then.
      const abortedAfter = (stalls[0]?.at ?? 0) - silencedAt;
      expect(abortedAfter).toBeGreaterThanOrEqual(STALL_MS - 100);
      expect(abortedAfter).toBeLessThan(STALL_MS + 1500);
      // One upload (one creation), one HEAD for the offset, and the rest sent from where the server was.
      expect(proxy.counts).toMatchObject({ POST: 1, HEAD: 1 });
      const resumedAt = proxy.requests.filter((r) => r.method === 'PATCH')[1]?.offset ?? -1;
      expect(resumedAt).toBeGreaterThanOrEqual(CHUNK);
      expect(resumedAt).toBeLessThanOrEqual(CHUNK + MiB);
      expect(await target.stored(`${folder}/${file.name}`)).toEqual({
        size: file.bytes.length,
        sha1: sha1(file.bytes),
      });
    });

    it('cancel all with 30 of 300 small files done: the server holds exactly the files reported uploaded', async () => {
      const folder = await target.folder('cancel');
      // The mock answers at once: latency keeps several requests on their way when the cancel comes, as the real
      // server's own does.
      target.mock?.setFaults({ latencyMs: 120 });
      await mkdir(join(dir(), 'cancel'));
      const files = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          localFile(`cancel/c-${String(i).padStart(3, '0')}.bin`, 1024 + ((i * 997) % 3072)),
        ),
      );
      const outcome = await setup.harness.onPage(page, () => {
        // Requests on their way when the cancel comes are aborted, by design.
        page.expectIssue(/^request failed: \w+ https?:\/\/[^ ]+ \(net::ERR_ABORTED\)$/);
        return uploadFrom(
          page,
          setup.harness.config,
          files.map((f) => f.path),
          { input: 'files', target: { space: { id: target.spaceId }, folder: { path: folder } }, cancelWhenDone: 30 },
          { serverUrl: target.serverUrl, ...target.token },
          90_000,
        );
      });
      const uploaded = outcome.items
        .filter((i) => i.status === 'done')
        .map((i) => i.name)
        .sort();
      expect(outcome.canceledAt).toBeDefined();
      expect(outcome.items.filter((i) => i.status !== 'done' && i.status !== 'canceled')).toEqual([]);
      expect(outcome.successful.map((r) => r.name).sort()).toEqual(uploaded);
      expect(uploaded.length).toBeGreaterThanOrEqual(30);
      expect(uploaded.length).toBeLessThan(300);
      expect((await target.list(folder)).sort(), 'stored once the uploader settled').toEqual(uploaded);
      // A request that was still arriving would show by now.
      await sleep(2000);
      expect((await target.list(folder)).sort(), 'stored 2 s later').toEqual(uploaded);
    });
  });
});
