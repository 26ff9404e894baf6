/**
 * The files of the batch, virtualised (rows in `FileRow.tsx`): each dropped folder is one row (`FolderRow.tsx`)
 * that expands to its files in the same list. Rows are memoised: a progress update of one file re-renders that
 * row (and its folder's) only.
 */
import {
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useContext,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { EMPTY_SNAPSHOT, type FolderError, type UploaderSnapshot, type UploadItem } from '../core/index.js';
import { UploaderContext, usePartSelector } from './context.js';
import { type FileActions, FileRow } from './FileRow.js';
import { FolderErrorRow, FolderRow } from './FolderRow.js';
import { createFolderGrouper, type ListRow, listRows } from './folder-groups.js';
import { mergeMessages, messagesEn, type SpaceUploaderMessagesOverride } from './messages.js';
import { sameElements, sameFigures } from './store.js';
import { VirtualList } from './VirtualList.js';

export interface FileListProps {
  /** The files to show; default the uploader's (from the context). */
  items?: readonly UploadItem[];
  /** Per-file actions; default the uploader's. Without any, rows show no buttons. */
  actions?: FileActions;
  /** Laid over the context's messages (or English). */
  messages?: SpaceUploaderMessagesOverride;
  /** The file behind an item, for image previews; default the uploader's `file(id)`. */
  fileOf?: (id: string) => Blob | undefined;
  /** Row height in pixels; default the `--su-row-height` CSS custom property. */
  rowHeight?: number;
  /** Rows rendered beyond each edge of the viewport. */
  overscan?: number;
  /** CSS max-height of the list (it scrolls beyond); default `var(--su-list-height, 24rem)`. */
  maxHeight?: string;
  /** Empty folders of a drop that could not be created (shown in their folder's row); default the uploader's. */
  folderErrors?: readonly FolderError[];
  /** Accessible name of the list; default `messages.fileListLabel`. */
  label?: string;
  className?: string;
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

const selectItems = (snapshot: UploaderSnapshot) => snapshot.items;
const selectFolderErrors = (snapshot: UploaderSnapshot) => snapshot.folderErrors;
const rowKey = (row: ListRow) =>
  row.kind === 'file'
    ? row.item.id
    : row.kind === 'folder'
      ? `folder:${row.group.key}`
      : `folder-error:${row.error.spaceId}:${row.error.path}`;
const rowClassName = (row: ListRow) =>
  row.kind === 'file'
    ? `su-file-row su-file-row--${row.item.status}${row.nested ? ' su-file-row--nested' : ''}`
    : row.kind === 'folder'
      ? `su-file-row su-folder-row su-file-row--${row.group.status}`
      : 'su-file-row su-file-row--nested su-file-row--failed';

export function FileList(props: FileListProps): ReactNode {
  const context = useContext(UploaderContext);
  const base = context?.messages ?? messagesEn;
  const messages = useMemo(() => mergeMessages(base, props.messages), [base, props.messages]);
  // Every item, progress included (a new array of the same items is no change); memoised rows re-render only for
  // their own item.
  const contextItems = usePartSelector(!props.items && selectItems, sameElements);
  const items = props.items ?? contextItems ?? EMPTY_SNAPSHOT.items;
  const contextFolderErrors = usePartSelector(!props.folderErrors && !props.items && selectFolderErrors, sameFigures);
  const folderErrors = props.folderErrors ?? contextFolderErrors ?? EMPTY_SNAPSHOT.folderErrors;
  const actions = useStableActions(props.actions ?? context?.actions);
  const [grouper] = useState(createFolderGrouper);
  const grouping = useMemo(() => grouper(items, folderErrors), [grouper, items, folderErrors]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useMemo(() => listRows(grouping, expanded), [grouping, expanded]);
  const onToggle = useCallback((key: string, open: boolean) => {
    setExpanded((previous) => {
      const next = new Set(previous);
      if (open) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);
  // The tree convention: on a folder row (or a button in it) Right opens and Left closes; Left on a row inside an
  // open folder goes to the folder's row (it is the nearest folder row above).
  const onRowKeyDown = useCallback(
    (row: ListRow, event: KeyboardEvent<HTMLElement>, index: number): number | undefined => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return undefined;
      if (row.kind === 'folder') {
        if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return undefined;
        event.preventDefault();
        onToggle(row.group.key, event.key === 'ArrowRight');
        return undefined;
      }
      if (event.key !== 'ArrowLeft' || (row.kind === 'file' && !row.nested)) return undefined;
      for (let i = index - 1; i >= 0; i--) if (rows[i]?.kind === 'folder') return i;
      return undefined;
    },
    [onToggle, rows],
  );
  const listId = useId();
  const uploader = context?.uploader;
  const fileOf = useMemo(
    () => props.fileOf ?? (uploader ? (id: string) => uploader.file(id) : undefined),
    [props.fileOf, uploader],
  );
  const renderItem = useMemo(
    () => (row: ListRow) =>
      row.kind === 'file' ? (
        <FileRow item={row.item} messages={messages} actions={actions} fileOf={fileOf} />
      ) : row.kind === 'folder' ? (
        <FolderRow
          group={row.group}
          expanded={row.expanded}
          messages={messages}
          onToggle={onToggle}
          listId={listId}
          actions={actions}
        />
      ) : (
        <FolderErrorRow error={row.error} group={row.group} messages={messages} />
      ),
    [messages, actions, onToggle, listId, fileOf],
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
        items={rows}
        itemKey={rowKey}
        id={listId}
        onRowKeyDown={onRowKeyDown}
        renderItem={renderItem}
        label={props.label ?? messages.fileListLabel}
        rowHeight={props.rowHeight}
        overscan={props.overscan}
        rowClassName={rowClassName}
        {...(props.maxHeight ? { maxHeight: props.maxHeight } : {})}
      />
    </div>
  );
}
