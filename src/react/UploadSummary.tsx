/**
 * The batch at a glance: status, total progress, bytes, speed, time left, counts by state, and the actions
 * that apply (start, pause all, resume all, cancel all, retry failed, clear finished). A polite live region
 * announces progress at most every `announceInterval` and completion, failure or pause at once.
 */
import { type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';
import {
  EMPTY_SNAPSHOT,
  FILE_STATUSES,
  type FileStatus,
  type Preparation,
  type UploaderSnapshot,
  type UploaderStatus,
} from '../core/index.js';
import { type UploaderActions, UploaderContext, usePartSelector } from './context.js';
import { formatBytes, formatDuration, formatSpeed, percentOf, progressFillStyle } from './format.js';
import {
  mergeMessages,
  messagesEn,
  type SpaceUploaderMessages,
  type SpaceUploaderMessagesOverride,
} from './messages.js';
import { sameFigures } from './store.js';

export type SummaryActions = Pick<UploaderActions, 'start' | 'pause' | 'resume' | 'cancel' | 'retry' | 'clearFinished'>;

export interface UploadSummaryProps {
  /** Totals and status (and what the checks before upload are doing) to show; default the uploader's. */
  snapshot?: Pick<UploaderSnapshot, 'totals' | 'status'> &
    Partial<Pick<UploaderSnapshot, 'preparation' | 'folderErrors'>>;
  /** Default the uploader's. A button shows only when its action is given and applies. */
  actions?: Partial<SummaryActions>;
  /** Laid over the context's messages (or English). */
  messages?: SpaceUploaderMessagesOverride;
  /** Least time between two progress announcements, in ms. Default 10,000. */
  announceInterval?: number;
  className?: string;
}

/** Which batch actions apply to these counts and status. */
export function applicableActions(
  counts: Readonly<Record<FileStatus, number>>,
  status: UploaderStatus,
): Record<keyof SummaryActions, boolean> {
  const running = status === 'uploading' || status === 'preparing';
  return {
    start: status === 'idle' && counts.queued > 0,
    pause: counts.uploading + counts.preparing > 0 || (running && counts.queued > 0),
    resume: counts.paused > 0,
    cancel: counts.queued + counts.preparing + counts.uploading + counts.paused > 0,
    retry: counts.failed > 0,
    clearFinished: counts.done + counts.canceled + counts.skipped > 0,
  };
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

type SummarySlice = Pick<UploaderSnapshot, 'totals' | 'status' | 'preparation' | 'folderErrors'>;
const selectSummary = ({ totals, status, preparation, folderErrors }: UploaderSnapshot): SummarySlice => ({
  totals,
  status,
  preparation,
  folderErrors,
});
function useAnnouncement(
  status: UploaderStatus,
  done: number,
  failed: number,
  total: number,
  percent: number,
  preparing: string,
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
    else if (changed && status === 'paused') message = m.announcePaused;
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
  }, [status, done, failed, total, percent, preparing, m, interval]);
  return text;
}

export function UploadSummary(props: UploadSummaryProps): ReactNode {
  const context = useContext(UploaderContext);
  const base = context?.messages ?? messagesEn;
  const m = useMemo(() => mergeMessages(base, props.messages), [base, props.messages]);
  const contextSlice = usePartSelector(!props.snapshot && selectSummary, sameFigures);
  // Outside a provider (and on the server) the empty snapshot: "No uploads yet".
  const snapshot = props.snapshot ?? contextSlice ?? EMPTY_SNAPSHOT;
  const actions: Partial<SummaryActions> = props.actions ?? context?.actions ?? {};
  const { status, totals } = snapshot;
  const { counts, files } = totals;
  const { done, failed } = counts;
  const percent = percentOf(totals.bytesUploaded, totals.bytesTotal, status === 'done');
  const preparing = preparationText(snapshot.preparation, m);
  const announcement = useAnnouncement(
    status,
    done,
    failed,
    files,
    percent,
    preparing,
    m,
    props.announceInterval ?? 10_000,
  );
  const className = ['su-summary', props.className].filter(Boolean).join(' ');

  const liveRegion = (
    <div className="su-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {announcement}
    </div>
  );

  if (files === 0) {
    return (
      <section className={className} aria-label={m.summaryLabel} data-status={status} data-empty="true">
        <p className="su-summary__status">{m.noUploads}</p>
        {liveRegion}
      </section>
    );
  }

  // Every file done but a folder of the drop not created: not a plain "Done" above the error.
  const headline = status === 'done' && (snapshot.folderErrors?.length ?? 0) > 0 ? 'failed' : status;
  const applies = applicableActions(counts, status);
  const shown = (key: keyof SummaryActions) => applies[key] && actions[key] !== undefined;
  // One primary button: the action that moves the batch forward.
  const primary = (['start', 'resume', 'retry'] as const).find(shown);
  const button = (key: keyof SummaryActions, label: string) => {
    const action = actions[key];
    if (!applies[key] || !action) return null;
    const variant = key === primary ? 'primary' : key === 'clearFinished' ? 'quiet' : '';
    return (
      <button
        type="button"
        className={`su-button${variant ? ` su-button--${variant}` : ''}`}
        data-action={key}
        onClick={() => action()}
      >
        {label}
      </button>
    );
  };
  const units = m.byteUnits;
  const details: string[] = [
    m.bytesOf(formatBytes(totals.bytesUploaded, m.locale, units), formatBytes(totals.bytesTotal, m.locale, units)),
  ];
  if (status === 'uploading' && totals.speed > 0) details.push(formatSpeed(totals.speed, m));
  const duration = formatDuration(totals.timeLeft, m);
  if (status === 'uploading' && totals.timeLeft !== undefined && duration) {
    details.push(m.timeLeft(totals.timeLeft, duration));
  }

  return (
    <section className={className} aria-label={m.summaryLabel} data-status={headline}>
      <div className="su-summary__head">
        <div className="su-summary__heading">
          <p className="su-summary__status">{m.batchStatus[headline]}</p>
          <p className="su-summary__files">{m.filesProgress(done, files)}</p>
          {preparing ? <p className="su-summary__preparation">{preparing}</p> : null}
        </div>
        {/* biome-ignore lint/a11y/useSemanticElements: a labelled group of buttons, not a form fieldset */}
        <div className="su-summary__actions" role="group" aria-label={m.actionsLabel}>
          {button('start', m.startUpload)}
          {button('pause', m.pauseAll)}
          {button('resume', m.resumeAll)}
          {button('retry', m.retryFailed)}
          {button('cancel', m.cancelAll)}
          {button('clearFinished', m.clearFinished)}
        </div>
      </div>
      <div className="su-summary__bar">
        <div
          className="su-progress su-progress--large"
          role="progressbar"
          aria-label={m.totalProgress}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${m.percent(percent)}, ${details[0]}`}
          data-status={status}
        >
          <div className="su-progress__bar" style={progressFillStyle(percent)} />
        </div>
        <span className="su-summary__percent" aria-hidden="true">
          {m.percent(percent)}
        </span>
      </div>
      <p className="su-summary__details">
        {details.map((text) => (
          <span key={text} className="su-summary__detail">
            {text}
          </span>
        ))}
      </p>
      <ul className="su-summary__counts">
        {FILE_STATUSES.filter((s) => counts[s] > 0).map((s) => (
          <li key={s} className="su-summary__count" data-status={s}>
            <span className={`su-dot su-dot--${s}`} aria-hidden="true" />
            {m.statusCount(s, counts[s])}
          </li>
        ))}
      </ul>
      {liveRegion}
    </section>
  );
}
