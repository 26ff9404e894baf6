/**
 * The React component against the real server in real Chromium, from both origins (`<SpaceUploader>`, a file
 * picked in its drop zone's input), and README.md's two examples followed as written ("The upload core", "The
 * components") from the cross-origin page, the way an app on its own origin would use them.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReadmeRun } from './app/readme-examples.tsx';
import { ORIGIN_KINDS, type TestPage } from './support/browser.ts';
import { expectStored, settledEntry } from './support/dav.ts';
import { type LocalFile, type Suite, startSuite, within } from './support/fixtures.ts';
import { suffix } from './support/graph.ts';

const server = inject('realServer');
const FILE_INPUT = '#root input.su-dropzone__input:not([webkitdirectory])';

describe.skipIf(!server)('real server, real Chromium: the component and the README examples', () => {
  if (!server) return;
  let suite: Suite;

  beforeAll(async () => {
    suite = await startSuite(server, 'components');
  });

  afterAll(async () => {
    await suite?.close();
  });

  /** Each file is where the page said, byte for byte, with the id the page reported. */
  async function expectAllStored(
    folder: string,
    locals: LocalFile[],
    results: { name: string; path: string; fileId: string | undefined }[],
  ) {
    expect(results.map((r) => r.path).sort()).toEqual(locals.map((l) => `${folder}/${l.name}`).sort());
    for (const local of locals) {
      await expectStored(suite.admin, {
        spaceId: suite.personal.id,
        path: `${folder}/${local.name}`,
        bytes: local.bytes,
        fileId: results.find((r) => r.name === local.name)?.fileId,
        lastModifiedMs: local.mtimeMs,
      });
    }
  }

  async function readmeRun(docsPath: string): Promise<ReadmeRun> {
    const { admin, personal } = suite;
    await admin.mkcol(personal.id, docsPath);
    const folderId = (await settledEntry(admin, personal.id, docsPath)).fileId;
    if (!folderId) throw new Error(`${docsPath} has no file id`);
    const drive = {
      id: personal.id,
      name: personal.name,
      driveAlias: personal.driveAlias,
      driveType: personal.driveType,
    };
    return { serverUrl: server?.publicUrl ?? '', drive, docsPath, folderId };
  }

  const pick = (page: TestPage, selector: string, locals: LocalFile[]) =>
    page.page.setInputFiles(
      selector,
      locals.map((l) => l.path),
    );

  describe.each(ORIGIN_KINDS)('page %s', (kind) => {
    it('<SpaceUploader>: files picked in its drop zone are uploaded and reported', async () => {
      const { admin, personal, harness, folder } = suite;
      const target = `${folder}/${kind}-component`;
      await admin.mkcol(personal.id, target);
      const locals = [
        await suite.file(`${kind}-component/one-${suffix()}.txt`, `component upload (${kind})\n`),
        await suite.file(`${kind}-component/two-${suffix()}.bin`, 5 * 1024 * 1024 + 17),
      ];
      const outcome = await harness.withPage(kind, async (page) => {
        await page.page.evaluate((props) => window.__su.renderComponent(props), {
          serverUrl: server.publicUrl,
          target: { space: { id: personal.id }, folder: { path: target } },
        });
        await pick(page, FILE_INPUT, locals);
        const done = await within(
          page.page.evaluate(() => window.__su.componentDone()),
          60_000,
          'the component',
        );
        // The list says so too.
        await page.page
          .getByText(locals[0]?.name ?? '')
          .first()
          .waitFor();
        return done;
      });
      expect(outcome.failed).toEqual([]);
      await expectAllStored(target, locals, outcome.successful);
    });
  });

  it('README "The upload core", as written, from the cross-origin page', async () => {
    const run = await readmeRun(`${suite.folder}/Docs-core`);
    const locals = [
      await suite.file(`readme-core/a-${suffix()}.pdf`, 40_000),
      await suite.file(`readme-core/b-${suffix()}.txt`, 'README core example\n'),
    ];
    const outcome = await suite.harness.withPage('cross-origin', async (page) => {
      await pick(page, '#files', locals);
      return within(
        page.page.evaluate((r) => window.__readme.core(r), run),
        60_000,
        'the README core example',
      );
    });
    expect(outcome.failed).toEqual([]);
    await expectAllStored(run.docsPath, locals, outcome.successful);
  });

  it('README "The components", as written, from the cross-origin page', async () => {
    const run = await readmeRun(`${suite.folder}/Docs-component`);
    const locals = [await suite.file(`readme-component/c-${suffix()}.txt`, 'README component example\n')];
    const { refreshed, outcome } = await suite.harness.withPage('cross-origin', async (page) => {
      const done = page.page.evaluate((r) => window.__readme.component(r), run);
      await page.page.locator(FILE_INPUT).waitFor({ state: 'attached' });
      await pick(page, FILE_INPUT, locals);
      return within(done, 60_000, 'the README component example');
    });
    expect(outcome.failed).toEqual([]);
    await expectAllStored(run.docsPath, locals, outcome.successful);
    // `refresh(successful.map((r) => r.fileId))` got the stored file's id.
    const entry = await settledEntry(suite.admin, suite.personal.id, `${run.docsPath}/${locals[0]?.name}`);
    expect(refreshed).toEqual([entry.fileId]);
  });
});
