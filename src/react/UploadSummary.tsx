/**
 * The batch at a glance: status, total progress, bytes, speed, time left, counts by state, and the actions
 * that apply (start, pause all, resume all, cancel all, retry failed, clear finished). A polite live region
 * announces progress at most every `announceInterval` and completion, failure or pause at once.
 */
import { type ReactNode, useContext, useMemo } from 'react';
import { EMPTY_SNAPSHOT, FILE_STATUSES, type UploaderSnapshot } from '../core/index.js';
import { UploaderContext, usePartSelector } from './context.js';
import { formatDuration, formatSpeed } from './format.js';
import { mergeMessages, messagesEn, type SpaceUploaderMessagesOverride } from './messages.js';
import { ProgressBar } from './ProgressBar.js';
import { sameFigures } from './store.js';
import {
  applicableActions,
  bytesLine,
  type HeldFiles,
  heldOf,
  NO_HELD,
  preparationText,
  type SummaryActions,
  summaryBar,
  summaryHeadline,
  useAnnouncement,
} from './summary-state.js';

export { applicableActions, preparationText, type SummaryActions } from './summary-state.js';

export interface UploadSummaryProps {
  /**
   * Totals and status (and what the checks before upload are doing, and the paused files that wait for free space
   * or a sign-in) to show; default the uploader's.
   */
  snapshot?: Pick<UploaderSnapshot, 'totals' | 'status'> &
    Partial<Pick<UploaderSnapshot, 'preparation' | 'folderErrors'>> & { held?: HeldFiles };
  /** Default the uploader's. A button shows only when its action is given and applies. */
  actions?: Partial<SummaryActions>;
  /** Laid over the context's messages (or English). */
  messages?: SpaceUploaderMessagesOverride;
  /** Least time between two progress announcements, in ms. Default 10,000. */
  announceInterval?: number;
  className?: string;
}

type SummarySlice = Pick<UploaderSnapshot, 'totals' | 'status' | 'preparation' | 'folderErrors'> & {
  held: HeldFiles;
};
const selectSummary = ({ totals, status, preparation, folderErrors, items }: UploaderSnapshot): SummarySlice => ({
  totals,
  status,
  preparation,
  folderErrors,
  // Only while paused: the scan is skipped on every progress tick.
  held: status === 'paused' ? heldOf(items) : NO_HELD,
});
export function UploadSummary(props: UploadSummaryProps): ReactNode {
  const context = useContext(UploaderContext);
  const base = context?.messages ?? messagesEn;
  const m = useMemo(() => mergeMessages(base, props.messages), [base, props.messages]);
  const contextSlice = usePartSelector(!props.snapshot && selectSummary, sameFigures);
  // Outside a provider (and on the server) the empty snapshot: "No uploads yet".
  const snapshot: NonNullable<UploadSummaryProps['snapshot']> = props.snapshot ?? contextSlice ?? EMPTY_SNAPSHOT;
  const actions: Partial<SummaryActions> = props.actions ?? context?.actions ?? {};
  const { status, totals } = snapshot;
  const held = snapshot.held ?? NO_HELD;
  // Every file done but a folder of the drop not created: not a plain "Done" above the error.
  const headline = status === 'done' && (snapshot.folderErrors?.length ?? 0) > 0 ? 'failed' : status;
  const { counts, files } = totals;
  const { done, failed } = counts;
  // Every row, canceled and skipped ones too: "1 of 6 files" beside a list of 6.
  const rows = files + counts.canceled + counts.skipped;
  const bar = summaryBar(totals, status);
  const { percent } = bar;
  const preparing = preparationText(snapshot.preparation, m);
  // Said as shown: "3 of 6 files", every listed row counted.
  const announcement = useAnnouncement(
    status,
    done,
    failed,
    rows,
    percent,
    preparing,
    held.quota + held.signIn > 0,
    m,
    props.announceInterval ?? 10_000,
  );
  const className = ['su-summary', props.className].filter(Boolean).join(' ');

  const liveRegion = (
    <div className="su-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {announcement}
    </div>
  );

  if (rows === 0) {
    return (
      <section className={className} aria-label={m.summaryLabel} data-status={status} data-empty="true">
        <p className="su-summary__status">{m.noUploads}</p>
        {liveRegion}
      </section>
    );
  }

  const retryableFolders = snapshot.folderErrors?.filter((f) => f.retryable).length ?? 0;
  const applies = applicableActions(counts, status, held, retryableFolders);
  const shown = (key: keyof SummaryActions) => applies[key] && actions[key] !== undefined;
  // One primary button: the action that moves the batch forward; none beside a hold's banner, which has its own.
  const primary = held.quota + held.signIn > 0 ? undefined : (['start', 'resume', 'retry'] as const).find(shown);
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
  // Nothing left to send (every row canceled or skipped): no bar, no bytes; the counts and "Clear finished".
  const moving = files > 0;
  // Every file failed: failed files leave the byte totals, so there are no bytes to tell ("0 B of 0 B").
  const details: string[] = files > counts.failed ? [bytesLine(totals, m)] : [];
  if (status === 'uploading' && totals.speed > 0) details.push(formatSpeed(totals.speed, m));
  const duration = formatDuration(totals.timeLeft, m);
  if (status === 'uploading' && totals.timeLeft !== undefined && duration) {
    details.push(m.timeLeft(totals.timeLeft, duration));
  }

  return (
    <section
      className={className}
      aria-label={m.summaryLabel}
      data-status={headline}
      data-held={held.quota + held.signIn > 0 || undefined}
    >
      <div className="su-summary__head">
        <div className="su-summary__heading">
          <p className="su-summary__status">{summaryHeadline(totals, headline, held, m)}</p>
          <p className="su-summary__files">{m.filesProgress(done, rows)}</p>
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
      {moving ? (
        <div className="su-summary__bar">
          <ProgressBar
            className="su-progress--large"
            label={m.totalProgress}
            percent={percent}
            valueText={details[0] ? `${m.percent(percent)}, ${details[0]}` : m.percent(percent)}
            status={bar.status}
          />
          <span className="su-summary__percent" aria-hidden="true">
            {m.percent(percent)}
          </span>
        </div>
      ) : null}
      {details.length > 0 ? (
        <p className="su-summary__details">
          {details.map((text) => (
            <span key={text} className="su-summary__detail">
              {text}
            </span>
          ))}
        </p>
      ) : null}
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
