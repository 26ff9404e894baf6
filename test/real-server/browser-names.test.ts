/**
 * The library in real Chromium against the real server, from both origins: a folder picked with
 * `webkitdirectory` (its files with their relative paths, its empty folders through `emptyFolders`), a 0-byte
 * file, and names that are easy to get wrong in URLs and metadata (NFC/NFD, emoji, CJK, spaces, `#`, `%`, `&`,
 * `+`, `'`, `$`, `!`). Each file is checked on the server: bytes, file id, modification time, one entry.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ORIGIN_KINDS } from './support/browser.ts';
import { expectStored, propfind } from './support/dav.ts';
import { type LocalFile, type Suite, startSuite, uploadFrom } from './support/fixtures.ts';

const server = inject('realServer');

/** Names as they are on disk; the server must hold them NFC. */
const AWKWARD_NAMES = [
  'a name with spaces.txt',
  'hash#tag.txt',
  'per%25cent%.txt',
  'this&that.txt',
  'one+one.txt',
  "it's.txt",
  'cost$5.txt',
  'wow!.txt',
  'emoji 😀🚀.txt',
  '漢字とかな.txt',
  'Ünïcödé NFC.txt'.normalize('NFC'),
  'Café NFD.txt'.normalize('NFD'),
];

describe.skipIf(!server)('real server, real Chromium: folder trees, empty files and awkward names', () => {
  if (!server) return;
  let suite: Suite;

  beforeAll(async () => {
    suite = await startSuite(server, 'names');
  });

  afterAll(async () => {
    await suite?.close();
  });

  describe.each(ORIGIN_KINDS)('page %s', (kind) => {
    it('a picked folder tree: files in nested folders, empty folders created too', async () => {
      const { admin, personal, harness, folder } = suite;
      const target = `${folder}/${kind}-tree`;
      await admin.mkcol(personal.id, target);
      const files: Record<string, LocalFile> = {};
      for (const [relative, content] of [
        ['Top/a.txt', 'a\n'],
        ['Top/sub/b.bin', 70_000],
        ['Top/sub/deeper/c.txt', 'c\n'],
      ] as const)
        files[relative] = await suite.file(`${kind}-tree/${relative}`, content);
      // Browsers leave empty folders out of a folder pick: the app passes them (as a drop would find them).
      await suite.dir(`${kind}-tree/Top/empty`);
      await suite.dir(`${kind}-tree/Top/sub/empty too`);
      const outcome = await harness.withPage(kind, (page) =>
        uploadFrom(page, server, [join(suite.work, `${kind}-tree`, 'Top')], {
          input: 'folder',
          target: { space: { id: personal.id }, folder: { path: target } },
          emptyFolders: ['Top/empty', 'Top/sub/empty too'],
        }),
      );
      expect(outcome.failed).toEqual([]);
      expect(outcome.folderErrors).toEqual([]);
      expect(outcome.successful.map((r) => r.path).sort()).toEqual(
        Object.keys(files).map((relative) => `${target}/${relative}`),
      );
      for (const [relative, local] of Object.entries(files)) {
        await expectStored(admin, {
          spaceId: personal.id,
          path: `${target}/${relative}`,
          bytes: local.bytes,
          fileId: outcome.successful.find((r) => r.path === `${target}/${relative}`)?.fileId,
          lastModifiedMs: outcome.lastModified[local.name] ?? 0,
        });
      }
      for (const empty of ['Top/empty', 'Top/sub/empty too']) {
        const [entry, ...inside] = await propfind(admin, personal.id, `${target}/${empty}`, 1);
        expect(entry?.folder, `${empty} is a folder`).toBe(true);
        expect(inside).toEqual([]);
      }
      // Nothing else was made: Top holds a.txt, empty and sub.
      const top = await propfind(admin, personal.id, `${target}/Top`, 1);
      expect(
        top
          .slice(1)
          .map((e) => e.name)
          .sort(),
      ).toEqual(['a.txt', 'empty', 'sub']);
    });

    it('a 0-byte file', async () => {
      const { admin, personal, harness, folder } = suite;
      const target = `${folder}/${kind}-empty-file`;
      await admin.mkcol(personal.id, target);
      const local = await suite.file(`${kind}-zero/zero.bin`, Buffer.alloc(0));
      const outcome = await harness.withPage(kind, (page) =>
        uploadFrom(page, server, [local.path], {
          input: 'files',
          target: { space: { id: personal.id }, folder: { path: target } },
        }),
      );
      expect(outcome.failed).toEqual([]);
      expect(outcome.successful.map((r) => [r.path, r.size])).toEqual([[`${target}/zero.bin`, 0]]);
      await expectStored(admin, {
        spaceId: personal.id,
        path: `${target}/zero.bin`,
        bytes: local.bytes,
        fileId: outcome.successful[0]?.fileId,
        lastModifiedMs: outcome.lastModified[local.name] ?? 0,
        // oCIS stamps a 0-byte tus upload with the upload time; the library PUTs it again with X-OC-Mtime where that
        // header may go (same origin), which a stock server refuses across origins.
        mtimeKept: kind === 'same-origin',
      });
    });

    it('unicode (NFC and NFD, emoji, CJK) and awkward names arrive under their NFC names', async () => {
      const { admin, personal, harness, folder } = suite;
      const target = `${folder}/${kind}-names`;
      await admin.mkcol(personal.id, target);
      const locals: LocalFile[] = [];
      for (const name of AWKWARD_NAMES) locals.push(await suite.file(`${kind}-names/${name}`, `${name}\n`));
      const outcome = await harness.withPage(kind, (page) =>
        uploadFrom(
          page,
          server,
          locals.map((l) => l.path),
          { input: 'files', target: { space: { id: personal.id }, folder: { path: target } } },
        ),
      );
      expect(outcome.failed).toEqual([]);
      const listing = await propfind(admin, personal.id, target, 1);
      expect(
        listing
          .slice(1)
          .map((e) => e.name)
          .sort(),
      ).toEqual(AWKWARD_NAMES.map((n) => n.normalize('NFC')).sort());
      for (const local of locals) {
        const name = local.name.normalize('NFC');
        const result = outcome.successful.find((r) => r.name === name);
        expect(result?.path, `result for ${name}`).toBe(`${target}/${name}`);
        await expectStored(admin, {
          spaceId: personal.id,
          path: `${target}/${name}`,
          bytes: local.bytes,
          fileId: result?.fileId,
          lastModifiedMs: outcome.lastModified[local.name] ?? outcome.lastModified[name] ?? 0,
        });
      }
    });
  });
});
