/**
 * The file machine: every state a file of the batch can be in, the events that move it, and the one table that
 * says where each event leads. It is pure: `nextState` reads a file's state and three facts about it and returns
 * where it goes (or `undefined`: the event does not apply there and changes nothing). The uploader applies the
 * answer in one place (`machine.ts`), which also runs the effects of entering a state.
 *
 * "Where does a file go from sending to paused by quota?" — row `sending`, event `quota-refused`.
 */
import type { FileStatus, UploadHold } from '../state.js';

export type FileState =
  /** The target is being checked (listing, conflicts, quota), or the file waits for those checks. */
  | 'checking'
  /** Planned; a folder it goes into is being created. */
  | 'waiting-for-folder'
  /** Planned, waits for a free slot (the queue hashes it ahead when the transfer needs a hash). */
  | 'queued'
  /** Being hashed before it may go. */
  | 'hashing'
  /** Handed to the transfer (Uppy with tus, or PUT): bytes are moving. */
  | 'sending'
  /** Every byte sent; the server's last answer is awaited. */
  | 'finishing'
  /**
   * Stored; its id (and date, for an empty file) is asked for and, with verification, the server's SHA-1 of it
   * compared with the file's. It is on the server: it ends done, or failed as damaged.
   */
  | 'resolving-id'
  /** Paused by the user (or through Uppy's own controls). */
  | 'paused'
  /** Waits for free space in its space (a pre-check verdict or a 507). */
  | 'held-quota'
  /** Waits for a new token (the server refused the token and it could not be refreshed). */
  | 'held-sign-in'
  /**
   * Canceled while bytes were on their way: the upload was ended, and the server is asked whether it stored the file
   * anyway (the last request may have arrived whole). Shown as canceled; ends canceled, or done when it is there.
   */
  | 'canceling'
  | 'done'
  | 'failed'
  | 'canceled'
  | 'skipped';

export type FileEvent =
  /** The checks passed: the file is planned (with or without a folder to create first). */
  | 'plan-passed'
  | 'plan-skipped'
  /** The checks could not run to the end (the batch's files were canceled while it was checked). */
  | 'checks-canceled'
  | 'folder-created'
  | 'hash-started'
  /** Hashed, or hashing stopped without a verdict: back in the queue either way. */
  | 'hash-ended'
  | 'send'
  /** Progress reached the file's size. */
  | 'all-sent'
  /** Progress fell back below the file's size (the upload started over). */
  | 'sending-again'
  /** The server stored it and its id is known. */
  | 'stored'
  /** The server stored it; its id must be asked for. */
  | 'stored-without-id'
  | 'id-resolved'
  /** The server's SHA-1 of the stored file differs from the file's: it arrived damaged. */
  | 'mismatch'
  | 'quota-refused'
  | 'token-refused'
  | 'pause'
  | 'resume'
  | 'hold-lifted'
  | 'signed-in'
  | 'cancel'
  /** The server does not hold the file a cancel stopped. */
  | 'cancel-confirmed'
  /** Something failed for good (checks refused it, its folder, the transfer, the file could not be read). */
  | 'fail'
  | 'retry';

/** What the table's guards read besides the state. */
export interface FileFacts {
  /** The checks have placed it (`plan-passed` happened). */
  planned: boolean;
  /** The transfer holds it right now (Uppy has it: paused there, or moving). */
  inTransfer: boolean;
  /** A folder it goes into is still to be created. */
  needsFolder: boolean;
}

type Target = FileState | ((facts: FileFacts) => FileState);

/** After the checks, or after waiting: its folder first, else the queue. */
const toFolderOrQueue = (f: FileFacts): FileState => (f.needsFolder ? 'waiting-for-folder' : 'queued');
/** Back to where it was paused: unplanned files to the checks; files the transfer holds go on there. */
const goOn = (f: FileFacts): FileState =>
  !f.planned ? 'checking' : f.inTransfer ? 'sending' : f.needsFolder ? 'waiting-for-folder' : 'queued';

/** Every state a file can leave by some event: not done, failed, canceled or skipped. */
export const UNFINISHED_STATES: readonly FileState[] = [
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
];

const MOVING = ['sending', 'finishing'] as const;
/** Planned and not yet handed over, or moving: what a refused token or a full space stops. */
const STOPPABLE = ['waiting-for-folder', 'queued', 'hashing', ...MOVING] as const;
/** States in which the transfer may still hold the file (paused or held where Uppy has it). */
const TRANSFER_MAY_HOLD = [...MOVING, 'paused', 'held-quota', 'held-sign-in'] as const;

/** The same target from each of `states`. */
const all = (states: readonly FileState[], target: Target): Partial<Record<FileState, Target>> =>
  Object.fromEntries(states.map((s) => [s, target]));

/** The table: for each event, the states it applies in and where it leads. Anything not listed is ignored. */
export const TRANSITIONS: Readonly<Record<FileEvent, Readonly<Partial<Record<FileState, Target>>>>> = {
  // Checks go on while their file is paused by the user (holds only ever stop planned files).
  'plan-passed': { checking: toFolderOrQueue, paused: 'paused' },
  'plan-skipped': { checking: 'skipped', paused: 'skipped' },
  'checks-canceled': { checking: 'canceled', paused: 'canceled' },
  'folder-created': { 'waiting-for-folder': 'queued' },
  'hash-started': { queued: 'hashing' },
  'hash-ended': { hashing: 'queued' },
  send: { queued: 'sending' },
  'all-sent': { sending: 'finishing' },
  'sending-again': { finishing: 'sending' },
  // A file the transfer stores is done whatever the UI asked meanwhile: it is on the server (a canceled one too,
  // when its last request arrived whole before the cancel did).
  stored: all([...TRANSFER_MAY_HOLD, 'canceling'], 'done'),
  'stored-without-id': all(TRANSFER_MAY_HOLD, 'resolving-id'),
  'id-resolved': { 'resolving-id': 'done' },
  mismatch: { 'resolving-id': 'failed' },
  // Paused by the user while its batch was checked and found too big for the space: held too.
  'quota-refused': all([...STOPPABLE, 'paused'], 'held-quota'),
  // From checking: the checks themselves were refused (`needSignIn` leaves files still being checked alone).
  'token-refused': all(['checking', ...STOPPABLE], 'held-sign-in'),
  pause: all(['checking', ...STOPPABLE], 'paused'),
  resume: { paused: goOn },
  'hold-lifted': { 'held-quota': toFolderOrQueue },
  'signed-in': { 'held-sign-in': goOn },
  // A file being asked for its id is stored already: canceling it now would report a stored file as canceled.
  cancel: {
    ...all(
      UNFINISHED_STATES.filter((s) => s !== 'resolving-id' && s !== 'canceling'),
      'canceled',
    ),
    // Bytes may be on their way: what the server did with them is checked before the file counts as canceled.
    ...all(MOVING, 'canceling'),
    // Given up by the user (asked by id: a cancel of everything leaves failures to be seen and retried).
    failed: 'canceled',
  },
  'cancel-confirmed': { canceling: 'canceled' },
  fail: all(
    UNFINISHED_STATES.filter((s) => s !== 'resolving-id' && s !== 'canceling'),
    'failed',
  ),
  // A file whose folder was not created waits for it again (retry() sends its MKCOL first).
  retry: { failed: (f) => (f.planned ? toFolderOrQueue(f) : 'checking') },
};

/** Where `event` takes a file in `state`; `undefined` when the event does not apply there. */
export function nextState(state: FileState, event: FileEvent, facts: FileFacts): FileState | undefined {
  const target = TRANSITIONS[event][state];
  return typeof target === 'function' ? target(facts) : target;
}

/** The public `FileStatus` of each state (the snapshot and the API speak in these). */
export const STATUS_OF: Readonly<Record<FileState, FileStatus>> = {
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
};

/** The public `hold` of each state. */
export const holdOf = (state: FileState): UploadHold | undefined =>
  state === 'held-quota' ? 'quota' : state === 'held-sign-in' ? 'sign-in' : undefined;

const UNFINISHED = new Set(UNFINISHED_STATES);
export const isUnfinished = (state: FileState): boolean => UNFINISHED.has(state);
