/**
 * The question the checks before upload ask when a name is taken in the target folder: replace, keep both,
 * merge (a folder) or skip, optionally for every further conflict of the same kind, or cancel the upload.
 * `<ConflictDialog>` asks the question `useConflictPrompt()` holds (`conflict-prompt.ts`), as a modal dialog.
 */
import {
  type KeyboardEvent,
  type ReactNode,
  useContext,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import {
  type ConflictResolution,
  type FileConflictResolution,
  type FolderConflictResolution,
  keepBothName,
} from '../core/index.js';
import type { ConflictQuestion } from './conflict-prompt.js';
import { UploaderContext } from './context.js';
import { formatBytes } from './format.js';
import { mergeMessages, messagesEn, type SpaceUploaderMessagesOverride } from './messages.js';

export interface ConflictDialogProps {
  /** From `useConflictPrompt()`; nothing is rendered without one. */
  question: ConflictQuestion | undefined;
  /** Laid over the context's messages (or English). */
  messages?: SpaceUploaderMessagesOverride;
  className?: string;
}

const FILE_CHOICES: readonly FileConflictResolution[] = ['replace', 'keep-both', 'skip'];
const FOLDER_CHOICES: readonly FolderConflictResolution[] = ['merge', 'keep-both', 'skip'];

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Asks one conflict as a modal dialog; renders nothing while there is no question. */
export function ConflictDialog(props: ConflictDialogProps): ReactNode {
  if (!props.question) return null;
  return <OpenConflictDialog {...props} question={props.question} />;
}

function OpenConflictDialog({
  question,
  messages,
  className,
}: ConflictDialogProps & { question: ConflictQuestion }): ReactNode {
  const context = useContext(UploaderContext);
  const base = context?.messages ?? messagesEn;
  const m = useMemo(() => mergeMessages(base, messages), [base, messages]);
  const { conflict } = question;
  const titleId = useId();
  const textId = useId();
  const hintId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const defaultChoice = useRef<HTMLButtonElement>(null);
  const [applyToAll, setApplyToAll] = useState(false);

  // Focus returns where it was when the dialog opened (it stays open from one question to the next).
  useLayoutEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    return () => {
      if (opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, []);
  // Each new question starts fresh, on its default choice.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per question on purpose
  useLayoutEffect(() => {
    setApplyToAll(false);
    (defaultChoice.current ?? dialog.current)?.focus({ preventScroll: true });
  }, [conflict]);

  const choose = (resolution: ConflictResolution) =>
    question.answer(applyToAll ? { resolution, applyToAll: true } : { resolution });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      if (conflict.options.includes('skip')) choose('skip');
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    // Tab and Shift+Tab go round inside the dialog.
    const focusable = Array.from(dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !dialog.current.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !dialog.current.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  };

  const size = (bytes: number) => formatBytes(bytes, m.locale, m.byteUnits);
  const description =
    conflict.kind === 'file'
      ? m.conflictFileSizes(
          conflict.existing.kind === 'file' && conflict.existing.size !== undefined
            ? size(conflict.existing.size)
            : undefined,
          size(conflict.size),
        )
      : m.conflictFolderContent(conflict.files, size(conflict.size));
  const isFolder = conflict.kind === 'folder';
  // A preview only: the core picks the real name (the next number free in the folder).
  const example = keepBothName(conflict.name, () => false, isFolder);
  const label: Record<ConflictResolution, string> = {
    replace: m.conflictReplace,
    merge: m.conflictMerge,
    'keep-both': m.conflictKeepBoth,
    skip: m.conflictSkip,
  };
  const hint: Record<ConflictResolution, string> = {
    replace: m.conflictReplaceHint,
    merge: m.conflictMergeHint,
    'keep-both': m.conflictKeepBothHint(conflict.kind, example),
    skip: m.conflictSkipHint(conflict.kind),
  };
  const choices = (isFolder ? FOLDER_CHOICES : FILE_CHOICES).filter((c) => conflict.options.includes(c));
  const preferred = conflict.options[0];

  return (
    // A click beside the dialog must not take the focus out of it (Tab and Escape are handled inside).
    // biome-ignore lint/a11y/noStaticElementInteractions: the backdrop only keeps the focus where it is
    <div
      className={['su-dialog-backdrop', className].filter(Boolean).join(' ')}
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) event.preventDefault();
      }}
    >
      <div
        ref={dialog}
        className="su-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={textId}
        data-conflict-kind={conflict.kind}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 className="su-dialog__title" id={titleId}>
          {m.conflictTitle(conflict.kind, conflict.existing.kind, conflict.name, conflict.folderPath)}
        </h2>
        <p className="su-dialog__text" id={textId}>
          {description}
        </p>
        {/* biome-ignore lint/a11y/useSemanticElements: a labelled group of buttons, not a form fieldset */}
        <div className="su-dialog__choices" role="group" aria-label={m.conflictChoices}>
          {choices.map((choice) => (
            <div key={choice} className="su-dialog__choice">
              <button
                ref={choice === preferred ? defaultChoice : undefined}
                type="button"
                className={`su-button${choice === preferred ? ' su-button--primary' : ''}`}
                data-resolution={choice}
                aria-describedby={`${hintId}-${choice}`}
                onClick={() => choose(choice)}
              >
                {label[choice]}
              </button>
              <span className="su-dialog__hint" id={`${hintId}-${choice}`}>
                {hint[choice]}
              </span>
            </div>
          ))}
        </div>
        <div className="su-dialog__footer">
          {/* Always offered: conflicts inside merged folders are found only after this answer. */}
          <label className="su-dialog__all">
            <input
              type="checkbox"
              checked={applyToAll}
              onChange={(event) => setApplyToAll(event.currentTarget.checked)}
            />
            {m.conflictApplyToAll(conflict.kind, conflict.remaining)}
          </label>
          <button
            type="button"
            className="su-button su-button--quiet"
            data-action="cancel-upload"
            onClick={question.cancel}
          >
            {m.conflictCancelUpload}
          </button>
        </div>
      </div>
    </div>
  );
}
