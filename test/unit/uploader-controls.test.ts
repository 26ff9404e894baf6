/**
 * The user's controls on a list of files (a folder row's): pause, resume, cancel and retry take several ids and act
 * on those only, in one pass: one plan per batch, one space check, one MKCOL job per space, one pump. Node, with a
 * stand-in for the uploader's shared state and the rooms that would go to the server.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { UploadError } from '../../src/core/errors.ts';
import { cancel, pause, resume, retry } from '../../src/core/uploader/controls.ts';
import type { Batch, Entry } from '../../src/core/uploader/entry.ts';
import type { FileState } from '../../src/core/uploader/file-machine.ts';
import type { Internals } from '../../src/core/uploader/internals.ts';

const rooms = vi.hoisted(() => ({ schedulePlan: vi.fn(), liftHolds: vi.fn(), ensureFolders: vi.fn() }));
vi.mock('../../src/core/uploader/preparation.ts', () => ({ schedulePlan: rooms.schedulePlan }));
vi.mock('../../src/core/uploader/lift-holds.ts', () => ({
  liftHolds: (...args: unknown[]) => {
    rooms.liftHolds(...args);
    return Promise.resolve();
  },
}));
vi.mock('../../src/core/uploader/folder-jobs.ts', () => ({ ensureFolders: rooms.ensureFolders }));

beforeEach(() => {
  for (const spy of Object.values(rooms)) spy.mockClear();
});

const batch = (): Batch => ({ controller: new AbortController() }) as unknown as Batch;

function setup(specs: Array<[id: string, state: FileState, more?: Partial<Entry>]>) {
  const pump = vi.fn();
  const transport = { pause: vi.fn(), resume: vi.fn(), cancel: vi.fn() };
  const shared = batch();
  const entries = new Map<string, Entry>();
  for (const [order, [id, state, more]] of specs.entries())
    entries.set(id, {
      id,
      name: `${id}.txt`,
      path: `/Photos/${id}.txt`,
      folderPath: '/Photos',
      context: { space: { id: 'space' } },
      batch: shared,
      state,
      planned: true,
      uppyId: undefined,
      needsFolder: undefined,
      retryFolders: undefined,
      attempts: 0,
      bytesUploaded: 0,
      order,
      ...more,
    } as unknown as Entry);
  const s = {
    destroyed: false,
    entries,
    batches: new Set([shared]),
    queue: { order: [...entries.keys()], cursor: 0, hashCursor: 0, hashingNow: undefined, hashAbort: undefined },
    store: { touch: vi.fn(), emit: vi.fn(), changed: vi.fn() },
    effects: { pump, settle: vi.fn(), confirmCancel: vi.fn(), queued: false },
    transport,
    folders: { errors: [] },
  } as unknown as Internals;
  const stateOf = (id: string) => entries.get(id)?.state;
  return { s, entries, transport, pump, stateOf, shared };
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('controls on several files', () => {
  it('pause and resume act on the given ids only, one pump for all of them', async () => {
    const photos = ids('p', 3);
    const { s, transport, pump, stateOf } = setup([
      ...photos.map((id) => [id, 'sending', { uppyId: `u-${id}` }] as [string, FileState, Partial<Entry>]),
      ['loose', 'sending', { uppyId: 'u-loose' }],
    ]);
    pause(s, photos);
    expect(photos.map(stateOf)).toEqual(['paused', 'paused', 'paused']);
    expect(stateOf('loose')).toBe('sending');
    expect(transport.pause).toHaveBeenCalledTimes(3);
    resume(s, photos);
    expect(photos.map(stateOf)).toEqual(['sending', 'sending', 'sending']);
    expect(transport.resume).toHaveBeenCalledTimes(3);
    await Promise.resolve();
    expect(pump).toHaveBeenCalledTimes(1);
  });

  it('resume checks the space once for all the given files that wait for free space', () => {
    const held = ids('h', 4);
    const { s, entries } = setup([
      ...held.map((id) => [id, 'held-quota'] as [string, FileState]),
      ['other', 'held-quota'],
    ]);
    resume(s, held);
    expect(rooms.liftHolds).toHaveBeenCalledTimes(1);
    expect(rooms.liftHolds.mock.calls[0]?.[1]).toEqual(held.map((id) => entries.get(id)));
  });

  it('cancel takes the same lists', () => {
    const { s, stateOf } = setup([
      ['a', 'queued'],
      ['b', 'paused'],
      ['c', 'queued'],
    ]);
    cancel(s, ['a', 'b']);
    expect(['a', 'b', 'c'].map(stateOf)).toEqual(['canceled', 'canceled', 'queued']);
  });

  it('a failed file is canceled when named (given up on), and left failed by a cancel of everything', () => {
    const { s, stateOf, transport } = setup([
      ['gave-up', 'failed'],
      ['kept', 'failed'],
      ['moving', 'queued'],
    ]);
    cancel(s, 'gave-up');
    expect(stateOf('gave-up')).toBe('canceled');
    expect(transport.cancel).toHaveBeenCalledTimes(1);
    cancel(s);
    expect(['gave-up', 'kept', 'moving'].map(stateOf)).toEqual(['canceled', 'failed', 'canceled']);
  });

  it('retry of files the checks refused: one plan for their batch, not one per file', () => {
    const refused = ids('r', 5000);
    const { s, shared, stateOf } = setup([
      ...refused.map((id) => [id, 'failed', { planned: false }] as [string, FileState, Partial<Entry>]),
      ['kept', 'failed', { planned: false }],
    ]);
    retry(s, refused);
    expect(rooms.schedulePlan).toHaveBeenCalledTimes(1);
    expect(rooms.schedulePlan.mock.calls[0]?.[1]).toBe(shared);
    expect(rooms.schedulePlan.mock.calls[0]?.[2]).toHaveLength(5000);
    expect(stateOf('r0')).toBe('checking');
    expect(stateOf('kept')).toBe('failed');
  });

  it('retry of files whose folder was not created: the folders again first (one job), the files wait for them', () => {
    const error = new UploadError('the server answered 500', { status: 500, method: 'MKCOL' });
    const { s, entries, stateOf } = setup([
      ['a', 'failed', { error, folderPath: '/Trip', retryFolders: ['/Trip'] }],
      ['b', 'failed', { error, folderPath: '/Trip/day1', retryFolders: ['/Trip', '/Trip/day1'] }],
      ['c', 'failed', { error: new UploadError('the server answered 500', { status: 500 }) }],
    ]);
    retry(s, ['a', 'b', 'c']);
    expect(['a', 'b', 'c'].map(stateOf)).toEqual(['waiting-for-folder', 'waiting-for-folder', 'queued']);
    expect([entries.get('a')?.needsFolder, entries.get('b')?.needsFolder]).toEqual(['/Trip', '/Trip/day1']);
    expect(entries.get('a')?.retryFolders).toBeUndefined();
    expect(rooms.ensureFolders).toHaveBeenCalledTimes(1);
    expect(rooms.ensureFolders.mock.calls[0]?.slice(1)).toEqual(['space', ['/Trip', '/Trip/day1']]);
  });

  it('retry with ids leaves the empty folders that were not created alone; retry() sends their MKCOL again', () => {
    const { s } = setup([['a', 'failed']]);
    const folderError = { spaceId: 'space', path: '/Empty', error: new UploadError('500'), retryPaths: ['/Empty'] };
    s.folders.errors = [folderError];
    retry(s, ['a']);
    expect(s.folders.errors).toEqual([folderError]);
    expect(rooms.ensureFolders).not.toHaveBeenCalled();
    retry(s);
    expect(s.folders.errors).toEqual([]);
    expect(rooms.ensureFolders).toHaveBeenCalledWith(s, 'space', ['/Empty']);
  });
});
