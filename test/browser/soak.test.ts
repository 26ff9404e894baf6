/**
 * Soak: 300 files from 0 bytes to 50 MiB through one uploader (default limit 5, 4 MiB chunks) while the mock
 * fails about one data request in ten (500, 502, 409, 423, 429 and cut connections, on creation and on PATCH).
 * Every file must arrive byte for byte, by exactly one completed upload. Chromium, real HTTP to the mock.
 *
 * Contents are cheap: one random 1 MiB Blob repeated (Chromium shares its bytes between Files), after a
 * per-file header so that no two files are alike. The test's SHA-1 of each file is computed from the same parts.
 */
import { createSHA1 } from 'hash-wasm';
import { expect, it, onTestFinished } from 'vitest';
import { createSpaceUploader, type UploadContext } from '../../src/core/index.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import type { MockFaultRule } from '../../src/mock/types.ts';
import { mockInstance, randomBytes, seeded } from './mock-client.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const CHUNK = 4 * MiB;
const HEADER = 32;
const root: UploadContext = { space: { id: mockFixtures.personal.id } };

const random = seeded(0x50a4_2026);
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const many = (n: number, size: () => number) => Array.from({ length: n }, size);

const SIZES = (() => {
  const sizes = [
    ...many(10, () => 0),
    ...many(200, () => between(1, 64 * KiB)),
    ...many(70, () => between(64 * KiB + 1, MiB)),
    ...many(17, () => between(MiB + 1, 10 * MiB)),
    20 * MiB,
    35 * MiB,
    50 * MiB,
  ];
  // Big and small mixed through the queue (Fisher–Yates).
  for (let i = sizes.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [sizes[i], sizes[j]] = [sizes[j] as number, sizes[i] as number];
  }
  return sizes;
})();

/** About one data request in ten fails: creation requests (one per file) and PATCHes (files over 4 MiB). */
function faultRules(): MockFaultRule[] {
  const creations = SIZES.length;
  const patches = SIZES.reduce((n, size) => n + Math.max(0, Math.ceil(size / CHUNK) - 1), 0);
  const rules: MockFaultRule[] = [];
  const kinds = [500, 502, 409, 423, 429, 'drop'] as const;
  const add = (route: 'tus-create' | 'tus-patch', count: number, first: number, dropMax: number) => {
    for (let nth = first, k = 0; nth <= count; nth += 10, k++) {
      const kind = kinds[(k + (route === 'tus-patch' ? 2 : 0)) % kinds.length] as (typeof kinds)[number];
      rules.push(
        kind === 'drop'
          ? { type: 'drop', route, nth, afterBytes: between(1, dropMax) }
          : // 429 without a wait (the mock says Retry-After: 1 by default): many of them must not slow the soak.
            { type: 'status', route, nth, status: kind, ...(kind === 429 ? { retryAfterSeconds: 0 } : {}) },
      );
    }
  };
  add('tus-create', creations, 5, 8 * KiB);
  add('tus-patch', patches, 3, CHUNK - 1);
  return rules;
}

it('300 files, 0 B to 50 MiB, with faults on one data request in ten: all arrive once, byte for byte', {
  timeout: 180_000,
}, async () => {
  const mock = mockInstance('soak');
  const rules = faultRules();
  await mock.configure({ capabilities: { tus: { max_chunk_size: CHUNK } }, faults: { rules } });

  const base = randomBytes(MiB);
  const baseBlob = new Blob([base]);
  const files: File[] = [];
  const expected = new Map<string, { size: number; sha1: string }>();
  const hasher = await createSHA1();
  for (const [i, size] of SIZES.entries()) {
    const header = new Uint8Array(HEADER);
    header.set(new TextEncoder().encode(`soak ${i} ${size} `.padEnd(HEADER - 8, '.')));
    crypto.getRandomValues(header.subarray(HEADER - 8));
    hasher.init();
    const head = header.subarray(0, Math.min(HEADER, size));
    const parts: BlobPart[] = [head];
    hasher.update(head);
    for (let left = size - head.length; left > 0; left -= MiB) {
      const n = Math.min(MiB, left);
      parts.push(n === MiB ? baseBlob : baseBlob.slice(0, n));
      hasher.update(base.subarray(0, n));
    }
    const name = `soak-${String(i).padStart(3, '0')}.bin`;
    files.push(new File(parts, name, { lastModified: 1_760_000_000_000 }));
    expected.set(`/${name}`, { size, sha1: hasher.digest('hex') });
  }
  const totalBytes = SIZES.reduce((a, b) => a + b, 0);
  expect(files.map((f) => f.size)).toEqual(SIZES);
  expect(totalBytes).toBeLessThan(400 * MiB);

  const uploader = createSpaceUploader({
    serverUrl: mock.serverUrl,
    accessToken: mockFixtures.token,
    transfer: { chunkSize: CHUNK },
  });
  onTestFinished(() => uploader.destroy());
  const started = performance.now();
  uploader.addFiles(files, root);
  const outcome = await uploader.upload();
  const seconds = (performance.now() - started) / 1000;

  const snapshot = uploader.getSnapshot();
  const state = await mock.state();
  const faulted = state.requests.filter((r) => r.fault);
  const dataRequests = state.requests.filter((r) => r.route === 'tus-create' || r.route === 'tus-patch');
  const byKind: Record<string, number> = {};
  for (const r of faulted) {
    const key = `${r.route} ${r.fault === 'drop' ? 'drop' : r.status}`;
    byKind[key] = (byKind[key] ?? 0) + 1;
  }
  const heap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
  console.info(
    `soak: ${files.length} files, ${(totalBytes / MiB).toFixed(1)} MiB in ${seconds.toFixed(1)} s; ` +
      `${dataRequests.length} data requests, ${faulted.length} faulted ` +
      `${JSON.stringify(byKind)}; ` +
      `${state.uploads.length} uploads created; restarts ${snapshot.items.reduce((n, i) => n + i.restarts, 0)}; ` +
      `JS heap ${heap ? `${(heap / MiB).toFixed(0)} MiB` : 'n/a'}`,
  );

  expect(outcome.failed.map((f) => [f.name, f.error.kind, f.error.message])).toEqual([]);
  expect(snapshot.totals.counts.done).toBe(files.length);
  expect(snapshot.totals.counts.failed).toBe(0);
  // The faults really happened: about one data request in ten.
  expect(faulted.length).toBeGreaterThanOrEqual(25);

  const completed = new Map<string, number>();
  for (const u of state.uploads) if (u.complete) completed.set(u.targetPath, (completed.get(u.targetPath) ?? 0) + 1);
  const stored = new Map(state.files.map((f) => [f.path, f]));
  const wrong: string[] = [];
  for (const [path, want] of expected) {
    const got = stored.get(path);
    if (got?.size !== want.size || got.sha1 !== want.sha1)
      wrong.push(`${path}: ${got?.size} ${got?.sha1} ≠ ${want.size} ${want.sha1}`);
    if (completed.get(path) !== 1) wrong.push(`${path}: ${completed.get(path) ?? 0} completed uploads`);
  }
  expect(wrong).toEqual([]);
});
