/**
 * A token the real server refuses, in real Chromium, from both origins. Across origins its proxy answers with a 401
 * that carries no CORS headers: the page sees no answer at all. `<SpaceUploader>` must still show the sign-in
 * notice (not "Network connection lost."), and Continue, once the app has a real token, uploads the file.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { messagesEn } from '../../src/react/messages.ts';
import { ORIGIN_KINDS, type OriginKind } from './support/browser.ts';
import { expectStored } from './support/dav.ts';
import { type Suite, startSuite, uploadFrom, within } from './support/fixtures.ts';
import { suffix } from './support/graph.ts';

const server = inject('realServer');
const FILE_INPUT = '#root input.su-dropzone__input:not([webkitdirectory])';

describe.skipIf(!server)('real server, real Chromium: a refused token asks the user to sign in', () => {
  if (!server) return;
  let suite: Suite;

  beforeAll(async () => {
    suite = await startSuite(server, 'sign-in');
  });

  afterAll(async () => {
    await suite?.close();
  });

  const cases: Array<[OriginKind, string, string]> = [
    ...ORIGIN_KINDS.map((kind): [OriginKind, string, string] => [kind, 'a garbage token', `garbage-${suffix()}`]),
    // No Authorization header at all: the proxy refuses that the same way.
    ['cross-origin', 'an empty token', ''],
  ];

  it.each(cases)('page %s, %s: the sign-in notice, then Continue with a real token uploads', async (kind, _, bad) => {
    const { admin, personal, harness, folder } = suite;
    const target = `${folder}/${kind}-${suffix()}`;
    await admin.mkcol(personal.id, target);
    const local = await suite.file(`${kind}/signed-in-${suffix()}.bin`, 3 * 1024 * 1024 + 5);
    const props = { serverUrl: server.publicUrl, target: { space: { id: personal.id }, folder: { path: target } } };
    const { done, networkShown, held } = await harness.withPage(kind, async (page) => {
      if (kind === 'cross-origin') {
        // The proxy's 401 without CORS headers: the browser blocks it and says so (the server's doing).
        page.expectIssue(/has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header/);
        page.expectIssue(/^request failed: \w+ https:\/\/localhost:9200\/.* \(net::ERR_FAILED\)$/);
      }
      await page.page.evaluate((p) => window.__su.renderComponent(p), { ...props, fixedToken: bad });
      await page.page.setInputFiles(FILE_INPUT, [local.path]);
      const notice = page.page.getByText(messagesEn.signInRequired(1));
      await notice.waitFor({ timeout: 20_000 });
      const networkShown = await page.page.getByText(messagesEn.errors.network).count();
      const held = await page.page.locator('.su-hold--sign-in').count();
      // The app signed the user in again: its token function now gives a real token; the user presses Continue.
      await page.page.evaluate((p) => window.__su.renderComponent(p), props);
      await page.page.getByRole('button', { name: messagesEn.signInContinue }).click();
      const done = await within(
        page.page.evaluate(() => window.__su.componentDone()),
        60_000,
        'the upload after sign-in',
      );
      await notice.waitFor({ state: 'detached' });
      return { done, networkShown, held };
    });
    expect(networkShown, '"Network connection lost." shown').toBe(0);
    expect(held).toBe(1);
    expect(done.failed).toEqual([]);
    expect(done.successful.map((r) => r.path)).toEqual([`${target}/${local.name}`]);
    await expectStored(admin, {
      spaceId: personal.id,
      path: `${target}/${local.name}`,
      bytes: local.bytes,
      fileId: done.successful[0]?.fileId,
      lastModifiedMs: local.mtimeMs,
    });
  });

  it('page cross-origin, the token refused once the files are checked (a refresh too): they wait, then upload', async () => {
    const { admin, personal, harness, folder } = suite;
    const target = `${folder}/transfer-${suffix()}`;
    await admin.mkcol(personal.id, target);
    const locals = [
      await suite.file(`transfer/small-${suffix()}.txt`, 'refused at creation\n'),
      await suite.file(`transfer/big-${suffix()}.bin`, 12 * 1024 * 1024 + 3),
    ];
    const outcome = await harness.withPage('cross-origin', (page) => {
      page.expectIssue(/has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header/);
      page.expectIssue(/^request failed: \w+ https:\/\/localhost:9200\/.* \(net::ERR_FAILED\)$/);
      // The first file held pauses the others: a creation still on its way is aborted (it goes again after sign-in).
      page.expectIssue(
        /^request failed: POST https:\/\/localhost:9200\/remote\.php\/dav\/spaces\/.* \(net::ERR_ABORTED\)$/,
      );
      return uploadFrom(
        page,
        server,
        locals.map((l) => l.path),
        { input: 'files', target: { space: { id: personal.id }, folder: { path: target } } },
        { token: 'refused-after-plan' },
        60_000,
      );
    });
    // Every file waited for sign-in, none failed as "network"; after signedIn() all arrived.
    expect(outcome.signInAsked).toEqual(locals.map(() => ({ status: 'paused', hold: 'sign-in', error: undefined })));
    expect(outcome.tokenCalls.some((c) => c.refused)).toBe(true);
    expect(outcome.failed).toEqual([]);
    expect(outcome.signInRequired).toBe(false);
    for (const local of locals)
      await expectStored(admin, {
        spaceId: personal.id,
        path: `${target}/${local.name}`,
        bytes: local.bytes,
        fileId: outcome.successful.find((r) => r.name === local.name)?.fileId,
        lastModifiedMs: local.mtimeMs,
      });
  });
});
