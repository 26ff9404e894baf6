/**
 * The failures, grouped by cause (`ErrorGroupCard.tsx`): one card per reason in plain words ("15 files: the
 * server had a problem"), with "Retry these", one "Copy details" for the group (a text block per file for a
 * support ticket: HTTP status, `X-Request-Id`, …) and the files listed on demand.
 */
import { type ReactNode, useContext, useEffect, useId, useMemo, useRef, useState } from 'react';
import { EMPTY_SNAPSHOT, type FolderError, type UploaderSnapshot, type UploadItem } from '../core/index.js';
import { UploaderContext, usePartSelector } from './context.js';
import { CopyIcon, ErrorGroupCard } from './ErrorGroupCard.js';
import { copyText, errorDetailsText } from './error-details.js';
import { dropFoldersOf, type ErrorGroup, type ErrorRow, errorRows, groupErrors } from './error-groups.js';
import { mergeMessages, messagesEn, type SpaceUploaderMessagesOverride } from './messages.js';
import { sameElements, sameFigures } from './store.js';

export { copyText, errorDetailsText } from './error-details.js';

export interface UploadErrorsProps {
  /** The files to look at (only failed ones are shown); default the uploader's. */
  items?: readonly UploadItem[];
  /** Laid over the context's messages (or English). */
  messages?: SpaceUploaderMessagesOverride;
  /** Empty folders that could not be created; default the uploader's (`snapshot.folderErrors`). */
  folderErrors?: readonly FolderError[];
  /** At most this many files are listed in an expanded group (all are copied). Default 50. */
  maxVisible?: number;
  className?: string;
}

const ALL = '*';
const { items: NO_ITEMS, folderErrors: NO_FOLDER_ERRORS } = EMPTY_SNAPSHOT;
const NO_DROPS: readonly string[] = [];
const isFailed = (item: UploadItem) => item.status === 'failed';
const selectFailed = (s: UploaderSnapshot) => (s.totals.counts.failed === 0 ? NO_ITEMS : s.items.filter(isFailed));
const selectFolderErrors = (s: UploaderSnapshot) => s.folderErrors;
// Only with folder errors: the dropped folders, so a folder is named from the drop as the list names it.
const selectDrops = (s: UploaderSnapshot) => (s.folderErrors.length === 0 ? NO_DROPS : dropFoldersOf(s.items));

export function UploadErrors(props: UploadErrorsProps): ReactNode {
  const context = useContext(UploaderContext);
  const base = context?.messages ?? messagesEn;
  const m = useMemo(() => mergeMessages(base, props.messages), [base, props.messages]);
  // From the context: only the failed files and the folder errors, so progress elsewhere does not re-render this.
  const contextFailed = usePartSelector(!props.items && selectFailed, sameElements);
  const failedItems = useMemo(
    () => props.items?.filter(isFailed) ?? contextFailed ?? NO_ITEMS,
    [props.items, contextFailed],
  );
  // Given items without folder errors: only those items (the context's folders belong to the context's items).
  const contextFolderErrors = usePartSelector(!props.folderErrors && !props.items && selectFolderErrors, sameFigures);
  const folderErrors = props.folderErrors ?? contextFolderErrors ?? NO_FOLDER_ERRORS;
  const contextDrops = usePartSelector(!props.items && selectDrops, sameFigures);
  const drops = useMemo(
    () =>
      props.items ? (folderErrors.length > 0 ? dropFoldersOf(props.items) : NO_DROPS) : (contextDrops ?? NO_DROPS),
    [props.items, folderErrors, contextDrops],
  );
  // One row shape for both: a failed file, or an empty folder that was not created.
  const failed = useMemo<ErrorRow[]>(
    () => errorRows(failedItems, folderErrors, drops),
    [failedItems, folderErrors, drops],
  );
  const groups = useMemo(() => groupErrors(failed, m), [failed, m]);
  const retry = context?.actions.retry;
  const onRetry = useMemo(
    () =>
      retry && !props.items
        ? // One call: files the checks refused are checked again together (one listing), not one by one.
          (ids: string[]) => retry(ids)
        : undefined,
    [retry, props.items],
  );
  const maxVisible = props.maxVisible ?? 50;
  const titleId = useId();
  /** When each failure was first seen here (the error itself carries no time). */
  const seen = useRef(new Map<string, Date>());
  const [announcement, setAnnouncement] = useState({ text: '', n: 0 });
  const [copied, setCopied] = useState<string | undefined>(undefined);
  const [manual, setManual] = useState<string | undefined>(undefined);
  const copiedTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const now = new Date();
    for (const item of failed) if (!seen.current.has(item.id)) seen.current.set(item.id, now);
  }, [failed]);
  useEffect(() => () => clearTimeout(copiedTimer.current), []);

  if (failed.length === 0) return null;

  const textOf = (item: ErrorRow) => errorDetailsText(item, m, seen.current.get(item.id) ?? new Date());
  const copy = async (key: string, text: string) => {
    const ok = await copyText(text);
    setAnnouncement((previous) => ({ text: ok ? m.copied : m.copyFailed, n: previous.n + 1 }));
    setManual(ok ? undefined : key);
    setCopied(ok ? key : undefined);
    clearTimeout(copiedTimer.current);
    if (ok) copiedTimer.current = setTimeout(() => setCopied(undefined), 2000);
  };
  const allText = () => failed.map(textOf).join('\n\n');
  const groupText = (group: ErrorGroup) => group.rows.map(textOf).join('\n\n');
  const className = ['su-errors', props.className].filter(Boolean).join(' ');

  return (
    <section className={className} aria-labelledby={titleId}>
      <div className="su-errors__head">
        <p className="su-errors__title" id={titleId}>
          <svg className="su-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M12 3l10 18H2zm-1 6v6h2V9zm0 8v2h2v-2z" />
          </svg>
          {[
            failedItems.length > 0 ? m.errorsTitle(failedItems.length) : '',
            folderErrors.length > 0 ? m.folderErrorsTitle(folderErrors.length) : '',
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
        {groups.length > 1 ? (
          <span className="su-errors__copy">
            <button type="button" className="su-button" onClick={() => copy(ALL, allText())}>
              <CopyIcon />
              {m.copyAllDetails}
            </button>
            {copied === ALL ? (
              <span className="su-errors__copied" aria-hidden="true">
                {m.copied}
              </span>
            ) : null}
          </span>
        ) : null}
      </div>
      {manual === ALL ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users can select the text
        <pre className="su-errors__manual" tabIndex={0}>
          {allText()}
        </pre>
      ) : null}
      <ul className="su-errors__list">
        {groups.map((group) => (
          <ErrorGroupCard
            key={group.key}
            group={group}
            messages={m}
            onRetry={onRetry}
            onCopy={(g) => copy(g.key, groupText(g))}
            copied={copied === group.key}
            manualText={manual === group.key ? groupText(group) : undefined}
            maxVisible={maxVisible}
          />
        ))}
      </ul>
      <div className="su-visually-hidden" role="status" aria-live="polite">
        <span key={announcement.n}>{announcement.text}</span>
      </div>
    </section>
  );
}
