/**
 * Where files come in: a focusable zone (click, Enter or Space opens the file picker), a folder picker, drops
 * of files and whole folder trees (walked recursively, empty folders included) and paste.
 */
import {
  type ChangeEvent,
  type ClipboardEvent,
  type DragEvent,
  type InputHTMLAttributes,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { UploadEntry } from '../core/index.js';
import { UploaderContext } from './context.js';
import { mergeMessages, messagesEn, type SpaceUploaderMessagesOverride } from './messages.js';
import { type DropResult, filesFromClipboard, filesFromInput, readDrop } from './walk-drop.js';

export interface DropZoneProps {
  /**
   * Receives what was picked, dropped or pasted: files (with `relativePath` inside dropped folders) and the
   * dropped empty folders (`A/empty`). Default: the uploader's `addFiles(entries, { emptyFolders })`, then
   * `start()` (see `autoStart`).
   */
  onFiles?: (entries: UploadEntry[], emptyFolders: string[]) => void;
  disabled?: boolean;
  /** With the uploader from the context: start uploading right after adding. Default `true`. */
  autoStart?: boolean;
  /** Show the "Choose a folder" button. Default `true`. */
  folderPicker?: boolean;
  /** The file picker's `accept` (e.g. `image/*,.pdf`); drops are not filtered. */
  accept?: string;
  /** Laid over the context's messages (or English). */
  messages?: SpaceUploaderMessagesOverride;
  /** Replaces the zone's title and hint. */
  children?: ReactNode;
  className?: string;
}

/** `webkitdirectory` is not in React's types; React passes string attributes through. */
const DIRECTORY_PICKER = { webkitdirectory: '', directory: '' } as unknown as InputHTMLAttributes<HTMLInputElement>;

function hasFiles(event: DragEvent): boolean {
  const types = event.dataTransfer?.types;
  return types ? Array.from(types).includes('Files') : false;
}

const UploadIcon = () => (
  <svg viewBox="0 0 24 24" width="32" height="32" aria-hidden="true" focusable="false">
    <path
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      d="M12 15V4m0 0L7.5 8.5M12 4l4.5 4.5M4 14.5V18a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3.5"
    />
  </svg>
);

const FolderIcon = () => (
  <svg className="su-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
    <path
      fill="none"
      stroke="currentColor"
      strokeWidth="1.9"
      strokeLinejoin="round"
      d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"
    />
  </svg>
);

export function DropZone(props: DropZoneProps): ReactNode {
  const { onFiles, disabled = false, autoStart = true, folderPicker = true, accept, children, className } = props;
  const context = useContext(UploaderContext);
  const base = context?.messages ?? messagesEn;
  const m = useMemo(() => mergeMessages(base, props.messages), [base, props.messages]);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const dragDepth = useRef(0);
  const aborter = useRef<AbortController | undefined>(undefined);
  const [dragging, setDragging] = useState(false);
  const [reading, setReading] = useState(false);
  const [announcement, setAnnouncement] = useState('');

  // A folder tree still being read when the zone unmounts is dropped.
  useEffect(() => () => aborter.current?.abort(), []);

  const deliver = (result: DropResult) => {
    const { entries, emptyFolders } = result;
    if (entries.length === 0 && emptyFolders.length === 0) {
      setAnnouncement(m.dropEmpty);
      return;
    }
    if (onFiles) {
      onFiles(entries, emptyFolders);
    } else if (context) {
      context.actions.addFiles(entries, { emptyFolders });
      if (autoStart) context.actions.start();
    }
    setAnnouncement(m.filesAdded(entries.length, emptyFolders.length));
  };

  const openFilePicker = () => {
    if (!disabled) fileInput.current?.click();
  };

  // A native button turns Enter and Space into a click by itself, but not everywhere (test DOMs, some
  // assistive tech): handle the keys here and skip the click the browser may synthesise right after.
  const openedByKey = useRef(0);
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    if (event.repeat) return;
    openedByKey.current = Date.now();
    openFilePicker();
  };
  const onClick = (event: MouseEvent<HTMLButtonElement>) => {
    if (event.detail === 0 && Date.now() - openedByKey.current < 1000) return;
    openFilePicker();
  };

  const onInputChange = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const result = filesFromInput(input.files);
    // Picking the same files again must fire `change` again.
    input.value = '';
    deliver(result);
  };

  const onDragEnter = (event: DragEvent<HTMLDivElement>) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    dragDepth.current += 1;
    if (!disabled) setDragging(true);
  };

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!hasFiles(event)) return;
    // Always prevent the default, or the browser opens the dropped file in place of the page.
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
  };

  const onDragLeave = (event: DragEvent<HTMLDivElement>) => {
    if (!hasFiles(event)) return;
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    if (disabled || !event.dataTransfer) return;
    aborter.current?.abort();
    const controller = new AbortController();
    aborter.current = controller;
    // Synchronously, inside the event: the transfer's items are gone after it.
    const pending = readDrop(event.dataTransfer, { signal: controller.signal });
    setReading(true);
    setAnnouncement(m.readingDrop);
    pending.then(
      (result) => {
        if (controller.signal.aborted) return;
        setReading(false);
        deliver(result);
      },
      () => {
        if (controller.signal.aborted) return;
        setReading(false);
        setAnnouncement(m.dropFailed);
      },
    );
  };

  const onPaste = (event: ClipboardEvent<HTMLDivElement>) => {
    if (disabled) return;
    const files = filesFromClipboard(event.clipboardData);
    if (files.length === 0) return;
    event.preventDefault();
    deliver({ entries: files, emptyFolders: [], unreadable: [] });
  };

  const classes = ['su-dropzone'];
  if (dragging) classes.push('su-dropzone--dragging');
  if (disabled) classes.push('su-dropzone--disabled');
  if (reading) classes.push('su-dropzone--reading');
  if (className) classes.push(className);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the drop target around the zone and the folder button
    <div
      className={classes.join(' ')}
      data-dragging={dragging ? 'true' : undefined}
      data-disabled={disabled ? 'true' : undefined}
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      onPaste={onPaste}
    >
      <button
        type="button"
        disabled={disabled}
        aria-busy={reading ? 'true' : undefined}
        className="su-dropzone__target"
        onClick={onClick}
        onKeyDown={onKeyDown}
      >
        <span className="su-dropzone__icon" aria-hidden="true">
          <UploadIcon />
        </span>
        {children ?? (
          <>
            <span className="su-dropzone__title">{dragging ? m.dropActive : m.dropTitle}</span>
            <span className="su-dropzone__hint">{reading ? m.readingDrop : m.dropHint}</span>
          </>
        )}
      </button>
      {folderPicker ? (
        <button
          type="button"
          className="su-button su-dropzone__folder"
          disabled={disabled}
          onClick={() => folderInput.current?.click()}
        >
          <FolderIcon />
          {m.chooseFolder}
        </button>
      ) : null}
      <input
        ref={fileInput}
        type="file"
        multiple
        accept={accept}
        hidden
        tabIndex={-1}
        aria-label={m.dropZoneLabel}
        className="su-dropzone__input"
        onChange={onInputChange}
        disabled={disabled}
      />
      {folderPicker ? (
        <input
          ref={folderInput}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          aria-label={m.chooseFolder}
          className="su-dropzone__input"
          onChange={onInputChange}
          disabled={disabled}
          {...DIRECTORY_PICKER}
        />
      ) : null}
      <div className="su-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}
