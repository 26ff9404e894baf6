/**
 * The files of the batch, virtualised: name (and the folder it came from), size, progress, speed and time
 * left, status, the error in plain words, and per-file pause/resume/cancel/retry. Rows are memoised: a
 * progress update of one file re-renders that row only.
 */
import { memo, type ReactNode, useContext, useLayoutEffect, useMemo, useRef } from 'react';
import type { UploadItem } from '../core/index.js';
import { type UploaderActions, UploaderContext } from './context.js';
import { folderOf, formatBytes, formatDuration, formatSpeed, percentOf, progressFillStyle } from './format.js';
import {
  errorText,
  mergeMessages,
  messagesEn,
  type SpaceUploaderMessages,
  type SpaceUploaderMessagesOverride,
} from './messages.js';
import { VirtualList } from './VirtualList.js';

/** The per-file actions the list uses. */
export type FileActions = Pick<UploaderActions, 'pause' | 'resume' | 'cancel' | 'retry'>;

export interface FileListProps {
  /** The files to show; default the uploader's (from the context). */
  items?: readonly UploadItem[];
  /** Per-file actions; default the uploader's. Without any, rows show no buttons. */
  actions?: FileActions;
  /** Laid over the context's messages (or English). */
  messages?: SpaceUploaderMessagesOverride;
  /** Row height in pixels; default the `--su-row-height` CSS custom property. */
  rowHeight?: number;
  /** Rows rendered beyond each edge of the viewport. */
  overscan?: number;
  /** Accessible name of the list; default `messages.fileListLabel`. */
  label?: string;
  className?: string;
}

const svg = (path: ReactNode) => (
  <svg className="su-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
    {path}
  </svg>
);
const PauseIcon = () => svg(<path fill="currentColor" d="M7 5h3.5v14H7zM13.5 5H17v14h-3.5z" />);
const ResumeIcon = () => svg(<path fill="currentColor" d="M8 5v14l11-7z" />);
const CancelIcon = () =>
  svg(
    <path
      fill="none"
      stroke="currentColor"
      strokeWidth="2.2"
      strokeLinecap="round"
      d="M6.5 6.5l11 11M17.5 6.5l-11 11"
    />,
  );
const RetryIcon = () =>
  svg(
    <path
      fill="none"
      stroke="currentColor"
      strokeWidth="2.2"
      strokeLinecap="round"
      strokeLinejoin="round"
      d="M4.5 12a7.5 7.5 0 1 0 2.2-5.3M4.5 4v4.5H9"
    />,
  );

const STATUS_ICON: Record<UploadItem['status'], ReactNode> = {
  queued: <circle cx="12" cy="12" r="7" fill="none" stroke="currentColor" strokeWidth="2" strokeDasharray="3 3" />,
  preparing: <circle cx="12" cy="12" r="7" fill="none" stroke="currentColor" strokeWidth="2" strokeDasharray="3 3" />,
  uploading: <path fill="currentColor" d="M12 4l6 7h-4v7h-4v-7H6z" />,
  paused: <path fill="currentColor" d="M7 5h3.5v14H7zM13.5 5H17v14h-3.5z" />,
  finalizing: <path fill="currentColor" d="M12 4l6 7h-4v7h-4v-7H6z" />,
  done: (
    <path
      fill="none"
      stroke="currentColor"
      strokeWidth="2.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      d="M5 12.5l4.5 4.5L19 7.5"
    />
  ),
  failed: <path fill="currentColor" d="M12 3l10 18H2zm-1 6v6h2V9zm0 8v2h2v-2z" />,
  canceled: (
    <path
      fill="none"
      stroke="currentColor"
      strokeWidth="2.2"
      strokeLinecap="round"
      d="M6.5 6.5l11 11M17.5 6.5l-11 11"
    />
  ),
  // "Skip forward": the file was passed over, not lost.
  skipped: <path fill="currentColor" d="M5 6l8 6-8 6zM13 6l6 6-6 6zM19 6h2v12h-2z" />,
};

export interface FileRowProps {
  item: UploadItem;
  messages: SpaceUploaderMessages;
  actions: FileActions | undefined;
}

const UNFINISHED = new Set<UploadItem['status']>([
  'queued',
  'preparing',
  'uploading',
  'paused',
  'finalizing',
  'failed',
]);

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const folderPart = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/'))) || '/';

/**
 * What the checks before upload decided for this file, in words: a new name ("keep both", of the file or a
 * folder above it), a new version, a name that differs from another only by case. String work only: rows
 * render thousands of times while scrolling.
 */
function planNotes(item: UploadItem, m: SpaceUploaderMessages): Array<{ text: string; warning: boolean }> {
  const notes: Array<{ text: string; warning: boolean }> = [];
  if (item.status === 'skipped' || item.status === 'canceled') return notes;
  if (item.renamedFrom !== undefined && item.renamedFrom !== item.path) {
    const oldName = baseName(item.renamedFrom);
    // The file's own name changed, or only a folder above it ("Photos (1)"): name what differs.
    notes.push({
      text:
        oldName !== item.name
          ? m.savedAs(item.name, oldName)
          : m.savedAs(folderPart(item.path), folderPart(item.renamedFrom)),
      warning: false,
    });
  }
  if (item.replaces) notes.push({ text: m.replacesExisting, warning: false });
  if (item.caseCollision) notes.push({ text: m.caseCollision(item.caseCollision), warning: true });
  if (item.restarts > 0) notes.push({ text: m.restarted(item.restarts), warning: false });
  return notes;
}

/** One file. Memoised on its props: the item object changes only when that file changes. */
export const FileRow = memo(function FileRow({ item, messages: m, actions }: FileRowProps) {
  const { name, status, size } = item;
  const folder = folderOf(item.relativePath);
  const done = status === 'done';
  const percent = percentOf(item.bytesUploaded, size, done);
  const moving = status === 'uploading' || status === 'paused' || status === 'finalizing';
  const sizeText = !item.measured
    ? m.sizePending
    : moving
      ? m.bytesOf(formatBytes(item.bytesUploaded, m.locale, m.byteUnits), formatBytes(size, m.locale, m.byteUnits))
      : formatBytes(size, m.locale, m.byteUnits);
  const details: string[] = [];
  if (status === 'uploading') {
    if (item.speed > 0) details.push(formatSpeed(item.speed, m));
    const duration = formatDuration(item.timeLeft, m);
    if (item.timeLeft !== undefined && duration) details.push(m.timeLeft(item.timeLeft, duration));
  }
  const failedText = status === 'failed' ? errorText(item, m) : '';
  const held = status === 'paused' && item.hold === 'quota';
  const notes = planNotes(item, m);

  return (
    <div className="su-file" data-status={status} data-hold={item.hold}>
      <span className={`su-file__icon su-status-icon su-status-icon--${status}`} aria-hidden="true">
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          {STATUS_ICON[status]}
        </svg>
      </span>
      <div className="su-file__main">
        <div className="su-file__title">
          <span className="su-file__name" title={name}>
            {name}
          </span>
          {folder ? (
            <span className="su-file__folder" title={folder}>
              {folder}
            </span>
          ) : null}
        </div>
        <div className="su-file__meta">
          <span className="su-file__status">
            {held
              ? m.waitingForSpace
              : status === 'paused' && item.hold === 'sign-in'
                ? m.waitingForSignIn
                : m.fileStatus[status]}
          </span>
          {details.map((text) => (
            <span key={text} className="su-file__detail">
              {text}
            </span>
          ))}
          {notes.map((note) => (
            <span
              key={note.text}
              className={note.warning ? 'su-file__note su-file__note--warning' : 'su-file__note'}
              title={note.text}
            >
              {note.text}
            </span>
          ))}
          {failedText ? (
            <span className="su-file__error" title={failedText}>
              {failedText}
            </span>
          ) : null}
        </div>
      </div>
      <div className="su-file__size">{sizeText}</div>
      <div className="su-file__progress">
        <div
          className="su-progress"
          role="progressbar"
          aria-label={m.progressLabel(name)}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={m.percent(percent)}
          data-status={status}
        >
          <div className="su-progress__bar" style={progressFillStyle(percent)} />
        </div>
        <span className="su-file__percent" aria-hidden="true">
          {m.percent(percent)}
        </span>
      </div>
      <div className="su-file__actions">
        {actions && status === 'uploading' ? (
          <IconButton label={m.pauseFile(name)} onClick={() => actions.pause(item.id)} kind="pause">
            <PauseIcon />
          </IconButton>
        ) : null}
        {actions && status === 'paused' ? (
          <IconButton label={m.resumeFile(name)} onClick={() => actions.resume(item.id)} kind="resume">
            <ResumeIcon />
          </IconButton>
        ) : null}
        {actions && status === 'failed' ? (
          <IconButton label={m.retryFile(name)} onClick={() => actions.retry(item.id)} kind="retry">
            <RetryIcon />
          </IconButton>
        ) : null}
        {actions && UNFINISHED.has(status) ? (
          <IconButton label={m.cancelFile(name)} onClick={() => actions.cancel(item.id)} kind="cancel">
            <CancelIcon />
          </IconButton>
        ) : null}
      </div>
    </div>
  );
});

function IconButton(props: { label: string; onClick: () => void; kind: string; children: ReactNode }) {
  return (
    <button
      type="button"
      className={`su-icon-button su-icon-button--${props.kind}`}
      aria-label={props.label}
      title={props.label}
      data-action={props.kind}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}

/** Stable wrappers around possibly changing actions, so memoised rows do not re-render when they change. */
function useStableActions(actions: FileActions | undefined): FileActions | undefined {
  const latest = useRef(actions);
  useLayoutEffect(() => {
    latest.current = actions;
  });
  const stable = useMemo<FileActions>(
    () => ({
      pause: (id) => latest.current?.pause(id),
      resume: (id) => latest.current?.resume(id),
      cancel: (id) => latest.current?.cancel(id),
      retry: (id) => latest.current?.retry(id),
    }),
    [],
  );
  return actions ? stable : undefined;
}

const itemKey = (item: UploadItem) => item.id;
const rowClassName = (item: UploadItem) => `su-file-row su-file-row--${item.status}`;

export function FileList(props: FileListProps): ReactNode {
  const context = useContext(UploaderContext);
  const base = context?.messages ?? messagesEn;
  const messages = useMemo(() => mergeMessages(base, props.messages), [base, props.messages]);
  const items = props.items ?? context?.snapshot.items ?? [];
  const actions = useStableActions(props.actions ?? context?.actions);
  const renderItem = useMemo(
    () => (item: UploadItem) => <FileRow item={item} messages={messages} actions={actions} />,
    [messages, actions],
  );
  const className = props.className ? `su-filelist ${props.className}` : 'su-filelist';

  if (items.length === 0) {
    return (
      <div className={className} data-empty="true">
        <p className="su-filelist__empty">{messages.noFiles}</p>
      </div>
    );
  }
  return (
    <div className={className}>
      <VirtualList
        items={items}
        itemKey={itemKey}
        renderItem={renderItem}
        label={props.label ?? messages.fileListLabel}
        rowHeight={props.rowHeight}
        overscan={props.overscan}
        rowClassName={rowClassName}
      />
    </div>
  );
}
