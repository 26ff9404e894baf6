/**
 * Uploads this user started earlier and did not finish (the uploader's resume records, kept with the `resume`
 * option): one row each with its name, size, target path and when it started, a hint that picking the same file
 * again continues it from where it stopped, "Forget" per row and "Forget all". Renders nothing while there are
 * none, and on the server (no uploader there).
 *
 * Records made since the uploader appeared (files being uploaded now, here or in another tab) and those of files
 * the uploader holds right now (picked again) are left out: the file list shows those. The list is read again when the uploader changes and whenever a file finishes, fails
 * or is canceled (a finished upload removes its record), or files are added.
 */
import { type ReactNode, useCallback, useContext, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ResumeRecord, SpaceUploader, UploaderSnapshot, UploadItem } from '../core/index.js';
import { UploaderContext } from './context.js';
import { formatBytes } from './format.js';
import { sessionStart } from './lazy-parts.js';
import { mergeMessages, messagesEn, type SpaceUploaderMessagesOverride } from './messages.js';
import { EMPTY_STORE, sameElements, useStoreSelector } from './store.js';

export interface InterruptedUploadsProps {
  /** Default the context's uploader. Given here, its own snapshot decides when the list is read again. */
  uploader?: SpaceUploader;
  /** Laid over the context's messages (or English). */
  messages?: SpaceUploaderMessagesOverride;
  /** Level of the heading (default 2). */
  headingLevel?: 2 | 3 | 4 | 5 | 6;
  className?: string;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/**
 * When something started, for `locale`: relative within the last week (`12 seconds ago`, `5 minutes ago`,
 * `yesterday`), else (or when it lies in the future: another device's clock) the date and time.
 */
export function formatStarted(at: number, now: number, locale: string): { text: string; absolute: boolean } {
  const seconds = Math.round((now - at) / 1000);
  if (seconds >= 0 && seconds < WEEK) {
    try {
      if (seconds < MINUTE)
        return { text: new Intl.RelativeTimeFormat(locale).format(-seconds, 'second'), absolute: false };
      const auto = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
      if (seconds < HOUR) return { text: auto.format(-Math.floor(seconds / MINUTE), 'minute'), absolute: false };
      if (seconds < DAY) return { text: auto.format(-Math.floor(seconds / HOUR), 'hour'), absolute: false };
      return { text: auto.format(-Math.floor(seconds / DAY), 'day'), absolute: false };
    } catch {
      // An invalid locale tag: fall through to the date.
    }
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  } catch {
    format = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
  }
  return { text: format.format(at), absolute: true };
}

const PauseIcon = () => (
  <svg className="su-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
    <path fill="currentColor" d="M12 2a10 10 0 100 20 10 10 0 000-20zm-3 6h2v8H9zm4 0h2v8h-2z" />
  </svg>
);

const read = (uploader: SpaceUploader | undefined): ResumeRecord[] => (uploader ? uploader.interrupted() : []);
const itemKey = (spaceId: string, path: string) => `${spaceId}\u0000${path}`;
const selectChanges = ({ items, totals: { counts } }: UploaderSnapshot) =>
  `${counts.done}|${counts.failed}|${counts.canceled}|${items.length}`;

/** The records whose files the uploader does not hold now. */
function withoutHeld(records: readonly ResumeRecord[], items: readonly UploadItem[]): readonly ResumeRecord[] {
  if (records.length === 0 || items.length === 0) return records;
  const held = new Set(items.map((item) => itemKey(item.spaceId, item.path)));
  return records.filter((record) => !held.has(itemKey(record.spaceId, record.path)));
}

export function InterruptedUploads(props: InterruptedUploadsProps): ReactNode {
  const context = useContext(UploaderContext);
  const base = context?.messages ?? messagesEn;
  const m = useMemo(() => mergeMessages(base, props.messages), [base, props.messages]);
  // A given uploader brings its own store (and snapshot).
  const uploader = props.uploader ?? context?.uploader;
  const store = props.uploader ?? context?.store ?? EMPTY_STORE;
  const titleId = useId();
  const list = useRef<HTMLUListElement>(null);
  /** After "Forget": the row whose button gets the focus (the next one, or the last), once `key` is gone. */
  const focusRow = useRef<{ index: number; key: string } | undefined>(undefined);

  const [records, setRecords] = useState<ResumeRecord[]>(() => read(uploader));
  const refresh = useCallback(() => setRecords(read(uploader)), [uploader]);
  // Read again when files finish, fail or are canceled (their records go), or are added (theirs are hidden).
  const changes = useStoreSelector(store, selectChanges);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `changes` is the trigger, on purpose
  useEffect(() => refresh(), [refresh, changes]);

  // Records made since this uploader appeared belong to files being uploaded now (here, or in another tab).
  // A new uploader starts a new session (from when a component first saw it: <SpaceUploader> loads this list later).
  const since = useMemo(() => (uploader ? sessionStart(uploader) : Date.now()), [uploader]);
  // Of the older ones, those of files picked again are in the uploader's own list now.
  const selectShown = useCallback(
    (s: UploaderSnapshot) =>
      withoutHeld(
        records.filter((record) => !(record.createdAt >= since)),
        s.items,
      ),
    [records, since],
  );
  const shown = useStoreSelector(store, selectShown, sameElements);

  // Runs once the list shows the rows left after "Forget".
  useEffect(() => {
    const pending = focusRow.current;
    // The effect of a render from before the click can run first (React flushes it ahead of the click's update):
    // that list still has the forgotten row.
    if (pending === undefined || shown.some((record) => record.key === pending.key)) return;
    focusRow.current = undefined;
    const buttons = list.current?.querySelectorAll<HTMLButtonElement>('button[data-action="forget"]');
    if (buttons && buttons.length > 0) buttons[Math.min(pending.index, buttons.length - 1)]?.focus();
  }, [shown]);

  if (!uploader || shown.length === 0) return null;

  const forget = (record: ResumeRecord, index: number) => {
    uploader.forgetInterrupted(record.key);
    focusRow.current = { index, key: record.key };
    refresh();
  };
  const forgetAll = () => {
    // All of this user's records at once, unless some belong to files being uploaded now (they stay).
    if (shown.length === records.length) uploader.forgetInterrupted();
    else for (const record of shown) uploader.forgetInterrupted(record.key);
    refresh();
  };

  const Heading = `h${props.headingLevel ?? 2}` as const;
  const now = Date.now();
  const className = ['su-interrupted', props.className].filter(Boolean).join(' ');

  return (
    <section className={className} aria-labelledby={titleId}>
      <div className="su-interrupted__head">
        <Heading className="su-interrupted__title" id={titleId}>
          <PauseIcon />
          <span>{m.interruptedTitle}</span>
        </Heading>
        {shown.length > 1 ? (
          <button type="button" className="su-button su-button--small" data-action="forget-all" onClick={forgetAll}>
            {m.interruptedForgetAll}
          </button>
        ) : null}
      </div>
      <p className="su-interrupted__hint">{m.interruptedHint}</p>
      <ul className="su-interrupted__list" ref={list}>
        {shown.map((record, index) => {
          const started = Number.isFinite(record.createdAt)
            ? formatStarted(record.createdAt, now, m.locale)
            : undefined;
          return (
            <li key={record.key} className="su-interrupted__item" data-key={record.key}>
              <div className="su-interrupted__body">
                <span className="su-interrupted__name">{record.name}</span>
                <span className="su-interrupted__meta">
                  <span className="su-interrupted__size">{formatBytes(record.size, m.locale, m.byteUnits)}</span>
                  <span className="su-interrupted__path">{record.path}</span>
                  {started ? (
                    <time className="su-interrupted__started" dateTime={new Date(record.createdAt).toISOString()}>
                      {m.interruptedStarted(started.text, started.absolute)}
                    </time>
                  ) : null}
                </span>
              </div>
              {record.hasBytes ? (
                // The bytes were kept (`resume.keepFileBytes`): it can go on without the file being picked again.
                <button
                  type="button"
                  className="su-button su-button--small su-button--primary"
                  data-action="continue"
                  aria-label={m.interruptedContinueFile(record.name)}
                  onClick={() => {
                    void uploader.continueInterrupted(record.key).then(refresh);
                  }}
                >
                  {m.interruptedContinue}
                </button>
              ) : null}
              <button
                type="button"
                className="su-button su-button--small"
                data-action="forget"
                aria-label={m.interruptedForgetFile(record.name)}
                onClick={() => forget(record, index)}
              >
                {m.interruptedForget}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
