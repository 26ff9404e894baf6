/**
 * Every user-visible string of the components, replaceable through the `messages` prop. English is the
 * default; German ships as its own entry (`space-uploader/messages/de`); `mergeMessages` lays a partial override
 * over either.
 *
 * Functions get numbers and, where a size or duration is involved, the text already formatted for `locale`
 * (so an override only chooses the words).
 */
import type { FileStatus, NameProblem, UploadErrorKind, UploaderStatus, UploadItem } from '../core/index.js';
import { formatCount } from './format.js';

/** The labelled lines of the text block that "Copy details" writes. */
export interface DetailFieldLabels {
  file: string;
  /** For an empty folder that was not created. */
  folder: string;
  path: string;
  error: string;
  message: string;
  status: string;
  requestId: string;
  method: string;
  url: string;
  time: string;
}

export interface SpaceUploaderMessages {
  /** BCP 47 tag for numbers, sizes and durations, e.g. `en`, `de-DE`. */
  locale: string;
  /** Size units, smallest first (decimal: 1 KB = 1,000 B). */
  byteUnits: readonly string[];
  /** `1.2 MB/s` from `1.2 MB`. */
  perSecond(size: string): string;
  /** Duration parts; `n` is formatted already. */
  durationHours(n: string): string;
  durationMinutes(n: string): string;
  durationSeconds(n: string): string;
  /** `42%` from 42. */
  percent(n: number): string;
  /** `1.2 MB of 5 MB`. */
  bytesOf(uploaded: string, total: string): string;
  /** In place of a size the browser has not told yet (right after thousands of files are picked). */
  sizePending: string;
  /** `2 min left`, from the seconds and the formatted duration. */
  timeLeft(seconds: number, duration: string): string;

  // Drop zone
  /** Accessible name of the drop zone (a button that opens the file picker). */
  dropZoneLabel: string;
  dropTitle: string;
  dropHint: string;
  /** Shown while files are dragged over the zone. */
  dropActive: string;
  chooseFolder: string;
  /** While a dropped folder tree is read. */
  readingDrop: string;
  /** Announced after files were picked, dropped or pasted. */
  filesAdded(files: number, emptyFolders: number): string;
  /** Announced when a drop held nothing to upload. */
  dropEmpty: string;
  /** Announced when a drop could not be read at all. */
  dropFailed: string;

  // File list
  fileListLabel: string;
  noFiles: string;
  fileStatus: Record<FileStatus, string>;
  /** Accessible name of a row's progress bar. */
  progressLabel(name: string): string;
  /** Icon buttons: the accessible name names the file. */
  pauseFile(name: string): string;
  resumeFile(name: string): string;
  cancelFile(name: string): string;
  retryFile(name: string): string;
  /** A damaged file's retry (integrity): the upload starts over as a new copy. */
  uploadAgainFile(name: string): string;
  /** A paused row whose space is full (`hold: 'quota'`), instead of `fileStatus.paused`. */
  waitingForSpace: string;
  /** "Keep both" gave the file (or a folder above it) a new name: the new name and the one it would have had. */
  savedAs(newName: string, oldName: string): string;
  /** The file becomes a new version of the one already there. */
  replacesExisting: string;
  /** Another path in the batch or on the server differs from this one only by case. */
  caseCollision(otherPath: string): string;

  // Summary
  summaryLabel: string;
  totalProgress: string;
  batchStatus: Record<UploaderStatus, string>;
  /** `3 of 10 files`. */
  filesProgress(done: number, total: number): string;
  /** One count in the summary, e.g. `3 uploaded`, `1 failed`. */
  statusCount(status: FileStatus, n: number): string;
  noUploads: string;
  /** The headline when every file in the list was canceled or skipped. */
  nothingLeft: string;
  /** The byte line while sizes are still being read (the total is still growing): `1.2 MB of … (counting)`. */
  sizeCounting(uploaded: string): string;
  actionsLabel: string;
  startUpload: string;
  pauseAll: string;
  resumeAll: string;
  cancelAll: string;
  retryFailed: string;
  clearFinished: string;
  /** `variant="panel"`: the panel's accessible name. */
  panelLabel: string;
  /** The panel's heading while files move or wait: `Uploading 3 files`. */
  panelUploading(files: number): string;
  /** …when every file is uploaded: `3 uploads complete`. */
  panelDone(done: number): string;
  /** …when some failed: `1 upload failed`. */
  panelFailed(failed: number): string;
  panelCollapse: string;
  panelExpand: string;
  panelClose: string;
  /** While the target is listed (conflicts, quota) before anything is sent. */
  checkingTarget: string;
  /** While the folders of a dropped tree are created. */
  creatingFolders(settled: number, total: number): string;

  // Live announcements
  /** While uploading, at most every few seconds: `3 of 10 files uploaded, 42%`. */
  announceProgress(done: number, total: number, percent: number): string;
  announceDone(total: number): string;
  announceFailed(failed: number, total: number): string;
  announcePaused: string;

  // Errors
  errorsTitle(failed: number): string;
  errors: Record<UploadErrorKind, string>;
  /** A name the server refuses, named, with the reason (`invalid-name` when the core says which name and why). */
  invalidName(name: string, problem: NameProblem): string;
  errorUnknown: string;
  /** `HTTP 507`. */
  httpStatus(status: number): string;
  requestIdLabel: string;
  copyDetails: string;
  /** Accessible name of a row's "Copy details" button; contains `copyDetails` (label in name). */
  copyDetailsOf(name: string): string;
  copyAllDetails: string;
  copied: string;
  copyFailed: string;
  /** Below a cut-off error list: `and 120 more`. */
  moreErrors(n: number): string;
  /** Empty folders of a drop that could not be created (`snapshot.folderErrors`). */
  folderErrorsTitle(n: number): string;
  /** A folder's row: that it was not created, then the reason in plain words. */
  folderNotCreated(reason: string): string;
  detailFields: DetailFieldLabels;

  // Conflict dialog (a name in the batch is taken in the target folder)
  /**
   * The dialog's heading: `kind` is what the batch brings, `existing` what is there now; sizes are formatted.
   * E.g. `“report.pdf” already exists in /Docs`, `A folder “Photos” already exists in /Docs`.
   */
  conflictTitle(kind: 'file' | 'folder', existing: 'file' | 'folder', name: string, folder: string): string;
  /** A file's sizes, formatted; `existing` is `undefined` when the server did not say. */
  conflictFileSizes(existing: string | undefined, incoming: string): string;
  /** What a dropped folder brings: its file count and total size (formatted). */
  conflictFolderContent(files: number, size: string): string;
  conflictReplace: string;
  conflictReplaceHint: string;
  conflictKeepBoth: string;
  /** `example`: the name "keep both" would give when no other copy exists, e.g. `report (1).pdf`. */
  conflictKeepBothHint(kind: 'file' | 'folder', example: string): string;
  conflictMerge: string;
  conflictMergeHint: string;
  conflictSkip: string;
  conflictSkipHint(kind: 'file' | 'folder'): string;
  /**
   * The "apply to all" checkbox: `n` further conflicts of the same kind known now; `0` when none is known yet (more
   * may be found inside folders that are merged).
   */
  conflictApplyToAll(kind: 'file' | 'folder', n: number): string;
  /** Cancels the whole batch (nothing of it is uploaded). */
  conflictCancelUpload: string;
  /** Accessible name of the group of choices. */
  conflictChoices: string;

  // Quota holds (files waiting for free space)
  /** With the figures of the pre-check (sizes formatted); `space` is `undefined` when its name is not known. */
  holdNotEnoughSpace(space: string | undefined, needed: string, available: string, missing: string): string;
  /** After the server's 507, without figures. */
  holdSpaceFull(space: string | undefined): string;
  holdFilesWaiting(files: number): string;
  holdTryAgain: string;
  holdCancelFiles: string;

  // Sign in again (the token was refused and could not be refreshed)
  signInRequired(files: number): string;
  signInContinue: string;
  /** A paused row waiting for sign-in (`hold: 'sign-in'`), instead of `fileStatus.paused`. */
  waitingForSignIn: string;
  /** The upload started over with a fresh upload URL (the old one had expired or was gone). */
  restarted(times: number): string;

  // Interrupted uploads (resume records from an earlier visit)
  /** Heading of the list of uploads that stopped before they finished. */
  interruptedTitle: string;
  /** How to continue one of them. */
  interruptedHint: string;
  /**
   * When it started: `when` is formatted already, relative (`5 minutes ago`, `yesterday`) or, when `absolute`, a
   * date and time.
   */
  interruptedStarted(when: string, absolute: boolean): string;
  interruptedForget: string;
  /** Accessible name of a row's "Forget" button; contains `interruptedForget` (label in name). */
  interruptedForgetFile(name: string): string;
  /** Continue from the kept bytes (`resume.keepFileBytes`). */
  interruptedContinue: string;
  interruptedContinueFile(name: string): string;
  interruptedForgetAll: string;

  // Dropped folders as one row; failures grouped by cause
  /** Accessible name of a folder row's disclosure button (with `aria-expanded`): `Files in Photos`. */
  folderFiles(name: string): string;
  /** How many files a group of failures holds: `15 files`. */
  errorGroupFiles(n: number): string;
  /** How many folders a group of failures holds: `2 folders`. */
  errorGroupFolders(n: number): string;
  /** A group's retry button; its accessible name is `retryTheseOf(n)` (contains it). */
  retryThese: string;
  retryTheseOf(n: number): string;
  /** A group of damaged files' retry button, and its accessible name. */
  uploadTheseAgain: string;
  uploadTheseAgainOf(n: number): string;
  /** Accessible name of a group's "Copy details" (contains `copyDetails`). */
  copyDetailsOfGroup(n: number): string;
  /** The disclosure button that lists a group's files. */
  showFiles: string;
  /** A folder row's icon buttons, for that folder's files: the accessible name names the folder. */
  pauseFolder(name: string): string;
  resumeFolder(name: string): string;
  cancelFolder(name: string): string;
  /** Retries the folder's failed files. */
  retryFolder(name: string): string;
}

/** Keys whose values are records: an override merges into them instead of replacing them. */
const NESTED = ['errors', 'fileStatus', 'batchStatus', 'detailFields'] as const;

/** A partial `messages` prop: any string or function, and any single entry of the records. */
export type SpaceUploaderMessagesOverride = {
  [K in keyof SpaceUploaderMessages]?: K extends (typeof NESTED)[number]
    ? Partial<SpaceUploaderMessages[K]>
    : SpaceUploaderMessages[K];
};

const en = (n: number) => formatCount(n, 'en');
const percentEn = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 });

export const messagesEn: SpaceUploaderMessages = {
  locale: 'en',
  byteUnits: ['B', 'KB', 'MB', 'GB', 'TB'],
  perSecond: (size) => `${size}/s`,
  durationHours: (n) => `${n} h`,
  durationMinutes: (n) => `${n} min`,
  durationSeconds: (n) => `${n} s`,
  percent: (n) => percentEn.format(n / 100),
  bytesOf: (uploaded, total) => `${uploaded} of ${total}`,
  sizePending: 'Reading size…',
  timeLeft: (_seconds, duration) => `${duration} left`,

  dropZoneLabel: 'Choose files to upload',
  dropTitle: 'Drop files or folders here',
  dropHint: 'or click, or press Enter, to choose files',
  dropActive: 'Release to add them',
  chooseFolder: 'Choose a folder',
  readingDrop: 'Reading the dropped folders…',
  filesAdded: (files, emptyFolders) =>
    `${en(files)} ${files === 1 ? 'file' : 'files'} added` +
    (emptyFolders > 0 ? `, ${en(emptyFolders)} empty ${emptyFolders === 1 ? 'folder' : 'folders'}` : ''),
  dropEmpty: 'Nothing to upload was dropped.',
  dropFailed: 'The dropped items could not be read.',

  fileListLabel: 'Files',
  noFiles: 'No files yet',
  fileStatus: {
    queued: 'Waiting',
    preparing: 'Preparing',
    uploading: 'Uploading',
    paused: 'Paused',
    finalizing: 'Finalizing',
    done: 'Uploaded',
    failed: 'Failed',
    canceled: 'Canceled',
    skipped: 'Skipped',
  },
  progressLabel: (name) => `Progress of ${name}`,
  pauseFile: (name) => `Pause ${name}`,
  resumeFile: (name) => `Resume ${name}`,
  cancelFile: (name) => `Cancel ${name}`,
  retryFile: (name) => `Retry ${name}`,
  uploadAgainFile: (name) => `Upload ${name} again`,
  waitingForSpace: 'Waiting for free space',
  savedAs: (newName, oldName) => `Saved as “${newName}” (“${oldName}” exists)`,
  replacesExisting: 'Replaces the existing file (new version)',
  caseCollision: (other) => `Differs only in upper/lower case from ${other}`,

  summaryLabel: 'Upload progress',
  totalProgress: 'Total progress',
  batchStatus: {
    idle: 'Ready to upload',
    preparing: 'Preparing…',
    uploading: 'Uploading…',
    paused: 'Paused',
    finalizing: 'Finalizing…',
    done: 'Done',
    failed: 'Finished with errors',
  },
  filesProgress: (done, total) => `${en(done)} of ${en(total)} ${total === 1 ? 'file' : 'files'}`,
  statusCount: (status, n) => {
    const words: Record<FileStatus, string> = {
      queued: 'waiting',
      preparing: 'preparing',
      uploading: 'uploading',
      paused: 'paused',
      finalizing: 'finalizing',
      done: 'uploaded',
      failed: 'failed',
      canceled: 'canceled',
      skipped: 'skipped',
    };
    return `${en(n)} ${words[status]}`;
  },
  noUploads: 'Nothing to upload yet',
  nothingLeft: 'Nothing left to upload',
  sizeCounting: (uploaded) => `${uploaded} of … (counting files)`,
  actionsLabel: 'Upload actions',
  startUpload: 'Start upload',
  pauseAll: 'Pause all',
  resumeAll: 'Resume all',
  cancelAll: 'Cancel all',
  retryFailed: 'Retry failed',
  clearFinished: 'Clear finished',
  panelLabel: 'Uploads',
  panelUploading: (files) => `Uploading ${en(files)} ${files === 1 ? 'file' : 'files'}`,
  panelDone: (done) => `${en(done)} ${done === 1 ? 'upload' : 'uploads'} complete`,
  panelFailed: (failed) => `${en(failed)} ${failed === 1 ? 'upload' : 'uploads'} failed`,
  panelCollapse: 'Hide the list of uploads',
  panelExpand: 'Show the list of uploads',
  panelClose: 'Close',
  checkingTarget: 'Checking the target…',
  creatingFolders: (settled, total) => `Creating folders ${en(settled)} of ${en(total)}`,

  announceProgress: (done, total, percent) =>
    `${en(done)} of ${en(total)} ${total === 1 ? 'file' : 'files'} uploaded, ${percentEn.format(percent / 100)}`,
  announceDone: (total) => (total === 1 ? 'The file was uploaded' : 'All files uploaded'),
  announceFailed: (failed) => `${en(failed)} ${failed === 1 ? 'file' : 'files'} failed`,
  announcePaused: 'Upload paused',

  errorsTitle: (failed) => `${en(failed)} ${failed === 1 ? 'file' : 'files'} could not be uploaded`,
  errors: {
    unauthorized: 'Your session has ended. Sign in again, then retry.',
    forbidden: "You can't upload here.",
    expired: 'The upload expired. Retry to start it again.',
    'not-found': 'The target folder or the upload no longer exists.',
    conflict: 'A folder with this name already exists, or the upload changed on the server.',
    precondition: 'The parent folder is missing (or the name is not allowed).',
    locked: 'The folder is locked. Try again later.',
    'rate-limited': 'Too many requests. Wait a moment, then retry.',
    quota: 'Quota exceeded: the space is full.',
    server: 'The server had a problem. Try again later.',
    network: 'Network connection lost.',
    invalid: 'The server refused this file.',
    'invalid-name': 'This name is not allowed on the server.',
    integrity: 'The file arrived damaged. Upload it again to send a fresh copy.',
    unreadable: 'The file could not be read (moved, deleted or no longer accessible).',
    aborted: 'The upload was stopped.',
  },
  invalidName: (name, problem) => {
    const shown = `“${name}”`;
    switch (problem) {
      case 'empty':
        return 'A name must not be empty.';
      case 'dot':
        return `${shown} is not allowed as a name.`;
      case 'slash':
        return `${shown} contains “/”, which cannot be part of a name.`;
      case 'backslash':
        return `${shown} contains “\\”, which the server does not allow.`;
      case 'control':
        return `${shown} contains a control character (such as a line break).`;
      case 'too-long':
        return `${shown} is longer than the server allows (255 bytes).`;
    }
  },
  errorUnknown: 'Something went wrong.',
  httpStatus: (status) => `HTTP ${status}`,
  requestIdLabel: 'Request ID',
  copyDetails: 'Copy details',
  copyDetailsOf: (name) => `Copy details of ${name}`,
  copyAllDetails: 'Copy all details',
  copied: 'Copied',
  copyFailed: 'Could not copy. Select the details below and copy them by hand.',
  moreErrors: (n) => `and ${en(n)} more`,
  folderErrorsTitle: (n) => (n === 1 ? '1 folder could not be created' : `${en(n)} folders could not be created`),
  folderNotCreated: (reason) => `The folder was not created. ${reason}`,
  detailFields: {
    file: 'File',
    folder: 'Folder',
    path: 'Path',
    error: 'Error',
    message: 'Message',
    status: 'Status',
    requestId: 'Request ID',
    method: 'Method',
    url: 'URL',
    time: 'Time',
  },

  conflictTitle: (kind, existing, name, folder) =>
    existing === 'folder'
      ? `A folder “${name}” already exists in ${folder}`
      : kind === 'folder'
        ? `A file “${name}” already exists in ${folder}`
        : `“${name}” already exists in ${folder}`,
  conflictFileSizes: (existing, incoming) =>
    existing === undefined ? `New file: ${incoming}` : `Existing file: ${existing} · New file: ${incoming}`,
  conflictFolderContent: (files, size) => `You are adding ${en(files)} ${files === 1 ? 'file' : 'files'} (${size}).`,
  conflictReplace: 'Replace',
  conflictReplaceHint: 'The new file becomes the current version; the old one is kept as an earlier version.',
  conflictKeepBoth: 'Keep both',
  conflictKeepBothHint: (kind, example) => `The new ${kind} is saved under the next free name, e.g. “${example}”.`,
  conflictMerge: 'Merge',
  conflictMergeHint: 'The files go into the existing folder; the files inside are checked one by one.',
  conflictSkip: 'Skip',
  conflictSkipHint: (kind) =>
    kind === 'folder' ? 'Nothing of this folder is uploaded.' : 'This file is not uploaded.',
  conflictApplyToAll: (kind, n) =>
    n === 0
      ? `Do this for any further ${kind} conflicts`
      : kind === 'folder'
        ? n === 1
          ? 'Do this for the other folder conflict'
          : `Do this for the ${en(n)} other folder conflicts`
        : n === 1
          ? 'Do this for the other file conflict'
          : `Do this for the ${en(n)} other file conflicts`,
  conflictCancelUpload: 'Cancel upload',
  conflictChoices: 'What should happen?',

  holdNotEnoughSpace: (space, needed, available, missing) =>
    `Not enough space in ${space ?? 'this space'}: ${needed} needed, ${available} free (${missing} missing). Free up space, then try again.`,
  holdSpaceFull: (space) => `${space ?? 'This space'} is full. Free up space, then try again.`,
  holdFilesWaiting: (files) => (files === 1 ? '1 file is waiting.' : `${en(files)} files are waiting.`),
  holdTryAgain: 'Try again',
  holdCancelFiles: 'Cancel these files',

  signInRequired: (files) =>
    `Your session has ended. Sign in again, then continue: ${files === 1 ? '1 upload goes' : `${en(files)} uploads go`} on where ${files === 1 ? 'it' : 'they'} stopped.`,
  signInContinue: 'Continue',
  waitingForSignIn: 'Waiting for sign-in',
  restarted: (times) => `Started over ${times === 1 ? 'once' : `${en(times)} times`} (the upload link had expired)`,

  interruptedTitle: 'Interrupted uploads',
  interruptedHint: 'Pick the same file again to continue where it stopped.',
  interruptedStarted: (when, absolute) => (absolute ? `started on ${when}` : `started ${when}`),
  interruptedForget: 'Forget',
  interruptedForgetFile: (name) => `Forget ${name}`,
  interruptedContinue: 'Continue',
  interruptedContinueFile: (name) => `Continue ${name}`,
  interruptedForgetAll: 'Forget all',

  folderFiles: (name) => `Files in ${name}`,
  errorGroupFiles: (n) => `${en(n)} ${n === 1 ? 'file' : 'files'}`,
  errorGroupFolders: (n) => `${en(n)} ${n === 1 ? 'folder' : 'folders'}`,
  retryThese: 'Retry these',
  retryTheseOf: (n) => `Retry these (${en(n)} files)`,
  uploadTheseAgain: 'Upload these again',
  uploadTheseAgainOf: (n) => `Upload these again (${en(n)} files)`,
  copyDetailsOfGroup: (n) => `Copy details (${en(n)} ${n === 1 ? 'item' : 'items'})`,
  showFiles: 'Show files',
  pauseFolder: (name) => `Pause ${name}`,
  resumeFolder: (name) => `Resume ${name}`,
  cancelFolder: (name) => `Cancel ${name}`,
  retryFolder: (name) => `Retry failed files in ${name}`,
};

/**
 * `base` with `override` laid over it: plain entries replace, the records (`errors`, `fileStatus`,
 * `batchStatus`, `detailFields`) merge entry by entry; `undefined` entries are ignored.
 */
export function mergeMessages(
  base: SpaceUploaderMessages,
  override: SpaceUploaderMessagesOverride | undefined,
): SpaceUploaderMessages {
  if (!override) return base;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    if ((NESTED as readonly string[]).includes(key) && typeof value === 'object' && value !== null) {
      const nested: Record<string, unknown> = { ...(merged[key] as Record<string, unknown>) };
      for (const [entry, text] of Object.entries(value as Record<string, unknown>)) {
        if (text !== undefined) nested[entry] = text;
      }
      merged[key] = nested;
    } else {
      merged[key] = value;
    }
  }
  return merged as unknown as SpaceUploaderMessages;
}

/** The plain-words error of a failed item. */
export function errorText(item: Pick<UploadItem, 'error'>, messages: SpaceUploaderMessages): string {
  const invalid = item.error?.details.invalidName;
  if (item.error?.kind === 'invalid-name' && invalid)
    return messages.invalidName(shortened(visible(invalid.name)), invalid.problem);
  return (item.error ? messages.errors[item.error.kind] : undefined) || messages.errorUnknown;
}

/**
 * A name as the message quotes it: a long one (up to 255 bytes) is cut in the middle, so that the message beside the
 * file's row does not repeat a whole line of it. The row and `title` keep the full name.
 */
const MESSAGE_NAME_CHARS = 48;
const shortened = (name: string): string => {
  const chars = [...name];
  if (chars.length <= MESSAGE_NAME_CHARS) return name;
  return `${chars.slice(0, 32).join('')}…${chars.slice(-12).join('')}`;
};

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
/** A name with its control characters written out (`a\nb`): a line break in a name would not show. */
const visible = (name: string): string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is written out
  name.replace(/[\u0000-\u001f\u007f]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
