/**
 * `variant="panel"`: the uploads as a small panel in the page's corner (as Drive shows them), for apps that have
 * their own drop target and feed files through `actions.addFiles`. A header sums the batch up ("Uploading 3 files ·
 * 2 min left") over a thin total bar; the list, errors and notices fold away under it; once nothing is left to do,
 * Close clears the finished files and hides the panel until files come again. No drop zone.
 */
import { type ReactNode, useContext, useId, useState } from 'react';
import type { UploaderSnapshot } from '../core/index.js';
import { UploaderContext, useUploaderSelector } from './context.js';
import { FileList } from './FileList.js';
import { CancelIcon } from './file-icons.js';
import { formatDuration, percentOf } from './format.js';
import { messagesEn, type SpaceUploaderMessages } from './messages.js';
import { ProgressBar } from './ProgressBar.js';
import { QuotaHolds, SignInNotice } from './QuotaHolds.js';
import { UploadErrors } from './UploadErrors.js';

interface PanelState {
  status: UploaderSnapshot['status'];
  files: number;
  unfinished: number;
  done: number;
  failed: number;
  percent: number;
  timeLeft: number | undefined;
  /** The newest item: a new one after Close shows the panel again. */
  lastId: string | undefined;
}

const selectPanel = (s: UploaderSnapshot): PanelState => {
  const { counts } = s.totals;
  return {
    status: s.status,
    files: s.totals.files,
    unfinished: counts.queued + counts.preparing + counts.uploading + counts.paused + counts.finalizing,
    done: counts.done,
    failed: counts.failed,
    percent: percentOf(s.totals.bytesUploaded, s.totals.bytesTotal, s.status === 'done'),
    timeLeft: s.status === 'uploading' ? s.totals.timeLeft : undefined,
    lastId: s.items.at(-1)?.id,
  };
};

const samePanel = (a: PanelState, b: PanelState) =>
  (Object.keys(a) as Array<keyof PanelState>).every((key) => Object.is(a[key], b[key]));

function heading(state: PanelState, m: SpaceUploaderMessages): string {
  if (state.unfinished > 0) {
    if (state.status === 'paused') return `${m.batchStatus.paused} · ${m.filesProgress(state.done, state.files)}`;
    const duration = formatDuration(state.timeLeft, m);
    const left = state.timeLeft !== undefined && duration ? ` · ${m.timeLeft(state.timeLeft, duration)}` : '';
    return `${m.panelUploading(state.unfinished)}${left}`;
  }
  if (state.failed > 0) return m.panelFailed(state.failed);
  return m.panelDone(state.done);
}

const Chevron = ({ up }: { up: boolean }) => (
  <svg className="su-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
    <path
      fill="none"
      stroke="currentColor"
      strokeWidth="2.2"
      strokeLinecap="round"
      strokeLinejoin="round"
      d={up ? 'M6 15l6-6 6 6' : 'M6 9l6 6 6-6'}
    />
  </svg>
);

export interface UploadPanelProps {
  /** Start folded (the header alone). */
  defaultCollapsed?: boolean;
  className?: string;
}

export function UploadPanel({ defaultCollapsed = false, className }: UploadPanelProps): ReactNode {
  const m = useContext(UploaderContext)?.messages ?? messagesEn;
  const actions = useContext(UploaderContext)?.actions;
  const state = useUploaderSelector(selectPanel, samePanel);
  const [collapsed, setCollapsed] = useState(defaultCollapsed);
  const [closedAt, setClosedAt] = useState<string | undefined>();
  const bodyId = useId();
  const titleId = useId();
  if (state.files === 0 || (closedAt !== undefined && closedAt === state.lastId)) return null;
  const finished = state.unfinished === 0;
  const title = heading(state, m);
  return (
    <section
      className={['su-panel', className].filter(Boolean).join(' ')}
      aria-label={m.panelLabel}
      data-collapsed={collapsed}
      data-status={state.status}
    >
      <div className="su-panel__header">
        <h2 className="su-panel__title" id={titleId}>
          {title}
        </h2>
        <button
          type="button"
          className="su-icon-button"
          aria-expanded={!collapsed}
          aria-controls={bodyId}
          aria-label={collapsed ? m.panelExpand : m.panelCollapse}
          title={collapsed ? m.panelExpand : m.panelCollapse}
          onClick={() => setCollapsed(!collapsed)}
        >
          <Chevron up={collapsed} />
        </button>
        {finished ? (
          <button
            type="button"
            className="su-icon-button"
            aria-label={m.panelClose}
            title={m.panelClose}
            onClick={() => {
              actions?.clearFinished();
              setClosedAt(state.lastId);
            }}
          >
            <CancelIcon />
          </button>
        ) : null}
      </div>
      <ProgressBar
        className="su-panel__progress"
        label={m.totalProgress}
        percent={state.percent}
        valueText={m.percent(state.percent)}
        status={state.status}
      />
      <div className="su-panel__body" id={bodyId} hidden={collapsed}>
        <SignInNotice />
        <QuotaHolds />
        <UploadErrors />
        <FileList maxHeight="var(--su-panel-list-height, 18rem)" />
      </div>
    </section>
  );
}
