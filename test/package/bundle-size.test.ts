/**
 * Bundle budgets (scripts/bundle-size.ts): fails when what `<SpaceUploader>` loads up front (our own code, or a
 * whole working uploader) or what it ships in all grows past what CI enforces today (`BUDGETS`), or when a part
 * meant to load later is up front again.
 */
import { describe, expect, it } from 'vitest';
import { BUDGETS, bundleSizes, overBudget } from '../../scripts/bundle-size.ts';

describe('bundle size budgets', () => {
  it('our code and a whole uploader stay within their gzip budgets', async () => {
    const sizes = await bundleSizes();
    // The measurement itself worked: real bundles, CSS included, a baseline to compare with.
    expect(sizes.own.js).toBeGreaterThan(1_000);
    expect(sizes.own.css).toBeGreaterThan(500);
    expect(sizes.full.total).toBeGreaterThanOrEqual(sizes.own.total);
    // Uppy and tus-js-client (~36 kB) are counted, in the chunks that load later.
    expect(sizes.full.lazy - sizes.own.lazy).toBeGreaterThan(25_000);
    // The lazy boundaries hold: each part is a chunk of its own, not in what loads up front.
    expect(Object.keys(sizes.own.parts)).toEqual(
      expect.arrayContaining([
        'engine.js',
        'tus-adapter.js',
        'put-adapter.js',
        'ConflictDialog.js',
        'InterruptedUploads.js',
        'UploadPanel.js',
        'Thumbnail.js',
      ]),
    );
    expect(sizes.baseline.total).toBeGreaterThan(10_000);
    expect(overBudget(sizes), `budgets: ${JSON.stringify(BUDGETS)}, sizes: ${JSON.stringify(sizes)}`).toEqual([]);
  }, 20_000);
});
