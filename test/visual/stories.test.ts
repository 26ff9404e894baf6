/**
 * The key stories look as the committed baselines do (test/visual/baselines/, ≤ 0.1 % of pixels apart). Builds the
 * static Storybook (about 20 s) and shoots it with Debian's Chromium. After a change of the look on purpose:
 * `npm run screenshots -- --update`, then review and commit the PNGs. A failure leaves the new shot and a diff
 * image in test/visual/output/.
 */
import { describe, expect, it } from 'vitest';
import { MAX_DIFF_RATIO, OUTPUT_DIR, runVisual } from '../../scripts/visual.ts';

describe('visual regression', () => {
  it('every key story matches its baseline', async () => {
    const results = await runVisual({ update: false });
    const failed = results.filter((result) => !result.ok).map((r) => `${r.name}: ${r.message}`);
    expect(failed, `differs beyond ${MAX_DIFF_RATIO * 100}% (see ${OUTPUT_DIR})`).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(10);
  });
});
