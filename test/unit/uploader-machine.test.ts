/**
 * `move()`, the one place a file's state changes: the public projection, each state's own effects, and the pump and
 * settling run once per turn however many files moved. Node, with a stand-in for the uploader's shared state.
 */
import { describe, expect, it, vi } from 'vitest';
import { UploadError } from '../../src/core/errors.ts';
import type { Entry } from '../../src/core/uploader/entry.ts';
import type { FileState } from '../../src/core/uploader/file-machine.ts';
import type { Internals } from '../../src/core/uploader/internals.ts';
import { move } from '../../src/core/uploader/machine.ts';

function setup() {
  const emitted: Array<[string, unknown]> = [];
  const pump = vi.fn();
  const settle = vi.fn();
  const s = {
    destroyed: false,
    queue: { order: [], cursor: 5, hashCursor: 7, hashingNow: undefined, hashAbort: undefined },
    store: { touch: vi.fn(), emit: (event: string, arg: unknown) => emitted.push([event, arg]) },
    effects: { pump, settle, confirmCancel: vi.fn(), queued: false },
  } as unknown as Internals;
  const entry = (state: FileState, more: Partial<Entry> = {}): Entry =>
    ({
      id: 'f-1',
      name: 'a.txt',
      path: '/a.txt',
      uploadId: 'u-1',
      context: { space: { id: 'space' } },
      file: new File(['abc'], 'a.txt'),
      size: 3,
      state,
      status: 'queued',
      hold: undefined,
      planned: true,
      uppyId: undefined,
      needsFolder: undefined,
      order: 2,
      speed: 10,
      timeLeft: 4,
      lastProgress: { at: 1, bytes: 1 },
      bytesUploaded: 1,
      ...more,
    }) as Entry;
  return { s, entry, emitted, pump, settle };
}

describe('move', () => {
  it('sets the state with its public status and hold, and ignores events that do not apply', () => {
    const { s, entry } = setup();
    const e = entry('sending', { status: 'uploading' });
    expect(move(s, e, 'token-refused')).toBe(true);
    expect([e.state, e.status, e.hold]).toEqual(['held-sign-in', 'paused', 'sign-in']);
    expect([e.speed, e.timeLeft, e.lastProgress]).toEqual([0, undefined, undefined]);
    expect(move(s, e, 'send')).toBe(false);
    expect(e.state).toBe('held-sign-in');
  });

  it('a file entering the queue rewinds the pump and the hasher to it', () => {
    const { s, entry } = setup();
    move(s, entry('failed'), 'retry');
    expect([s.queue.cursor, s.queue.hashCursor]).toEqual([2, 2]);
  });

  it('done records the result and announces it; failed records the error and reports it', () => {
    const { s, entry, emitted } = setup();
    const ok = entry('finishing');
    move(s, ok, 'stored', { result: { fileId: 'id-1', etag: '"e"' } });
    expect(ok.result).toMatchObject({
      id: 'f-1',
      path: '/a.txt',
      size: 3,
      fileId: 'id-1',
      etag: '"e"',
      uploadId: 'u-1',
    });
    const bad = entry('sending', { id: 'f-2' });
    const error = new UploadError('the server answered 500', { status: 500 });
    move(s, bad, 'fail', { error });
    expect(bad.error).toBe(error);
    expect(emitted.map(([event]) => event)).toEqual(['upload-success', 'upload-error']);
    expect(emitted[1]?.[1]).toMatchObject({ id: 'f-2', error });
  });

  it('held for quota: the reason is shown and the bytes count from zero again', () => {
    const { s, entry } = setup();
    const e = entry('queued');
    const error = new UploadError('not enough free space', { kind: 'quota', status: 507 });
    move(s, e, 'quota-refused', { error });
    expect([e.status, e.hold, e.error, e.bytesUploaded]).toEqual(['paused', 'quota', error, 0]);
  });

  it('leaving hashing for anything but the queue stops the hash; back to the queue keeps it', () => {
    const { s, entry } = setup();
    const e = entry('hashing');
    const abort = new AbortController();
    Object.assign(s.queue, { hashingNow: e, hashAbort: abort });
    move(s, e, 'hash-ended');
    expect(abort.signal.aborted).toBe(false);
    move(s, e, 'hash-started');
    move(s, e, 'pause');
    expect(abort.signal.aborted).toBe(true);
  });

  it('pump and settle run once after a turn of many moves, not once per file', async () => {
    const { s, entry, pump, settle } = setup();
    for (let i = 0; i < 1000; i++) move(s, entry('queued', { id: `f-${i}` }), 'cancel');
    expect(pump).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(pump).toHaveBeenCalledTimes(1);
    expect(settle).toHaveBeenCalledTimes(1);
    expect(pump.mock.invocationCallOrder[0]).toBeLessThan(settle.mock.invocationCallOrder[0] as number);
  });

  it('a cancel that stopped bytes on their way asks the server what it kept; one that stopped none does not', () => {
    const { s, entry } = setup();
    const moving = entry('sending', { status: 'uploading' });
    move(s, moving, 'cancel');
    expect([moving.state, moving.status]).toEqual(['canceling', 'canceled']);
    expect(s.effects.confirmCancel).toHaveBeenCalledWith(moving);
    move(s, entry('queued'), 'cancel');
    expect(s.effects.confirmCancel).toHaveBeenCalledTimes(1);
  });

  it('nothing runs after destroy', async () => {
    const { s, entry, pump } = setup();
    move(s, entry('queued'), 'cancel');
    s.destroyed = true;
    await Promise.resolve();
    expect(pump).not.toHaveBeenCalled();
  });
});
