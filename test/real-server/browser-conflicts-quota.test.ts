/**
 * The checks before upload, in real Chromium against the real server, from both origins: name conflicts
 * answered through `onConflict` (keep both, replace, skip) and quota: a project space with a small quota holds
 * the file before a byte is sent, and when the app's quota figure is stale the server's own 507 holds it too.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PageOutcome } from './app/api.ts';
import { ORIGIN_KINDS, type TestPage } from './support/browser.ts';
import { download, expectStored, propfind, settledEntry, sha1 } from './support/dav.ts';
import { type Suite, startSuite, uploadFrom } from './support/fixtures.ts';
import { type Drive, suffix } from './support/graph.ts';

const server = inject('realServer');
const KiB = 1024;

/** Requests of the page that carry file bytes (a creation with its first chunk, PATCHes, PUTs), and creations. */
function countUploads(page: TestPage) {
  const counts = { data: 0, creations: 0 };
  page.page.on('request', (request) => {
    const headers = request.headers();
    if (headers['content-type'] === 'application/offset+octet-stream' || request.method() === 'PUT') counts.data += 1;
    if (request.method() === 'POST' && headers['tus-resumable']) counts.creations += 1;
  });
  return counts;
}

describe.skipIf(!server)('real server, real Chromium: conflicts and quota', () => {
  if (!server) return;
  let suite: Suite;
  let small: Drive;

  beforeAll(async () => {
    suite = await startSuite(server, 'checks');
    small = await suite.admin.createProjectSpace(`su-browser-quota-${suffix()}`, 64 * KiB);
    suite.cleanup(() => suite.admin.deleteProjectSpace(small.id));
  });

  afterAll(async () => {
    await suite?.close();
  });

  describe.each(ORIGIN_KINDS)('page %s', (kind) => {
    it('conflicts: keep both, replace and skip, as onConflict answers', async () => {
      const { admin, personal, harness, folder } = suite;
      const target = `${folder}/${kind}-conflicts`;
      await admin.mkcol(personal.id, target);
      const names = { 'keep-both': 'keep.txt', replace: 'replace.txt', skip: 'skip.txt' } as const;
      const before: Record<string, { bytes: Buffer; fileId: string | undefined }> = {};
      for (const name of Object.values(names)) {
        const bytes = Buffer.from(`on the server before: ${name}\n`);
        await admin.put(personal.id, `${target}/${name}`, bytes);
        before[name] = { bytes, fileId: (await settledEntry(admin, personal.id, `${target}/${name}`)).fileId };
      }
      const outcomes: Record<string, PageOutcome> = {};
      const locals: Record<string, Awaited<ReturnType<Suite['file']>>> = {};
      await harness.withPage(kind, async (page) => {
        for (const [answer, name] of Object.entries(names) as [keyof typeof names, string][]) {
          locals[name] = await suite.file(`${kind}-conflicts/${name}`, `from the ${kind} page: ${name}\n`);
          outcomes[answer] = await uploadFrom(
            page,
            server,
            [locals[name].path],
            { input: 'files', target: { space: { id: personal.id }, folder: { path: target } } },
            { onConflict: answer },
          );
        }
      });

      for (const [answer, name] of Object.entries(names)) {
        const outcome = outcomes[answer];
        expect(outcome?.conflicts, `${answer}: asked once`).toEqual([
          { name, path: `${target}/${name}`, kind: 'file' },
        ]);
        expect(outcome?.failed, answer).toEqual([]);
      }

      // Keep both: the new file beside the old one, which is untouched.
      const kept = outcomes['keep-both']?.successful[0];
      expect(kept?.path).toBe(`${target}/keep (1).txt`);
      await expectStored(admin, {
        spaceId: personal.id,
        path: `${target}/keep (1).txt`,
        bytes: locals['keep.txt']?.bytes ?? Buffer.alloc(0),
        fileId: kept?.fileId,
        lastModifiedMs: outcomes['keep-both']?.lastModified['keep.txt'] ?? 0,
      });
      expect(sha1(await download(admin, personal.id, `${target}/keep.txt`))).toBe(
        sha1(before['keep.txt']?.bytes ?? ''),
      );

      // Replace: a new version of the same file (same id), the new bytes.
      const replaced = outcomes.replace?.successful[0];
      expect(replaced?.path).toBe(`${target}/replace.txt`);
      expect(replaced?.fileId).toBe(before['replace.txt']?.fileId);
      await expectStored(admin, {
        spaceId: personal.id,
        path: `${target}/replace.txt`,
        bytes: locals['replace.txt']?.bytes ?? Buffer.alloc(0),
        fileId: replaced?.fileId,
        lastModifiedMs: outcomes.replace?.lastModified['replace.txt'] ?? 0,
      });

      // Skip: nothing uploaded, the old file as it was.
      expect(outcomes.skip?.successful).toEqual([]);
      expect(outcomes.skip?.items.map((i) => i.status)).toEqual(['skipped']);
      expect(sha1(await download(admin, personal.id, `${target}/skip.txt`))).toBe(
        sha1(before['skip.txt']?.bytes ?? ''),
      );

      const listing = await propfind(admin, personal.id, target, 1);
      expect(
        listing
          .slice(1)
          .map((e) => e.name)
          .sort(),
      ).toEqual(['keep (1).txt', 'keep.txt', 'replace.txt', 'skip.txt']);
    });

    it('quota pre-check: a file bigger than the space has free waits before a byte is sent', async () => {
      const { admin, harness } = suite;
      const local = await suite.file(`${kind}-quota/too-big-${suffix()}.bin`, 200 * KiB);
      const { outcome, counts } = await harness.withPage(kind, async (page) => {
        const counts = countUploads(page);
        const outcome = await uploadFrom(page, server, [local.path], {
          input: 'files',
          target: { space: { id: small.id, name: small.name, driveType: 'project' } },
        });
        return { outcome, counts };
      });
      expect(outcome.successful).toEqual([]);
      expect(outcome.failed.map((f) => f.error.kind)).toEqual(['quota']);
      expect(outcome.items.map((i) => [i.status, i.hold, i.bytesUploaded])).toEqual([['paused', 'quota', 0]]);
      expect(outcome.holds).toEqual([
        expect.objectContaining({ spaceId: small.id, files: 1, needed: 200 * KiB, available: expect.any(Number) }),
      ]);
      const [hold] = outcome.holds;
      expect(hold?.available).toBeLessThanOrEqual(64 * KiB);
      expect(hold?.missing).toBe((hold?.needed ?? 0) - (hold?.available ?? 0));
      // Held before the server saw it: no creation, no byte.
      expect(counts).toEqual({ data: 0, creations: 0 });
      expect((await propfind(admin, small.id, '', 1)).slice(1).map((e) => e.name)).not.toContain(local.name);
    });

    it('a real 507: the app says there is room (stale figure), the server refuses, the file waits', async () => {
      const { admin, harness } = suite;
      const local = await suite.file(`${kind}-quota/refused-${suffix()}.bin`, 200 * KiB);
      const { outcome, counts } = await harness.withPage(kind, async (page) => {
        const counts = countUploads(page);
        const outcome = await uploadFrom(page, server, [local.path], {
          input: 'files',
          target: {
            space: { id: small.id, name: small.name, driveType: 'project', quota: { remaining: 10 * 1024 * KiB } },
          },
        });
        return { outcome, counts };
      });
      expect(counts.creations).toBeGreaterThanOrEqual(1);
      expect(outcome.successful).toEqual([]);
      expect(outcome.failed.map((f) => [f.error.kind, f.error.details.status])).toEqual([['quota', 507]]);
      expect(outcome.items.map((i) => [i.status, i.hold])).toEqual([['paused', 'quota']]);
      expect(outcome.holds.map((h) => [h.spaceId, h.files])).toEqual([[small.id, 1]]);
      expect((await propfind(admin, small.id, '', 1)).slice(1).map((e) => e.name)).not.toContain(local.name);
    });
  });
});
