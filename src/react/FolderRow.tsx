/**
 * A dropped folder as one row of the list: its name, how many of its files are uploaded, its failures, its bytes
 * and one bar, a disclosure button that lists its files below it (in the same virtual list), and the controls of a
 * file row for its files (pause or resume, retry the failed ones, cancel).
 */

import { memo, type ReactNode } from 'react';
import type { FileStatus, FolderError, UploaderStatus } from '../core/index.js';
import { FileName } from './FileName.js';
import type { FileActions } from './FileRow.js';
import { CancelIcon, PauseIcon, ResumeIcon, RetryIcon, STATUS_ICON } from './file-icons.js';
import { type FolderAction, folderActions, folderIds } from './folder-actions.js';
import { dropFolderOf, type FolderGroup } from './folder-groups.js';
import { formatBytes, percentOf } from './format.js';
import { IconButton } from './IconButton.js';
import { errorText, type SpaceUploaderMessages } from './messages.js';
import { ProgressBar } from './ProgressBar.js';

export interface FolderRowProps {
  group: FolderGroup;
  expanded: boolean;
  messages: SpaceUploaderMessages;
  /** Shows or hides the folder's files. */
  onToggle: (key: string, expanded: boolean) => void;
  /** The list the files appear in (the button's `aria-controls`). */
  listId: string;
  /** The uploader's actions, given the folder's ids; without them the row shows no buttons (as a file row). */
  actions?: FileActions | undefined;
}

/** The batch statuses as a file's, for the shared icon and bar styles. */
const AS_FILE: Record<UploaderStatus, FileStatus> = {
  idle: 'queued',
  preparing: 'preparing',
  uploading: 'uploading',
  paused: 'paused',
  finalizing: 'finalizing',
  done: 'done',
  failed: 'failed',
};

const FolderIcon = () => (
  <svg
    className="su-icon su-folder__icon"
    viewBox="0 0 24 24"
    width="16"
    height="16"
    aria-hidden="true"
    focusable="false"
  >
    <path fill="currentColor" d="M3 5h6l2 2h10v12H3z" />
  </svg>
);

const BUTTONS: Record<FolderAction, { label: (m: SpaceUploaderMessages, name: string) => string; icon: ReactNode }> = {
  pause: { label: (m, name) => m.pauseFolder(name), icon: <PauseIcon /> },
  resume: { label: (m, name) => m.resumeFolder(name), icon: <ResumeIcon /> },
  retry: { label: (m, name) => m.retryFolder(name), icon: <RetryIcon /> },
  cancel: { label: (m, name) => m.cancelFolder(name), icon: <CancelIcon /> },
};

export const FolderRow = memo(function FolderRow(props: FolderRowProps) {
  const { group, expanded, messages: m, onToggle, listId, actions } = props;
  const { name, totals, status } = group;
  const shown = AS_FILE[status];
  // Settled (done, or failed with nothing moving): its files' bytes are all in, failed ones left out.
  const settled = status === 'done' || status === 'failed';
  const percent = percentOf(totals.bytesUploaded, totals.bytesTotal, settled);
  // A few failures do not paint the whole bar red: they are counted in red beside the name.
  const barStatus = status === 'failed' ? 'done' : shown;
  const failed = totals.counts.failed;
  const format = (n: number) => formatBytes(n, m.locale, m.byteUnits);
  const moving = status === 'uploading' || status === 'paused' || status === 'finalizing';

  return (
    <div className="su-file su-folder" data-status={shown} data-folder="">
      <button
        type="button"
        className="su-folder__toggle"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-label={m.folderFiles(name)}
        title={m.folderFiles(name)}
        data-action="toggle"
        onClick={() => onToggle(group.key, !expanded)}
      >
        <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M9 6l6 6-6 6z" />
        </svg>
      </button>
      <div className="su-file__main">
        <span className="su-file__preview">
          <FolderIcon />
        </span>
        <div className="su-file__title">
          <FileName name={name} />
        </div>
        <div className="su-file__meta">
          <span className={`su-status-icon su-status-icon--${shown}`} aria-hidden="true">
            <svg viewBox="0 0 24 24" width="12" height="12" aria-hidden="true" focusable="false">
              {STATUS_ICON[shown]}
            </svg>
          </span>
          <span className="su-file__status">{m.filesProgress(totals.counts.done, totals.files)}</span>
          {failed > 0 ? <span className="su-file__error">{m.statusCount('failed', failed)}</span> : null}
          {group.folderErrors.length > 0 ? (
            <span className="su-file__error">{m.folderErrorsTitle(group.folderErrors.length)}</span>
          ) : null}
        </div>
      </div>
      <div className="su-file__size">
        {moving ? m.bytesOf(format(totals.bytesUploaded), format(totals.bytesTotal)) : format(totals.bytesTotal)}
      </div>
      <div className="su-file__progress">
        <ProgressBar
          label={m.progressLabel(name)}
          percent={percent}
          valueText={`${m.percent(percent)}, ${m.filesProgress(totals.counts.done, totals.files)}`}
          status={barStatus}
        />
        <span className="su-file__percent" aria-hidden="true">
          {m.percent(percent)}
        </span>
      </div>
      <div className="su-file__actions">
        {actions
          ? folderActions(group).map((action) => (
              <IconButton
                key={action}
                kind={action}
                label={BUTTONS[action].label(m, name)}
                onClick={() => actions[action](folderIds(group, action))}
              >
                {BUTTONS[action].icon}
              </IconButton>
            ))
          : null}
      </div>
    </div>
  );
});

/** An empty folder inside an expanded folder that could not be created: where it is and why. */
export const FolderErrorRow = memo(function FolderErrorRow(props: {
  error: FolderError;
  group: FolderGroup;
  messages: SpaceUploaderMessages;
}) {
  const { error, group, messages: m } = props;
  const name = error.path.slice(error.path.lastIndexOf('/') + 1);
  const text = m.folderNotCreated(errorText(error, m));
  return (
    <div className="su-file" data-status="failed" data-folder-error="">
      <span className="su-file__icon su-status-icon su-status-icon--failed" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          {STATUS_ICON.failed}
        </svg>
      </span>
      <div className="su-file__main">
        <span className="su-file__preview">
          <FolderIcon />
        </span>
        <div className="su-file__title">
          <FileName name={name} />
          <span className="su-file__folder">{dropFolderOf(error.path, group)}</span>
        </div>
        <div className="su-file__meta">
          <span className="su-file__status" title={text}>
            {text}
          </span>
        </div>
      </div>
    </div>
  );
});
