/** 6. Bundle size (gzip, level 9) of our code and of a whole working uploader vs Uppy core + tus + Dashboard. */
import { TARGETS as BUDGETS, bundleSizes } from '../../scripts/bundle-size.ts';
import { fmtKB, fmtRatio } from '../support/stats.ts';
import type { Benchmark } from '../support/types.ts';

export const bundleBench: Benchmark = {
  name: 'bundle',
  title: 'bundle size up front (Vite app build of <SpaceUploader>, gzip -9)',
  async run() {
    const { own, full, baseline } = await bundleSizes();
    const parts = (f: { js: number; css: number; lazy: number }) =>
      `JS ${fmtKB(f.js)} + CSS ${fmtKB(f.css)} up front; ${fmtKB(f.lazy)} loaded when first needed`;
    return [
      {
        bench: 'bundle',
        measure: 'our own code (react, react-dom, @uppy/*, tus-js-client, hash-wasm external)',
        result: fmtKB(own.total),
        baseline: '',
        ratio: '',
        target: `≤ ${fmtKB(BUDGETS.own)}`,
        pass: own.total <= BUDGETS.own,
        note: `own: ${parts(own)}`,
      },
      {
        bench: 'bundle',
        measure:
          'everything a working uploader ships (react, react-dom external) vs @uppy/core + tus + dashboard + CSS',
        result: fmtKB(full.total),
        baseline: fmtKB(baseline.total),
        ratio: fmtRatio(baseline.total / full.total),
        target: `≤ ${fmtKB(BUDGETS.full)}`,
        pass: full.total <= BUDGETS.full,
        note: `full: ${parts(full)}; baseline: JS ${fmtKB(baseline.js)} + CSS ${fmtKB(baseline.css)}`,
      },
    ];
  },
};
