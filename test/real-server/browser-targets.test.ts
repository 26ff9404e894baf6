/**
 * The library in real Chromium against the real server, from the server's own origin and from another one:
 * uploads into the personal space (root and a sub-folder, a 25 MiB file in several PATCHes), a project space made
 * through Graph, and a folder another user shared with admin. Each upload is checked on the server: bytes (the
 * server's SHA-1 and a download), the reported file id, the modification time, one entry of its name.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ORIGIN_KINDS } from './support/browser.ts';
import { expectStored, propfind } from './support/dav.ts';
import { type Suite, startSuite, uploadFrom } from './support/fixtures.ts';
import { createGraph, type Drive, type Graph, suffix } from './support/graph.ts';

const server = inject('realServer');
const MiB = 1024 * 1024;

describe.skipIf(!server)('real server, real Chromium: upload targets', () => {
  if (!server) return;
  let suite: Suite;
  let project: Drive;
  let share: { spaceId: string; shareId: string; owner: Graph; ownerSpaceId: string; ownerPath: string };

  beforeAll(async () => {
    suite = await startSuite(server, 'targets');
    const { admin } = suite;
    project = await admin.createProjectSpace(`su-browser-project-${suffix()}`);
    suite.cleanup(() => admin.deleteProjectSpace(project.id));

    // A second user shares a folder of theirs with admin ("Can edit").
    const name = `su-sharer-${suffix()}`;
    const password = `Pw-${suffix()}-${suffix()}`;
    const user = await admin.createUser(name, password);
    suite.cleanup(() => admin.deleteUser(user.id));
    const owner = createGraph(server, { user: name, password });
    const ownerDrive = await owner.personal();
    const ownerPath = `/shared-${suffix()}`;
    await owner.mkcol(ownerDrive.id, ownerPath);
    const [folder] = await propfind(owner, ownerDrive.id, ownerPath);
    if (!folder?.fileId) throw new Error('the shared folder has no file id');
    const adminId = (await admin.me()).id;
    await owner.invite(ownerDrive.id, folder.fileId, adminId, await admin.roleId());
    const received = (await admin.sharedWithMe()).find((s) => s.remoteItemId === folder.fileId);
    if (!received?.shareId)
      throw new Error(`admin did not receive the share: ${JSON.stringify(await admin.sharedWithMe())}`);
    share = {
      spaceId: received.remoteItemId,
      shareId: received.shareId,
      owner,
      ownerSpaceId: ownerDrive.id,
      ownerPath,
    };
  });

  afterAll(async () => {
    await suite?.close();
  });

  describe.each(ORIGIN_KINDS)('page %s', (kind) => {
    it('personal space root: a small file', async () => {
      const { admin, personal, harness } = suite;
      const local = await suite.file(`${kind}/root-${suffix()}.txt`, `hello from the ${kind} page\n`);
      suite.cleanup(() => admin.remove(personal.id, local.name));
      const outcome = await harness.withPage(kind, (page) =>
        uploadFrom(page, server, [local.path], {
          input: 'files',
          target: {
            space: {
              id: personal.id,
              name: personal.name,
              driveAlias: personal.driveAlias,
              driveType: personal.driveType,
            },
          },
        }),
      );
      expect(outcome.failed).toEqual([]);
      expect(outcome.successful.map((r) => r.path)).toEqual([`/${local.name}`]);
      await expectStored(admin, {
        spaceId: personal.id,
        path: `/${local.name}`,
        bytes: local.bytes,
        fileId: outcome.successful[0]?.fileId,
        lastModifiedMs: outcome.lastModified[local.name] ?? 0,
      });
    });

    it('a sub-folder: a 25 MiB file in several PATCHes, and a small one', async () => {
      const { admin, personal, harness, folder } = suite;
      const sub = `${folder}/${kind}-sub`;
      await admin.mkcol(personal.id, sub);
      const big = await suite.file(`${kind}/big-25MiB.bin`, 25 * MiB);
      const small = await suite.file(`${kind}/small.txt`, 'small\n');
      const outcome = await harness.withPage(kind, async (page) => {
        // Requests that carry bytes: a creation with its first chunk, then PATCHes.
        let dataRequests = 0;
        page.page.on('request', (r) => {
          if (r.headers()['content-type'] === 'application/offset+octet-stream') dataRequests += 1;
        });
        const result = await uploadFrom(page, server, [big.path, small.path], {
          input: 'files',
          target: { space: { id: personal.id }, folder: { path: sub } },
        });
        // max_chunk_size is 10 MB: the big file needs at least three data requests, the small one one.
        expect(dataRequests).toBeGreaterThanOrEqual(4);
        return result;
      });
      expect(outcome.failed).toEqual([]);
      for (const local of [big, small]) {
        const result = outcome.successful.find((r) => r.name === local.name);
        expect(result?.path).toBe(`${sub}/${local.name}`);
        await expectStored(admin, {
          spaceId: personal.id,
          path: `${sub}/${local.name}`,
          bytes: local.bytes,
          fileId: result?.fileId,
          lastModifiedMs: outcome.lastModified[local.name] ?? 0,
        });
      }
    });

    it('a project space made through Graph', async () => {
      const { admin, harness } = suite;
      const local = await suite.file(`${kind}/project-${suffix()}.bin`, 300 * 1024);
      const outcome = await harness.withPage(kind, (page) =>
        uploadFrom(page, server, [local.path], {
          input: 'files',
          target: {
            space: { id: project.id, name: project.name, driveAlias: project.driveAlias, driveType: 'project' },
          },
        }),
      );
      expect(outcome.failed).toEqual([]);
      await expectStored(admin, {
        spaceId: project.id,
        path: `/${local.name}`,
        bytes: local.bytes,
        fileId: outcome.successful[0]?.fileId,
        lastModifiedMs: outcome.lastModified[local.name] ?? 0,
      });
    });

    it('a folder another user shared with admin (space id = the share, route.shareId)', async () => {
      const { harness } = suite;
      const local = await suite.file(`${kind}/shared-${suffix()}.txt`, `into a share from the ${kind} page\n`);
      const outcome = await harness.withPage(kind, (page) =>
        uploadFrom(page, server, [local.path], {
          input: 'files',
          target: { space: { id: share.spaceId, driveType: 'mountpoint' }, route: { shareId: share.shareId } },
        }),
      );
      expect(outcome.failed).toEqual([]);
      expect(outcome.successful[0]?.path).toBe(`/${local.name}`);
      // Checked as its owner sees it: in the owner's folder.
      await expectStored(share.owner, {
        spaceId: share.ownerSpaceId,
        path: `${share.ownerPath}/${local.name}`,
        bytes: local.bytes,
        fileId: outcome.successful[0]?.fileId,
        lastModifiedMs: outcome.lastModified[local.name] ?? 0,
      });
    });
  });
});
