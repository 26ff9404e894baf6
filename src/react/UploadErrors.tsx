/**
 * The failed files, each with its error in plain words, the HTTP status and the failed request's
 * `X-Request-Id`, and "Copy details": a text block for a support ticket, written to the clipboard.
 */
import { type ReactNode, useContext, useEffect, useId, useMemo, useRef, useState } from 'react';
import { EMPTY_SNAPSHOT, type FolderError, type UploaderSnapshot, type UploadItem } from '../core/index.js';
import { UploaderContext, usePartSelector } from './context.js';
import { folderOf } from './format.js';
import {
  errorText,
  mergeMessages,
  messagesEn,
  type SpaceUploaderMessages,
  type SpaceUploaderMessagesOverride,
} from './messages.js';
import { sameElements, sameFigures } from './store.js';

export interface UploadErrorsProps {
  /** The files to look at (only failed ones are shown); default the uploader's. */
  items?: readonly UploadItem[];
  /** Laid over the context's messages (or English). */
  messages?: SpaceUploaderMessagesOverride;
  /** Empty folders that could not be created; default the uploader's (`snapshot.folderErrors`). */
  folderErrors?: readonly FolderError[];
  /** At most this many errors are listed (all are copied by "Copy all details"). Default 50. */
  maxVisible?: number;
  className?: string;
}

/** The "Copy details" text block: one `Label: value` line per known fact. */
export function errorDetailsText(
  item: Pick<UploadItem, 'name' | 'path' | 'error'> & { isFolder?: boolean },
  messages: SpaceUploaderMessages,
  time?: Date,
): string {
  const f = messages.detailFields;
  const details = item.error?.details;
  const lines: [string, string | number | undefined][] = [
    [item.isFolder ? f.folder : f.file, item.name],
    [f.path, item.path],
    [f.error, item.isFolder ? messages.folderNotCreated(errorText(item, messages)) : errorText(item, messages)],
    [f.message, item.error?.message],
    [f.status, details?.status],
    [f.requestId, details?.requestId],
    [f.method, details?.method?.toUpperCase()],
    [f.url, details?.url],
    [f.time, time?.toISOString()],
  ];
  return lines
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([label, value]) => `${label}: ${value}`)
    .join('\n');
}

/** The Clipboard API, else a hidden textarea and `execCommand('copy')`; `false` when neither works. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied or unavailable (insecure context): try the old way.
  }
  if (typeof document === 'undefined' || typeof document.execCommand !== 'function') return false;
  const previous = document.activeElement as HTMLElement | null;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.setAttribute('aria-hidden', 'true');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  area.style.pointerEvents = 'none';
  document.body.append(area);
  try {
    area.select();
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
    previous?.focus?.({ preventScroll: true });
  }
}

const ALL = '*';
const { items: NO_ITEMS, folderErrors: NO_FOLDER_ERRORS } = EMPTY_SNAPSHOT;
const isFailed = (item: UploadItem) => item.status === 'failed';
const selectFailed = (s: UploaderSnapshot) => (s.totals.counts.failed === 0 ? NO_ITEMS : s.items.filter(isFailed));
const selectFolderErrors = (s: UploaderSnapshot) => s.folderErrors;

interface ErrorRow {
  id: string;
  name: string;
  path: string;
  /** The folder it is in, inside the drop (files) or the space (folders), for display. */
  folder: string | undefined;
  error: UploadItem['error'];
  isFolder: boolean;
}

const CopyIcon = () => (
  <svg className="su-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
    <path fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinejoin="round" d="M9 9h10v11H9zM5 15V4h10" />
  </svg>
);

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
  // One row shape for both: a failed file, or an empty folder that was not created.
  const failed = useMemo<ErrorRow[]>(
    () => [
      ...failedItems.map((item) => ({ ...item, folder: folderOf(item.relativePath), isFolder: false })),
      ...folderErrors.map((f) => ({
        id: `folder:${f.spaceId}:${f.path}`,
        name: f.path.slice(f.path.lastIndexOf('/') + 1),
        path: f.path,
        folder: f.path.slice(0, f.path.lastIndexOf('/')).slice(1) || undefined,
        error: f.error,
        isFolder: true,
      })),
    ],
    [failedItems, folderErrors],
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
  const visible = failed.slice(0, maxVisible);
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
        {failed.length > 1 ? (
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
        {visible.map((item) => {
          const details = item.error?.details;
          const { folder } = item;
          return (
            <li
              key={item.id}
              className="su-errors__item"
              data-kind={item.error?.kind ?? 'unknown'}
              data-folder={item.isFolder ? '' : undefined}
            >
              <div className="su-errors__body">
                <p className="su-errors__file">
                  <span className="su-errors__name">{item.name}</span>
                  {folder ? <span className="su-errors__folder">{folder}</span> : null}
                </p>
                <p className="su-errors__message">
                  {item.isFolder ? m.folderNotCreated(errorText(item, m)) : errorText(item, m)}
                </p>
                {details?.status !== undefined || details?.requestId ? (
                  <p className="su-errors__meta">
                    {details?.status !== undefined ? (
                      <span className="su-errors__status">{m.httpStatus(details.status)}</span>
                    ) : null}
                    {details?.requestId ? (
                      <span className="su-errors__request">
                        {m.requestIdLabel}: <code className="su-errors__request-id">{details.requestId}</code>
                      </span>
                    ) : null}
                  </p>
                ) : null}
              </div>
              <span className="su-errors__copy">
                {copied === item.id ? (
                  <span className="su-errors__copied" aria-hidden="true">
                    {m.copied}
                  </span>
                ) : null}
                <button
                  type="button"
                  className="su-button su-button--small"
                  aria-label={m.copyDetailsOf(item.name)}
                  data-action="copy"
                  onClick={() => copy(item.id, textOf(item))}
                >
                  <CopyIcon />
                  {m.copyDetails}
                </button>
              </span>
              {manual === item.id ? (
                // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users can select the text
                <pre className="su-errors__manual" tabIndex={0}>
                  {textOf(item)}
                </pre>
              ) : null}
            </li>
          );
        })}
      </ul>
      {failed.length > visible.length ? (
        <p className="su-errors__more">{m.moreErrors(failed.length - visible.length)}</p>
      ) : null}
      <div className="su-visually-hidden" role="status" aria-live="polite">
        <span key={announcement.n}>{announcement.text}</span>
      </div>
    </section>
  );
}
