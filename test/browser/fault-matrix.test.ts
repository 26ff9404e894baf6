/**
 * The fault matrix: one row per thing a server or network can do to an upload, and what the uploader must end
 * with. Each row runs the real uploader (createSpaceUploader, tus with 64 KiB chunks, short retry delays) in
 * Chromium over real HTTP against a fresh mock oCIS that injects the row's fault. A file that should arrive must
 * be stored byte for byte, by exactly one completed upload; one that should not must leave nothing behind.
 *
 * `trace` is the tus traffic from the first faulted request on (route and status; `dropped` = the connection was
 * cut mid-body): for rows that end `done`, its first entries; for the others, all of it to the end.
 * The retry policy these rows check is `RETRY_POLICY` in src/core/transfer.ts.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  createSpaceUploader,
  type TransferOptions,
  type UploadContext,
  type UploadErrorKind,
} from '../../src/core/index.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import type { MockRuntimeConfig, MockState } from '../../src/mock/types.ts';
import { mockInstance, randomBytes, seeded, sha1 } from './mock-client.ts';

const KiB = 1024;
const CHUNK = 64 * KiB;
const FILE_SIZE = 300 * KiB;
/** Retries are bounded by these: a request is tried at most `RETRY_DELAYS.length + 1` times in a row. */
const RETRY_DELAYS = [0, 50, 100, 200];
const root: UploadContext = { space: { id: mockFixtures.personal.id } };
/** The token the refreshable source hands out after a 401 (the mock accepts it too). */
const FRESH_TOKEN = 'fresh-token';

const random = seeded(0x5eed_2026);
/** Somewhere strictly inside a 64 KiB chunk. */
const insideChunk = () => 1 + Math.floor(random() * (CHUNK - 1));
const DROP_IN_PATCH = insideChunk();
const DROP_IN_CREATE = insideChunk();

/** One step of the trace: exact, or a matcher where the browser may take either of two correct paths. */
type TraceStep = string | ReturnType<typeof expect.stringMatching>;
/** The step, sent by the uploader or resent by the browser. */
const MAYBE_RESENT = (step: string): TraceStep => expect.stringMatching(new RegExp(`^${step}( \\(resent\\))?$`));

type Outcome =
  /**
   * Every file arrives. `restarts`: fresh uploads started across the batch; `refreshes`: token refreshes;
   * `waitsMs`: the least time between the faulted request and the next one (a `Retry-After` waited out).
   */
  | { final: 'done'; trace: TraceStep[]; restarts: number; refreshes?: number; waitsMs?: number }
  /** The faulted file fails with `kind`; `patches`: how many PATCHes were sent in all. */
  | { final: 'failed'; kind: UploadErrorKind; trace: TraceStep[]; patches?: number; nothingStored?: true }
  /** The file waits (paused) for free space: nothing was stored. */
  | { final: 'held'; hold: 'quota'; kind: 'quota'; trace: TraceStep[]; nothingStored: true };

interface FaultCase {
  name: string;
  /** Merged over `{ capabilities: 64 KiB chunks, creation-with-upload }`: strict mode, capabilities, faults. */
  mock: MockRuntimeConfig;
  /** Uploader transfer options beyond the common ones. */
  transfer?: TransferOptions;
  /** Two files instead of one (the second is the one the fault meets). */
  files?: 1 | 2;
  /** The token comes from a function that hands out `FRESH_TOKEN` when asked to refresh. */
  refreshableToken?: true;
  expect: Outcome;
  /** The row shows a bug (named here): it is expected to fail, so that the bug stays visible. */
  bug?: string;
}

const patchFault = (status: number, extra: { retryAfterSeconds?: number; body?: string } = {}) => ({
  faults: { rules: [{ type: 'status' as const, status, route: 'tus-patch' as const, nth: 2, ...extra }] },
});
/** After a retried PATCH: the offset is read again (HEAD), then the upload goes on. */
const RESUMED = ['tus-head 200', 'tus-patch 204'];
/** PATCHes (after the creation request) are the only data requests: per-chunk checksums on every one. */
const PATCH_ONLY = { tus: { max_chunk_size: CHUNK, extension: 'creation' } };

const MATRIX: FaultCase[] = [
  // Chromium sends a request again by itself when its kept-alive connection dies before any answer (same
  // X-Request-ID; up to twice). A PATCH's bytes up to the cut are stored, so its resend meets a moved offset: 409,
  // which the uploader answers by reading the offset (HEAD) and going on from there.
  {
    name: `connection dropped after ${DROP_IN_PATCH} bytes of a PATCH: resumes from the server offset (HEAD)`,
    mock: { faults: { rules: [{ type: 'drop', route: 'tus-patch', afterBytes: DROP_IN_PATCH, nth: 2 }] } },
    expect: { final: 'done', trace: ['tus-patch dropped', 'tus-patch 409 (resent)', ...RESUMED], restarts: 0 },
  },
  // A creation request has no offset to disagree with: the browser's own resend creates the upload.
  {
    name: `connection dropped after ${DROP_IN_CREATE} bytes of the creation-with-upload POST: created again`,
    mock: { faults: { rules: [{ type: 'drop', route: 'tus-create', afterBytes: DROP_IN_CREATE }] } },
    expect: { final: 'done', trace: ['tus-create dropped', 'tus-create 201 (resent)', 'tus-patch 204'], restarts: 0 },
  },
  // …and when the browser's resends are cut too, the uploader sees no answer at all and tries again itself.
  {
    name: `connection dropped after ${DROP_IN_CREATE} bytes of the POST three times (browser resends or uploader retries): created once`,
    mock: { faults: { rules: [{ type: 'drop', route: 'tus-create', afterBytes: DROP_IN_CREATE, times: 3 }] } },
    expect: {
      final: 'done',
      trace: [
        'tus-create dropped',
        // Chromium resends a cut request on its own (same X-Request-ID) once or twice, on a loaded machine a third
        // time; what it does not resend, the uploader retries (a new id). Either way: three cut, then one created.
        MAYBE_RESENT('tus-create dropped'),
        MAYBE_RESENT('tus-create dropped'),
        MAYBE_RESENT('tus-create 201'),
        'tus-patch 204',
      ],
      restarts: 0,
    },
  },
  {
    name: '401 on the second file’s creation, refreshable token: one refresh, the creation again',
    mock: { tokens: [FRESH_TOKEN], faults: { rules: [{ type: 'status', status: 401, route: 'tus-create', nth: 2 }] } },
    transfer: { limit: 1 },
    files: 2,
    refreshableToken: true,
    expect: { final: 'done', trace: ['tus-create 401', 'tus-create 201', 'tus-patch 204'], restarts: 0, refreshes: 1 },
  },
  {
    name: '403 on the upload URL (expired: PATCH, then its HEAD): a fresh upload',
    mock: {
      faults: {
        rules: [
          { type: 'status', status: 403, route: 'tus-patch', nth: 2 },
          { type: 'status', status: 403, route: 'tus-head' },
        ],
      },
    },
    expect: { final: 'done', trace: ['tus-patch 403', 'tus-head 403', 'tus-create 201', 'tus-patch 204'], restarts: 1 },
  },
  {
    name: '404 on resume (PATCH, then its HEAD: the upload is gone): a fresh upload',
    mock: {
      faults: {
        rules: [
          { type: 'status', status: 404, route: 'tus-patch', nth: 2 },
          { type: 'status', status: 404, route: 'tus-head' },
        ],
      },
    },
    expect: { final: 'done', trace: ['tus-patch 404', 'tus-head 404', 'tus-create 201', 'tus-patch 204'], restarts: 1 },
  },
  {
    name: '409 on a PATCH (offset moved): the offset is read again',
    mock: patchFault(409),
    expect: { final: 'done', trace: ['tus-patch 409', ...RESUMED], restarts: 0 },
  },
  {
    name: '423 on a PATCH (locked for now): retried',
    mock: patchFault(423),
    expect: { final: 'done', trace: ['tus-patch 423', ...RESUMED], restarts: 0 },
  },
  {
    name: '429 with Retry-After: 1 on a PATCH: retried once the second has passed',
    mock: patchFault(429, { retryAfterSeconds: 1 }),
    expect: { final: 'done', trace: ['tus-patch 429', ...RESUMED], restarts: 0, waitsMs: 1000 },
  },
  {
    name: '503 with Retry-After: 1 on a PATCH: retried once the second has passed',
    mock: patchFault(503, { retryAfterSeconds: 1 }),
    expect: { final: 'done', trace: ['tus-patch 503', ...RESUMED], restarts: 0, waitsMs: 1000 },
  },
  {
    name: '500 on a PATCH: retried',
    mock: patchFault(500),
    expect: { final: 'done', trace: ['tus-patch 500', ...RESUMED], restarts: 0 },
  },
  {
    name: '502 with an HTML body (a proxy’s error page) on a PATCH: retried',
    mock: patchFault(502),
    expect: { final: 'done', trace: ['tus-patch 502', ...RESUMED], restarts: 0 },
  },
  {
    name: '500 on every PATCH: fails as a server error after the first try and one per retry delay',
    mock: { faults: { rules: [{ type: 'status', status: 500, route: 'tus-patch', times: 'always' }] } },
    expect: {
      final: 'failed',
      kind: 'server',
      patches: RETRY_DELAYS.length + 1,
      trace: [...Array(RETRY_DELAYS.length).fill(['tus-patch 500', 'tus-head 200']).flat(), 'tus-patch 500'],
    },
  },
  {
    name: '507 on creation (the space is full): the file waits for free space, nothing stored',
    mock: { faults: { rules: [{ type: 'status', status: 507, route: 'tus-create' }] } },
    expect: { final: 'held', hold: 'quota', kind: 'quota', trace: ['tus-create 507'], nothingStored: true },
  },
  {
    name: '403 on creation (no permission): fails as forbidden, not retried, nothing stored',
    mock: { faults: { rules: [{ type: 'status', status: 403, route: 'tus-create' }] } },
    expect: { final: 'failed', kind: 'forbidden', trace: ['tus-create 403'], nothingStored: true },
  },
  {
    name: '460 on a PATCH (strict, per-chunk checksums): that chunk is sent again',
    mock: { strict: true, capabilities: PATCH_ONLY, ...patchFault(460) },
    transfer: { checksum: 'per-chunk' },
    expect: { final: 'done', trace: ['tus-patch 460', ...RESUMED], restarts: 0 },
  },
  {
    name: '460 on every PATCH (strict, per-chunk checksums): fails as an integrity error, bounded',
    mock: {
      strict: true,
      capabilities: PATCH_ONLY,
      faults: { rules: [{ type: 'status', status: 460, route: 'tus-patch', times: 'always' }] },
    },
    transfer: { checksum: 'per-chunk' },
    expect: {
      final: 'failed',
      kind: 'integrity',
      patches: RETRY_DELAYS.length + 1,
      trace: [...Array(RETRY_DELAYS.length).fill(['tus-patch 460', 'tus-head 200']).flat(), 'tus-patch 460'],
    },
  },
];

const TUS_ROUTES = new Set(['tus-create', 'tus-patch', 'tus-head', 'tus-delete']);
/**
 * The tus requests from the first faulted one on, as `route status` (`route dropped` for a cut connection;
 * `(resent)` when the browser sent the same request again by itself: same X-Request-ID as the one before).
 */
function traceFromFault(state: MockState): string[] {
  const tus = state.requests.filter((r) => TUS_ROUTES.has(r.route));
  const first = tus.findIndex((r) => r.fault !== undefined);
  if (first < 0) return [];
  return tus.slice(first).map((r, i, all) => {
    const resent = i > 0 && r.headers['x-request-id'] === all[i - 1]?.headers['x-request-id'];
    return `${r.route} ${r.fault === 'drop' ? 'dropped' : r.status}${resent ? ' (resent)' : ''}`;
  });
}

describe.each(MATRIX)('fault: $name', (row) => {
  const test = row.bug ? it.fails : it;
  test(`ends ${row.expect.final}`, async () => {
    const mock = mockInstance('fault-matrix');
    await mock.configure({ capabilities: { tus: { max_chunk_size: CHUNK } }, ...row.mock });
    let refreshes = 0;
    let token: string = mockFixtures.token;
    const uploader = createSpaceUploader({
      serverUrl: mock.serverUrl,
      accessToken: row.refreshableToken
        ? ({ refresh }) => {
            if (refresh) {
              refreshes++;
              token = FRESH_TOKEN;
            }
            return token;
          }
        : mockFixtures.token,
      transfer: { retryDelays: RETRY_DELAYS, ...row.transfer },
    });
    onTestFinished(() => uploader.destroy());
    const files = Array.from(
      { length: row.files ?? 1 },
      (_, i) => new File([randomBytes(FILE_SIZE)], `file-${i}.bin`, { lastModified: 1_760_000_000_000 }),
    );
    const faulted = files.length - 1;
    uploader.addFiles(files, root);
    const outcome = await uploader.upload();
    const snapshot = uploader.getSnapshot();
    const state = await mock.state();
    const diagnosis = JSON.stringify({
      items: snapshot.items.map((i) => [i.name, i.status, i.hold, i.error?.kind, i.restarts, i.log]),
      tus: state.requests
        .filter((r) => TUS_ROUTES.has(r.route))
        .map(
          (r) => `${r.route} ${r.status}${r.fault ? ` (${r.fault})` : ''} id ${r.headers['x-request-id']?.slice(0, 8)}`,
        ),
    });
    const expected = row.expect;

    // Faults fired as the row says.
    const trace = traceFromFault(state);
    if (expected.final === 'done') expect(trace.slice(0, expected.trace.length), diagnosis).toEqual(expected.trace);
    else expect(trace, diagnosis).toEqual(expected.trace);

    const stored = async (f: File) => {
      const path = `/${f.name}`;
      return {
        sha1: state.files.filter((s) => s.path === path).map((s) => s.sha1),
        completed: state.uploads.filter((u) => u.targetPath === path && u.complete).length,
        bytes: state.uploads.filter((u) => u.targetPath === path).reduce((n, u) => n + u.offset, 0),
      };
    };

    if (expected.final === 'done') {
      expect(outcome.failed, diagnosis).toEqual([]);
      expect(snapshot.items.map((i) => i.status)).toEqual(files.map(() => 'done'));
      expect(
        snapshot.items.reduce((n, i) => n + i.restarts, 0),
        diagnosis,
      ).toBe(expected.restarts);
      if (expected.restarts > 0)
        expect(snapshot.items[faulted]?.log.map((l) => l.message)).toEqual([
          expect.stringMatching(/started a fresh upload/),
        ]);
      for (const f of files) {
        const s = await stored(f);
        expect(s.sha1, f.name).toEqual([await sha1(f)]);
        expect(s.completed, f.name).toBe(1);
      }
      if (expected.waitsMs !== undefined) {
        const tus = state.requests.filter((r) => TUS_ROUTES.has(r.route));
        const at = tus.findIndex((r) => r.fault);
        const gap = (tus[at + 1]?.at ?? 0) - (tus[at]?.at ?? 0);
        expect(gap, diagnosis).toBeGreaterThanOrEqual(expected.waitsMs);
      }
      if (expected.refreshes !== undefined) {
        expect(refreshes).toBe(expected.refreshes);
        // The request after the 401 went with the new token.
        const tus = state.requests.filter((r) => TUS_ROUTES.has(r.route));
        const after = tus[tus.findIndex((r) => r.fault) + 1];
        expect(after?.headers.authorization).toBe(`Bearer ${FRESH_TOKEN}`);
      }
      return;
    }

    // The faulted file did not arrive; the others did.
    const item = snapshot.items[faulted];
    expect(item?.error?.kind, diagnosis).toBe(expected.kind);
    if (expected.final === 'held') {
      expect([item?.status, item?.hold], diagnosis).toEqual(['paused', expected.hold]);
      // The wait settles `upload()`: reported with its reason, resumable later.
      expect(outcome.failed.map((f) => f.error.kind)).toEqual(['quota']);
    } else {
      expect([item?.status, item?.hold], diagnosis).toEqual(['failed', undefined]);
      expect(outcome.failed.map((f) => [f.name, f.error.kind])).toEqual([[files[faulted]?.name, expected.kind]]);
    }
    const s = await stored(files[faulted] as File);
    expect(s.sha1).toEqual([]);
    expect(s.completed).toBe(0);
    if (expected.final === 'held' || expected.nothingStored) expect(s.bytes).toBe(0);
    if (expected.final === 'failed' && expected.patches !== undefined)
      expect(
        state.requests.filter((r) => r.route === 'tus-patch'),
        diagnosis,
      ).toHaveLength(expected.patches);
  });
});
