/**
 * One file of the list: name (and the folder it came from), size, progress, speed and time left, status, what the
 * checks before upload decided, the error in plain words, and per-file pause/resume/cancel/retry.
 */
import { memo } from 'react';
import type { UploadItem } from '../core/index.js';
import type { UploaderActions } from './context.js';
import { FileName } from './FileName.js';
import { FilePreview } from './FilePreview.js';
import { CancelIcon, PauseIcon, ResumeIcon, RetryIcon, STATUS_ICON } from './file-icons.js';
import { folderOf, formatBytes, formatDuration, formatSpeed, percentOf } from './format.js';
import { IconButton } from './IconButton.js';
import { errorText, type SpaceUploaderMessages } from './messages.js';
import { ProgressBar } from './ProgressBar.js';

/** The per-file actions the list uses. */
export type FileActions = Pick<UploaderActions, 'pause' | 'resume' | 'cancel' | 'retry'>;

export interface FileRowProps {
  item: UploadItem;
  messages: SpaceUploaderMessages;
  actions: FileActions | undefined;
  /** The file behind an item, for an image's preview (the uploader's `file(id)`); none: type icons only. */
  fileOf?: ((id: string) => Blob | undefined) | undefined;
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
export const FileRow = memo(function FileRow({ item, messages: m, actions, fileOf }: FileRowProps) {
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
        <FilePreview name={name} type={item.type} file={fileOf?.(item.id)} />
        <div className="su-file__title">
          <FileName name={name} />
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
        <ProgressBar label={m.progressLabel(name)} percent={percent} valueText={m.percent(percent)} status={status} />
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
          <IconButton
            label={item.error?.kind === 'integrity' ? m.uploadAgainFile(name) : m.retryFile(name)}
            onClick={() => actions.retry(item.id)}
            kind="retry"
          >
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
