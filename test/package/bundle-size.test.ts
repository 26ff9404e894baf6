/**
 * Bundle budgets (scripts/bundle-size.ts): fails when our own code or a whole working uploader grows past what CI
 * enforces today (`BUDGETS`). The smaller targets (`TARGETS`: 15 / 45 kB) are reported by `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { BUDGETS, bundleSizes, overBudget } from '../../scripts/bundle-size.ts';

describe('bundle size budgets', () => {
  it('our code and a whole uploader stay within their gzip budgets', async () => {
    const sizes = await bundleSizes();
    // The measurement itself worked: real bundles, CSS included, a baseline to compare with.
    expect(sizes.own.js).toBeGreaterThan(1_000);
    expect(sizes.own.css).toBeGreaterThan(500);
    expect(sizes.full.total).toBeGreaterThan(sizes.own.total);
    // Uppy and tus-js-client (~36 kB) are counted in the full figure: code splitting left no static chunk out.
    expect(sizes.full.js - sizes.own.js).toBeGreaterThan(25_000);
    expect(sizes.baseline.total).toBeGreaterThan(10_000);
    expect(overBudget(sizes), `budgets: ${JSON.stringify(BUDGETS)}, sizes: ${JSON.stringify(sizes)}`).toEqual([]);
  }, 20_000);
});
