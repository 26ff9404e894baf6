/**
 * What the summary shows, decided apart from how: which batch actions apply, the headline, the bar's colour and
 * percent, the byte line, and the polite announcements.
 */
import { useEffect, useRef, useState } from 'react';
import type { FileStatus, Preparation, UploaderSnapshot, UploaderStatus, UploadTotals } from '../core/index.js';
import type { UploaderActions } from './context.js';
import { formatBytes, percentOf } from './format.js';
import type { SpaceUploaderMessages } from './messages.js';

export type SummaryActions = Pick<UploaderActions, 'start' | 'pause' | 'resume' | 'cancel' | 'retry' | 'clearFinished'>;

/** Paused files that wait for something (free space, a sign-in) rather than for the user. */
export interface HeldFiles {
  quota: number;
  signIn: number;
}

export const NO_HELD: HeldFiles = Object.freeze({ quota: 0, signIn: 0 });

/** Counts the held files (a paused file with a `hold`). */
export function heldOf(items: UploaderSnapshot['items']): HeldFiles {
  let quota = 0;
  let signIn = 0;
  for (const item of items) {
    if (item.status !== 'paused') continue;
    if (item.hold === 'quota') quota++;
    else if (item.hold === 'sign-in') signIn++;
  }
  return quota + signIn === 0 ? NO_HELD : { quota, signIn };
}

/**
 * Which batch actions apply to these counts and status. Pause and resume never both: while files move, "Pause
 * all"; once nothing moves, "Resume all" for what the user paused (held files have their own banner's button).
 * "Retry failed" for failed files, and for empty folders that were not created and `retry()` creates again.
 */
export function applicableActions(
  counts: Readonly<Record<FileStatus, number>>,
  status: UploaderStatus,
  held: HeldFiles = NO_HELD,
  retryableFolders = 0,
): Record<keyof SummaryActions, boolean> {
  const running = status === 'uploading' || status === 'preparing';
  const pause = counts.uploading + counts.preparing > 0 || (running && counts.queued > 0);
  return {
    start: status === 'idle' && counts.queued > 0,
    pause,
    resume: !pause && counts.paused - held.quota - held.signIn > 0,
    cancel: counts.queued + counts.preparing + counts.uploading + counts.paused > 0,
    retry: counts.failed + retryableFolders > 0,
    clearFinished: counts.done + counts.canceled + counts.skipped > 0,
  };
}

/** The headline: what the batch is doing; a pause nobody asked for says what it waits for. */
export function summaryHeadline(
  totals: Pick<UploadTotals, 'files' | 'counts'>,
  status: UploaderStatus,
  held: HeldFiles,
  m: Pick<SpaceUploaderMessages, 'batchStatus' | 'nothingLeft' | 'waitingForSpace' | 'waitingForSignIn'>,
): string {
  if (totals.files === 0) return m.nothingLeft;
  if (status === 'paused' && held.quota + held.signIn === totals.counts.paused)
    return held.quota > 0 ? m.waitingForSpace : m.waitingForSignIn;
  return m.batchStatus[status];
}

/**
 * The bar's percent and colour. A batch that ended with failures is complete for every file that could go: 100 %,
 * in the colour of what was uploaded (the failures are counted and listed beside it), red only when nothing was.
 */
export function summaryBar(
  totals: Pick<UploadTotals, 'bytesUploaded' | 'bytesTotal' | 'counts'>,
  status: UploaderStatus,
): { percent: number; status: UploaderStatus } {
  const ended = status === 'done' || (status === 'failed' && totals.counts.done > 0);
  return {
    percent: percentOf(totals.bytesUploaded, totals.bytesTotal, ended),
    status: status === 'failed' && totals.counts.done > 0 ? 'done' : status,
  };
}

/** `3 MB of 10 MB`; while sizes are still being read, the total is not given yet (it is still growing). */
export function bytesLine(
  totals: Pick<UploadTotals, 'bytesUploaded' | 'bytesTotal' | 'measuring'>,
  m: Pick<SpaceUploaderMessages, 'bytesOf' | 'sizeCounting' | 'locale' | 'byteUnits'>,
): string {
  const uploaded = formatBytes(totals.bytesUploaded, m.locale, m.byteUnits);
  if (totals.measuring > 0) return m.sizeCounting(uploaded);
  return m.bytesOf(uploaded, formatBytes(totals.bytesTotal, m.locale, m.byteUnits));
}

/** What the checks before upload are doing, in words (`''` when nothing): listing the target, creating folders. */
export function preparationText(
  preparation: Preparation | undefined,
  m: Pick<SpaceUploaderMessages, 'checkingTarget' | 'creatingFolders'>,
): string {
  if (!preparation) return '';
  if (preparation.foldersTotal > 0 && preparation.foldersSettled < preparation.foldersTotal)
    return m.creatingFolders(preparation.foldersSettled, preparation.foldersTotal);
  if (preparation.checking > 0) return m.checkingTarget;
  return '';
}

/**
 * The live region's text: progress at most every `interval` ms, completion, failure or a pause at once. A hold is
 * not announced as a pause: its banner is an alert of its own.
 */
export function useAnnouncement(
  status: UploaderStatus,
  done: number,
  failed: number,
  total: number,
  percent: number,
  preparing: string,
  held: boolean,
  m: SpaceUploaderMessages,
  interval: number,
): string {
  const [text, setText] = useState('');
  // `time`: of the last announcement, or of the mount/start (-1 before the first run).
  const last = useRef({ status, time: -1, text: '' });
  useEffect(() => {
    const memory = last.current;
    if (memory.time < 0) memory.time = Date.now();
    const changed = status !== memory.status;
    memory.status = status;
    let message = '';
    if (changed && status === 'done') message = m.announceDone(total);
    else if (changed && status === 'failed') message = m.announceFailed(failed, total);
    else if (changed && status === 'paused' && !held) message = m.announcePaused;
    const immediate = message !== '';
    if (!immediate) {
      // Checks and folder creation are progress too: said at the same pace, never at once.
      if (status !== 'uploading' && status !== 'finalizing' && !preparing) return;
      // A fresh start is not announced at once: the first progress comes one interval later.
      if (changed) memory.time = Date.now();
      message = preparing || m.announceProgress(done, total, percent);
    }
    if (message === memory.text) return;
    const say = () => {
      memory.time = Date.now();
      memory.text = message;
      setText(message);
    };
    const wait = immediate ? 0 : memory.time + interval - Date.now();
    if (wait <= 0) {
      say();
      return;
    }
    const timer = setTimeout(say, wait);
    return () => clearTimeout(timer);
  }, [status, done, failed, total, percent, preparing, held, m, interval]);
  return text;
}
