/**
 * One cause of failure as one card: how many files (or the file, when it is one), the reason in plain words,
 * "Retry these", one "Copy details" for all of them, and a disclosure that lists the files with their request ids.
 */
import { type ReactNode, useId, useState } from 'react';
import type { ErrorGroup, ErrorRow } from './error-groups.js';
import type { SpaceUploaderMessages } from './messages.js';

export interface ErrorGroupCardProps {
  group: ErrorGroup;
  messages: SpaceUploaderMessages;
  /** Retries these files; absent: no retry button. */
  onRetry: ((ids: string[]) => void) | undefined;
  onCopy: (group: ErrorGroup) => void;
  /** This group's details were copied just now. */
  copied: boolean;
  /** Copying failed: the text to select by hand. */
  manualText: string | undefined;
  /** At most this many files are listed when expanded. */
  maxVisible: number;
}

export const CopyIcon = () => (
  <svg className="su-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
    <path fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinejoin="round" d="M9 9h10v11H9zM5 15V4h10" />
  </svg>
);

/** A failure's name and the folder it is in. */
const FileLine = ({ row }: { row: ErrorRow }) => (
  <p className="su-errors__file">
    <span className="su-errors__name">{row.name}</span>
    {row.folder ? <span className="su-errors__folder">{row.folder}</span> : null}
  </p>
);

/** A failure's HTTP status and request id, when known. */
function Meta({ row, m }: { row: ErrorRow; m: SpaceUploaderMessages }) {
  const details = row.error?.details;
  if (details?.status === undefined && !details?.requestId) return null;
  return (
    <p className="su-errors__meta">
      {details?.status !== undefined ? <span className="su-errors__status">{m.httpStatus(details.status)}</span> : null}
      {details?.requestId ? (
        <span className="su-errors__request">
          {m.requestIdLabel}: <code className="su-errors__request-id">{details.requestId}</code>
        </span>
      ) : null}
    </p>
  );
}

/** Retrying cannot help a name the server refuses: it has to be renamed. */
const RETRY_USELESS = new Set(['invalid-name']);

export function ErrorGroupCard(props: ErrorGroupCardProps): ReactNode {
  const { group, messages: m, onRetry, copied, manualText, maxVisible } = props;
  const [open, setOpen] = useState(false);
  const filesId = useId();
  const messageId = useId();
  const { rows } = group;
  const single = rows.length === 1 ? rows[0] : undefined;
  // A single file's row has its own Retry; a folder is created again by the summary's "Retry failed".
  const retry = onRetry && !single && !group.isFolder && !RETRY_USELESS.has(group.kind) ? onRetry : undefined;
  const visible = open ? rows.slice(0, maxVisible) : [];

  return (
    <li
      className="su-errors__item"
      data-kind={group.kind}
      data-folder={group.isFolder ? '' : undefined}
      data-count={rows.length}
    >
      <div className="su-errors__body">
        {single ? (
          <>
            <FileLine row={single} />
            <p className="su-errors__message" id={messageId}>
              {group.text}
            </p>
            <Meta row={single} m={m} />
          </>
        ) : (
          <>
            <p className="su-errors__file">
              <span className="su-errors__name su-errors__count">
                {group.isFolder ? m.errorGroupFolders(rows.length) : m.errorGroupFiles(rows.length)}
              </span>
            </p>
            <p className="su-errors__message" id={messageId}>
              {group.text}
            </p>
          </>
        )}
      </div>
      <span className="su-errors__copy">
        {copied ? (
          <span className="su-errors__copied" aria-hidden="true">
            {m.copied}
          </span>
        ) : null}
        {retry ? (
          <button
            type="button"
            className="su-button su-button--small"
            aria-label={group.kind === 'integrity' ? m.uploadTheseAgainOf(rows.length) : m.retryTheseOf(rows.length)}
            data-action="retry"
            onClick={() => retry(rows.map((r) => r.id))}
          >
            {group.kind === 'integrity' ? m.uploadTheseAgain : m.retryThese}
          </button>
        ) : null}
        <button
          type="button"
          className="su-button su-button--small"
          aria-label={single ? m.copyDetailsOf(single.name) : m.copyDetailsOfGroup(rows.length)}
          data-action="copy"
          onClick={() => props.onCopy(group)}
        >
          <CopyIcon />
          {m.copyDetails}
        </button>
        {single ? null : (
          <button
            type="button"
            className="su-button su-button--small su-errors__toggle"
            aria-expanded={open}
            aria-controls={open ? filesId : undefined}
            aria-describedby={messageId}
            data-action="toggle"
            onClick={() => setOpen(!open)}
          >
            {m.showFiles}
          </button>
        )}
      </span>
      {open ? (
        <ul className="su-errors__files" id={filesId}>
          {visible.map((row) => (
            <li key={row.id} className="su-errors__entry">
              <FileLine row={row} />
              <Meta row={row} m={m} />
            </li>
          ))}
          {rows.length > visible.length ? (
            <li className="su-errors__more">{m.moreErrors(rows.length - visible.length)}</li>
          ) : null}
        </ul>
      ) : null}
      {manualText !== undefined ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users can select the text
        <pre className="su-errors__manual" tabIndex={0}>
          {manualText}
        </pre>
      ) : null}
    </li>
  );
}
