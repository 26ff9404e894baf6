/**
 * The files of the batch, virtualised (rows in `FileRow.tsx`). Rows are memoised: a progress update of one file
 * re-renders that row only.
 */
import { type ReactNode, useContext, useLayoutEffect, useMemo, useRef } from 'react';
import { EMPTY_SNAPSHOT, type UploaderSnapshot, type UploadItem } from '../core/index.js';
import { UploaderContext, usePartSelector } from './context.js';
import { type FileActions, FileRow } from './FileRow.js';
import { mergeMessages, messagesEn, type SpaceUploaderMessagesOverride } from './messages.js';
import { sameElements } from './store.js';
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
const itemKey = (item: UploadItem) => item.id;
const rowClassName = (item: UploadItem) => `su-file-row su-file-row--${item.status}`;

export function FileList(props: FileListProps): ReactNode {
  const context = useContext(UploaderContext);
  const base = context?.messages ?? messagesEn;
  const messages = useMemo(() => mergeMessages(base, props.messages), [base, props.messages]);
  // Every item, progress included (a new array of the same items is no change); memoised rows re-render only for
  // their own item.
  const contextItems = usePartSelector(!props.items && selectItems, sameElements);
  const items = props.items ?? contextItems ?? EMPTY_SNAPSHOT.items;
  const actions = useStableActions(props.actions ?? context?.actions);
  const uploader = context?.uploader;
  const fileOf = useMemo(
    () => props.fileOf ?? (uploader ? (id: string) => uploader.file(id) : undefined),
    [props.fileOf, uploader],
  );
  const renderItem = useMemo(
    () => (item: UploadItem) => <FileRow item={item} messages={messages} actions={actions} fileOf={fileOf} />,
    [messages, actions, fileOf],
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
