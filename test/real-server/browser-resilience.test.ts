/**
 * Failures on the way, in real Chromium against the real server, from both origins:
 * - the connection is cut mid-PATCH (the test proxy drops the TLS tunnel a few MiB into a data request): the
 *   upload asks the server for its offset, continues from there and arrives byte for byte, once;
 * - the first token is refused: the library asks for a new one once (`refresh: true`) and goes on.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ORIGIN_KINDS } from './support/browser.ts';
import { expectStored } from './support/dav.ts';
import { type Suite, startSuite, uploadFrom } from './support/fixtures.ts';
import { suffix } from './support/graph.ts';

const server = inject('realServer');
const MiB = 1024 * 1024;
const SIZE = 25 * MiB;

describe.skipIf(!server)('real server, real Chromium: cut connections and refused tokens', () => {
  if (!server) return;
  let suite: Suite;

  beforeAll(async () => {
    suite = await startSuite(server, 'resilience');
  });

  afterAll(async () => {
    await suite?.close();
  });

  describe.each(ORIGIN_KINDS)('page %s', (kind) => {
    it('a connection cut mid-PATCH: the upload resumes from the server offset and arrives whole, once', async () => {
      const { admin, personal, harness, folder, gateway } = { ...suite, gateway: suite.harness.gateway };
      const target = `${folder}/${kind}-cut`;
      await admin.mkcol(personal.id, target);
      const local = await suite.file(`${kind}-cut/cut-25MiB.bin`, SIZE);
      const cutsBefore = gateway.cuts;
      const bytesBefore = gateway.bytesUp;
      const { outcome, heads, dataAfterCut, creations, carried } = await harness.withPage(kind, async (page) => {
        // The cut data request fails, by design.
        page.expectIssue(/^request failed: (PATCH|POST) https:\/\/localhost:9200\/data\//);
        let cut = false;
        let armed = false;
        let heads = 0;
        let dataAfterCut = 0;
        let creations = 0;
        let carried = 0;
        page.page.on('request', (request) => {
          const isData = request.headers()['content-type'] === 'application/offset+octet-stream';
          if (cut && request.method() === 'HEAD' && new URL(request.url()).pathname.startsWith('/data/')) heads += 1;
          if (cut && isData) dataAfterCut += 1;
          if (request.method() === 'POST' && new URL(request.url()).pathname.startsWith('/remote.php/')) creations += 1;
          // Once the first PATCH is under way, the tunnel carrying it is cut 3 MiB later.
          if (!armed && request.method() === 'PATCH' && isData) {
            armed = true;
            void gateway.cutAfter(3 * MiB).then((tunnel) => {
              carried = tunnel.carried;
              cut = true;
            });
          }
        });
        const outcome = await uploadFrom(
          page,
          server,
          [local.path],
          { input: 'files', target: { space: { id: personal.id }, folder: { path: target } } },
          {},
          90_000,
        );
        return { outcome, heads, dataAfterCut, creations, carried };
      });
      expect(gateway.cuts - cutsBefore, 'tunnels cut').toBe(1);
      // Continued, not started over (that would be 2 × SIZE and more): the file went once, plus what the cut lost —
      // at most what the cut tunnel carried (3 MiB after arming, and what went before the page event reached us:
      // under load that was 0.8 MiB more, seen in CI; the server keeps a partial body only in whole 4 MiB blocks,
      // measured) and at most one more chunk (Chromium may send a request again by itself on a fresh connection) —
      // plus TLS and the page's other requests (under 1 MiB).
      const CHUNK = 10_000_000; // the server's max_chunk_size
      // One upload: a fresh one would be a second creation request (and a new upload URL, counted in `restarts`).
      expect(creations, 'tus creation requests').toBe(1);
      expect(gateway.bytesUp - bytesBefore).toBeGreaterThan(SIZE);
      expect(gateway.bytesUp - bytesBefore).toBeLessThan(SIZE + carried + CHUNK + MiB);
      expect(carried, 'bytes the cut tunnel carried').toBeLessThan(SIZE);
      expect(outcome.failed).toEqual([]);
      expect(outcome.items.map((i) => [i.status, i.restarts])).toEqual([['done', 0]]);
      // It asked where the server was, then sent the rest.
      expect(heads).toBeGreaterThanOrEqual(1);
      expect(dataAfterCut).toBeGreaterThanOrEqual(1);
      await expectStored(admin, {
        spaceId: personal.id,
        path: `${target}/${local.name}`,
        bytes: local.bytes,
        fileId: outcome.successful[0]?.fileId,
        lastModifiedMs: outcome.lastModified[local.name] ?? 0,
      });
    });

    it('a refused token: one refresh, then the upload goes on with the new token', async () => {
      const { admin, personal, harness, folder } = suite;
      const target = `${folder}/${kind}-token`;
      await admin.mkcol(personal.id, target);
      const local = await suite.file(`${kind}-token/after-refresh-${suffix()}.txt`, `sent after a refresh (${kind})\n`);
      const outcome = await harness.withPage(kind, (page) => {
        // Across origins the proxy's 401 carries no CORS headers: the browser blocks it and says so (the server's
        // doing, not the library's). Same-origin nothing of the sort may appear.
        if (kind === 'cross-origin') {
          page.expectIssue(/has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header/);
          page.expectIssue(/^request failed: \w+ https:\/\/localhost:9200\/.* \(net::ERR_FAILED\)$/);
        }
        return uploadFrom(
          page,
          server,
          [local.path],
          { input: 'files', target: { space: { id: personal.id }, folder: { path: target } } },
          { token: 'refused-first' },
          25_000,
        );
      });
      expect(outcome.failed).toEqual([]);
      expect(outcome.signInRequired).toBe(false);
      // The refused token went first, then exactly one refresh; every later call got the new token.
      expect(outcome.tokenCalls[0]).toEqual({ refresh: false, refused: true });
      expect(outcome.tokenCalls.filter((c) => c.refresh)).toHaveLength(1);
      const refreshAt = outcome.tokenCalls.findIndex((c) => c.refresh);
      expect(outcome.tokenCalls.slice(refreshAt).every((c) => !c.refused)).toBe(true);
      await expectStored(admin, {
        spaceId: personal.id,
        path: `${target}/${local.name}`,
        bytes: local.bytes,
        fileId: outcome.successful[0]?.fileId,
        lastModifiedMs: outcome.lastModified[local.name] ?? 0,
      });
    });
  });
});
