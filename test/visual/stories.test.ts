/**
 * The key stories look as the committed baselines do (test/visual/baselines/, ≤ 0.1 % of pixels apart), and every
 * story passes its checks (axe) in the dark theme and in `auto` on a dark system too. Builds the static Storybook
 * once (about 20 s) and drives it with Debian's Chromium. After a change of the look on purpose:
 * `npm run screenshots -- --update`, then review and commit the PNGs. A failure leaves the new shot and a diff
 * image in test/visual/output/.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runThemeChecks } from '../../scripts/theme-checks.ts';
import { buildStorybook, MAX_DIFF_RATIO, OUTPUT_DIR, runVisual } from '../../scripts/visual.ts';

let staticDir = '';
beforeAll(async () => {
  staticDir = await buildStorybook();
}, 180_000);

describe('visual regression', () => {
  it('every key story matches its baseline', async () => {
    const results = await runVisual({ update: false, staticDir });
    const failed = results.filter((result) => !result.ok).map((r) => `${r.name}: ${r.message}`);
    expect(failed, `differs beyond ${MAX_DIFF_RATIO * 100}% (see ${OUTPUT_DIR})`).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(10);
  });
});

describe('every story in the dark theme and in auto on a dark system', () => {
  it('finishes with no failed check (axe included)', async () => {
    const results = await runThemeChecks(staticDir);
    const failed = results.filter((r) => r.outcome !== 'success').map((r) => `${r.story} [${r.theme}] ${r.outcome}`);
    expect(failed).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(80);
  });
});
