/**
 * The file machine's table, row by row: every (state, event) pair is either listed here with where it leads or
 * must be ignored. Written out independently of the table, so that an accidental change to it fails here.
 */
import { describe, expect, it } from 'vitest';
import {
  type FileEvent,
  type FileFacts,
  type FileState,
  holdOf,
  nextState,
  STATUS_OF,
  TRANSITIONS,
  UNFINISHED_STATES,
} from '../../src/core/uploader/file-machine.ts';

// Written out, not derived from the module: a state added there and forgotten here fails the coverage check below.
const STATES: FileState[] = [
  'checking',
  'waiting-for-folder',
  'queued',
  'hashing',
  'sending',
  'finishing',
  'resolving-id',
  'paused',
  'held-quota',
  'held-sign-in',
  'canceling',
  'done',
  'failed',
  'canceled',
  'skipped',
];
const EVENTS = Object.keys(TRANSITIONS) as FileEvent[];
const plain: FileFacts = { planned: true, inTransfer: false, needsFolder: false };

/** Expected moves with plain facts (planned, not in the transfer, no folder to wait for). */
const EXPECTED: Record<FileEvent, Partial<Record<FileState, FileState>>> = {
  'plan-passed': { checking: 'queued', paused: 'paused' },
  'plan-skipped': { checking: 'skipped', paused: 'skipped' },
  'checks-canceled': { checking: 'canceled', paused: 'canceled' },
  'folder-created': { 'waiting-for-folder': 'queued' },
  'hash-started': { queued: 'hashing' },
  'hash-ended': { hashing: 'queued' },
  send: { queued: 'sending' },
  'all-sent': { sending: 'finishing' },
  'sending-again': { finishing: 'sending' },
  stored: {
    sending: 'done',
    finishing: 'done',
    paused: 'done',
    'held-quota': 'done',
    'held-sign-in': 'done',
    canceling: 'done',
  },
  'stored-without-id': {
    sending: 'resolving-id',
    finishing: 'resolving-id',
    paused: 'resolving-id',
    'held-quota': 'resolving-id',
    'held-sign-in': 'resolving-id',
  },
  'id-resolved': { 'resolving-id': 'done' },
  mismatch: { 'resolving-id': 'failed' },
  'quota-refused': {
    'waiting-for-folder': 'held-quota',
    queued: 'held-quota',
    hashing: 'held-quota',
    sending: 'held-quota',
    finishing: 'held-quota',
    paused: 'held-quota',
  },
  'token-refused': {
    checking: 'held-sign-in',
    'waiting-for-folder': 'held-sign-in',
    queued: 'held-sign-in',
    hashing: 'held-sign-in',
    sending: 'held-sign-in',
    finishing: 'held-sign-in',
  },
  pause: {
    checking: 'paused',
    'waiting-for-folder': 'paused',
    queued: 'paused',
    hashing: 'paused',
    sending: 'paused',
    finishing: 'paused',
  },
  resume: { paused: 'queued' },
  'hold-lifted': { 'held-quota': 'queued' },
  'signed-in': { 'held-sign-in': 'queued' },
  cancel: {
    checking: 'canceled',
    'waiting-for-folder': 'canceled',
    queued: 'canceled',
    hashing: 'canceled',
    sending: 'canceling',
    finishing: 'canceling',
    paused: 'canceled',
    'held-quota': 'canceled',
    'held-sign-in': 'canceled',
    failed: 'canceled',
  },
  fail: {
    checking: 'failed',
    'waiting-for-folder': 'failed',
    queued: 'failed',
    hashing: 'failed',
    sending: 'failed',
    finishing: 'failed',
    paused: 'failed',
    'held-quota': 'failed',
    'held-sign-in': 'failed',
  },
  'cancel-confirmed': { canceling: 'canceled' },
  retry: { failed: 'queued' },
};

describe('file machine table', () => {
  it('lists every event and no other', () => {
    expect(new Set(EVENTS)).toEqual(new Set(Object.keys(EXPECTED)));
  });

  for (const event of Object.keys(EXPECTED) as FileEvent[])
    for (const state of STATES) {
      const want = EXPECTED[event][state];
      it(`${state} --${event}--> ${want ?? '(ignored)'}`, () => {
        expect(nextState(state, event, plain)).toBe(want);
      });
    }

  it('finished states stay; a failed file leaves only by retry, or by a cancel that gives it up', () => {
    for (const state of ['done', 'canceled', 'skipped'] as const)
      for (const event of EVENTS) expect(nextState(state, event, plain), `${state} ${event}`).toBeUndefined();
    expect(EVENTS.filter((e) => nextState('failed', e, plain) !== undefined)).toEqual(['cancel', 'retry']);
  });

  it('a stored file being confirmed ends done, or failed as damaged: no cancel, pause or hold', () => {
    expect(EVENTS.filter((e) => nextState('resolving-id', e, plain) !== undefined)).toEqual([
      'id-resolved',
      'mismatch',
    ]);
  });

  it('a cancel that stopped bytes on their way ends canceled, or done when the server stored the file anyway', () => {
    expect(EVENTS.filter((e) => nextState('canceling', e, plain) !== undefined).sort()).toEqual([
      'cancel-confirmed',
      'stored',
    ]);
  });
});

describe('file machine guards', () => {
  const facts = (f: Partial<FileFacts>): FileFacts => ({ ...plain, ...f });

  it('after the checks: its folder first when one is to be created, else the queue', () => {
    expect(nextState('checking', 'plan-passed', facts({ needsFolder: true }))).toBe('waiting-for-folder');
    expect(nextState('checking', 'plan-passed', facts({ needsFolder: false }))).toBe('queued');
    expect(nextState('held-quota', 'hold-lifted', facts({ needsFolder: true }))).toBe('waiting-for-folder');
  });

  it('resume goes back to where the file was paused', () => {
    expect(nextState('paused', 'resume', facts({ planned: false }))).toBe('checking');
    expect(nextState('paused', 'resume', facts({ inTransfer: true }))).toBe('sending');
    expect(nextState('paused', 'resume', facts({ needsFolder: true }))).toBe('waiting-for-folder');
    expect(nextState('paused', 'resume', facts({}))).toBe('queued');
  });

  it('a new token lets a held file go on in the transfer when it is still there, else from the queue', () => {
    expect(nextState('held-sign-in', 'signed-in', facts({ inTransfer: true }))).toBe('sending');
    expect(nextState('held-sign-in', 'signed-in', facts({ inTransfer: false }))).toBe('queued');
    // Held before its folder was created: the folder first.
    expect(nextState('held-sign-in', 'signed-in', facts({ needsFolder: true }))).toBe('waiting-for-folder');
  });

  it('retry sends a file the checks refused back to the checks, one whose folder failed to wait for it', () => {
    expect(nextState('failed', 'retry', facts({ planned: false }))).toBe('checking');
    expect(nextState('failed', 'retry', facts({ planned: true }))).toBe('queued');
    expect(nextState('failed', 'retry', facts({ planned: true, needsFolder: true }))).toBe('waiting-for-folder');
  });
});

describe('file machine states', () => {
  it('the module has exactly the states written out here; all but the four finished ones can be left', () => {
    expect(Object.keys(STATUS_OF).sort()).toEqual([...STATES].sort());
    expect([...UNFINISHED_STATES]).toEqual(STATES.slice(0, 11));
  });
});

describe('file machine projection', () => {
  it('each state shows as one public status, and holds as their reason', () => {
    expect(STATUS_OF).toEqual({
      checking: 'preparing',
      'waiting-for-folder': 'preparing',
      queued: 'queued',
      hashing: 'preparing',
      sending: 'uploading',
      finishing: 'finalizing',
      'resolving-id': 'finalizing',
      paused: 'paused',
      'held-quota': 'paused',
      'held-sign-in': 'paused',
      canceling: 'canceled',
      done: 'done',
      failed: 'failed',
      canceled: 'canceled',
      skipped: 'skipped',
    });
    expect(STATES.map((s) => holdOf(s)).filter(Boolean)).toEqual(['quota', 'sign-in']);
    expect(holdOf('held-quota')).toBe('quota');
    expect(holdOf('held-sign-in')).toBe('sign-in');
  });
});
