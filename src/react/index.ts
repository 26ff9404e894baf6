/** `space-uploader`: React components and hooks that upload into oCIS spaces (styles: `space-uploader/styles.css`). */
export type { UploadCapabilities } from '../core/capabilities.js';
export type { UploadError, UploadErrorKind } from '../core/errors.js';
export type { UploadContext } from '../core/metadata.js';
export type {
  ConflictDecision,
  ConflictHandler,
  ConflictResolution,
  FileConflictResolution,
  FolderConflictResolution,
  UploadConflict,
} from '../core/plan.js';
export type { ResumeRecord, ResumeStorageBackend } from '../core/resume.js';
export type {
  FileStatus,
  FolderError,
  Preparation,
  SpaceHold,
  UploaderSnapshot,
  UploaderStatus,
  UploadItem,
  UploadResult,
  UploadTotals,
} from '../core/state.js';
export type { SpaceUploader as SpaceUploaderInstance, UploadEntry, UploadFailure } from '../core/uploader.js';
export {
  ConflictDialog,
  type ConflictDialogProps,
  type ConflictPrompt,
  type ConflictQuestion,
  useConflictPrompt,
} from './ConflictDialog.js';
export { type UploaderActions, type UploaderContextValue, useUploaderContext } from './context.js';
export { DropZone, type DropZoneProps } from './DropZone.js';
export { type FileActions, FileList, type FileListProps, FileRow, type FileRowProps } from './FileList.js';
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
export { UploadErrors, type UploadErrorsProps } from './UploadErrors.js';
export { type SummaryActions, UploadSummary, type UploadSummaryProps } from './UploadSummary.js';
