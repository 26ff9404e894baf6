/** `space-uploader/core`: framework-free upload logic for oCIS spaces (no React here). */
export { type AccessTokenSource, createTokenProvider, type TokenProvider } from './auth.js';
export {
  type FetchCapabilitiesOptions,
  fetchCapabilities,
  parseCapabilities,
  type TusCapabilities,
  type UploadCapabilities,
} from './capabilities.js';
export { fileUrl, folderUrl, spaceUrl } from './endpoints.js';
export { CapabilitiesError, type CapabilitiesErrorKind, UploadError, type UploadErrorKind } from './errors.js';
export {
  type FolderListing,
  type ListedItem,
  type ListFolderOptions,
  type ListFolderRequest,
  listFolder,
  parseFolderListing,
} from './listing.js';
export {
  buildUploadMetadata,
  METADATA_FIELDS,
  type MetadataField,
  type MetadataInput,
  type UploadContext,
  type UploadMetadata,
} from './metadata.js';
export { caseCollisions, keepBothName, type NameProblem, nameProblem } from './names.js';
export {
  type BatchPlan,
  type ConflictDecision,
  type ConflictHandler,
  type ConflictResolution,
  defaultConflictHandler,
  type FileConflictResolution,
  type FolderConflictResolution,
  fetchQuotaRemaining,
  type PlanFileInput,
  type PlanInput,
  type PlannedFile,
  type PlanOptions,
  planBatch,
  type QuotaVerdict,
  readSpaceQuota,
  type SpaceQuota,
  type UploadConflict,
} from './plan.js';
export { memoryStorage, type ResumeContext, type ResumeRecord, type ResumeStorageBackend } from './resume.js';
export {
  EMPTY_SNAPSHOT,
  FILE_STATUSES,
  type FileStatus,
  type FolderError,
  type Preparation,
  type SpaceHold,
  summarize,
  type UploaderSnapshot,
  type UploaderStatus,
  type UploadHold,
  type UploadItem,
  type UploadLogEntry,
  type UploadTotals,
} from './state.js';
export {
  type ChecksumMode,
  type ChecksumPlan,
  type PutTransfer,
  RETRY_POLICY,
  type RetryCase,
  type RetryDecision,
  resolveTransfer,
  retryDecision,
  type Transfer,
  type TransferOptions,
  type TusTransfer,
} from './transfer.js';
export {
  type AddFilesOptions,
  createSpaceUploader,
  type FilePlan,
  type SpaceUploadBody,
  type SpaceUploader,
  type SpaceUploaderEvents,
  type SpaceUploaderOptions,
  type SpaceUploadMeta,
  type SpaceUppy,
  type SpaceUppyFile,
  type UploadEntry,
  type UploaderLogger,
  type UploadFailure,
  type UploadResult,
} from './uploader/index.js';

// SHA-1 checksums (whole-file metadata `checksum`, per-request `Upload-Checksum`), a chunk of its own for Biome.

export { type Sha1OfBlobOptions, sha1OfBlob } from './checksum.js';
export { type VerifyOptions, type VerifyResult, type VerifyVerdict, verifyStoredSha1 } from './verify.js';
export {
  CONDITIONAL_REQUEST_HEADERS,
  LIBRARY_REQUEST_HEADERS,
  OPT_IN_REQUEST_HEADERS,
  type RequestKind,
} from './wire.js';
