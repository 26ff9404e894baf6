/**
 * Many small files, in real Chromium against the real server, from both origins: each stored file is verified by
 * the server's own SHA-1 and gets the server's id, while the requests that confirm them are listings of their
 * folder shared by several files (`stored-batch.ts`), not one PROPFIND per file.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ORIGIN_KINDS } from './support/browser.ts';
import { propfind, sha1 } from './support/dav.ts';
import { type Suite, startSuite, uploadFrom } from './support/fixtures.ts';

const server = inject('realServer');
const FILES = 40;

describe.skipIf(!server)('real server, real Chromium: small files confirmed together', () => {
  if (!server) return;
  let suite: Suite;

  beforeAll(async () => {
    suite = await startSuite(server, 'confirm');
  });

  afterAll(async () => {
    await suite?.close();
  });

  describe.each(ORIGIN_KINDS)('page %s', (kind) => {
    it(`${FILES} files of 1 KiB: each verified with the server's id, in fewer requests than files`, async () => {
      const { admin, personal, harness, folder } = suite;
      const target = `${folder}/${kind}`;
      await admin.mkcol(personal.id, target);
      const locals = await Promise.all(
        Array.from({ length: FILES }, (_, i) => suite.file(`${kind}/small-${i}.bin`, 1024)),
      );
      const { outcome, confirmations } = await harness.withPage(kind, async (page) => {
        let uploading = false;
        const confirmations = { single: 0, listings: 0 };
        page.page.on('request', (request) => {
          const path = new URL(request.url()).pathname;
          if (request.method() === 'POST' && path.startsWith('/remote.php/')) uploading = true;
          if (!uploading || request.method() !== 'PROPFIND') return;
          if (request.headers().depth === '1') confirmations.listings += 1;
          else confirmations.single += 1;
        });
        const outcome = await uploadFrom(
          page,
          server,
          locals.map((l) => l.path),
          { input: 'files', target: { space: { id: personal.id }, folder: { path: target } } },
          {},
          60_000,
        );
        return { outcome, confirmations };
      });
      expect(outcome.failed).toEqual([]);
      const listed = new Map((await propfind(admin, personal.id, target, 1)).slice(1).map((e) => [e.name, e]));
      for (const local of locals) {
        const result = outcome.successful.find((r) => r.name === local.name);
        expect(result?.verified, `${local.name} verified`).toBe(true);
        expect(result?.fileId, `${local.name} id`).toBe(listed.get(local.name)?.fileId);
        expect(listed.get(local.name)?.sha1, `${local.name} stored`).toBe(sha1(local.bytes));
      }
      // One request per file was 40; what a listing does not settle (a file still processing twice) goes alone.
      expect(confirmations.listings, 'folder listings').toBeGreaterThanOrEqual(1);
      expect(confirmations.listings + confirmations.single, 'confirming requests').toBeLessThanOrEqual(FILES / 2);
    });
  });
});
