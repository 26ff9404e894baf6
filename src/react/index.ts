/** `space-uploader`: React components and hooks that upload into oCIS spaces (styles: `space-uploader/styles.css`). */
export type {
  ConflictDecision,
  ConflictHandler,
  ConflictResolution,
  FileConflictResolution,
  FileStatus,
  FolderConflictResolution,
  FolderError,
  Preparation,
  ResumeRecord,
  ResumeStorageBackend,
  SpaceHold,
  SpaceUploader as SpaceUploaderInstance,
  UploadCapabilities,
  UploadConflict,
  UploadContext,
  UploadEntry,
  UploadError,
  UploadErrorKind,
  UploaderSnapshot,
  UploaderStatus,
  UploadFailure,
  UploadItem,
  UploadResult,
  UploadTotals,
} from '../core/index.js';
export { ConflictDialog, type ConflictDialogProps } from './ConflictDialog.js';
export { type ConflictPrompt, type ConflictQuestion, useConflictPrompt } from './conflict-prompt.js';
export { type UploaderActions, type UploaderContextValue, useUploaderContext, useUploaderSelector } from './context.js';
export { DropZone, type DropZoneProps } from './DropZone.js';
export { FileList, type FileListProps } from './FileList.js';
export { type FileActions, FileRow, type FileRowProps } from './FileRow.js';
export {
  type CapabilitiesState,
  type SpaceUploaderState,
  type UseSpaceUploaderOptions,
  useCapabilities,
  useSpaceUploader,
  useUploaderSnapshot,
} from './hooks.js';
export { InterruptedUploads, type InterruptedUploadsProps } from './InterruptedUploads.js';
export {
  type DetailFieldLabels,
  mergeMessages,
  messagesEn,
  type SpaceUploaderMessages,
  type SpaceUploaderMessagesOverride,
} from './messages.js';
export { SpaceUploaderProvider, type SpaceUploaderProviderProps } from './provider.js';
export {
  type HoldActions,
  QuotaHolds,
  type QuotaHoldsProps,
  SignInNotice,
  type SignInNoticeProps,
} from './QuotaHolds.js';
export { SpaceUploader, type SpaceUploaderProps } from './SpaceUploader.js';
export type { HeldFiles } from './summary-state.js';
export { UploadErrors, type UploadErrorsProps } from './UploadErrors.js';
export { UploadPanel, type UploadPanelProps } from './UploadPanel.js';
export { type SummaryActions, UploadSummary, type UploadSummaryProps } from './UploadSummary.js';
