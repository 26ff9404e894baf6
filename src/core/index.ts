/** `space-uploader/core`: framework-free upload logic for oCIS spaces (no React here). */
export { type AccessTokenSource, createTokenProvider, type TokenProvider } from './auth.js';
export {
  type FetchCapabilitiesOptions,
  fetchCapabilities,
  parseCapabilities,
  type TusCapabilities,
  type UploadCapabilities,
} from './capabilities.js';
export {
  capabilitiesUrl,
  driveUrl,
  encodeId,
  encodeSegment,
  fileUrl,
  folderUrl,
  joinPath,
  myDrivesUrl,
  normalizeServerUrl,
  pathSegments,
  spaceUrl,
} from './endpoints.js';
export {
  CapabilitiesError,
  type CapabilitiesErrorKind,
  errorKindOf,
  UploadError,
  type UploadErrorKind,
} from './errors.js';
export { type CreateFoldersOptions, createFolders, type FolderOutcome, foldersToCreate } from './folders.js';
export {
  canCreateIn,
  canReplace,
  type FolderListing,
  type ListedItem,
  listFolder,
  parseFolderListing,
} from './listing.js';
export {
  buildUploadMetadata,
  filterMetadata,
  METADATA_FIELDS,
  type MetadataField,
  type MetadataInput,
  splitRelativePath,
  type UploadContext,
  type UploadMetadata,
} from './metadata.js';
export {
  caseCollisions,
  describeNameProblem,
  keepBothName,
  MAX_NAME_BYTES,
  type NameProblem,
  nameProblem,
} from './names.js';
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
export {
  createResumeStore,
  memoryStorage,
  partialHash,
  type ResumeFileInfo,
  type ResumeRecord,
  type ResumeStorageBackend,
  type ResumeStore,
  type ResumeStoreOptions,
} from './resume.js';
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
  DEFAULT_CHECKSUM_MODE,
  DEFAULT_LIMIT,
  DEFAULT_RETRY_DELAYS,
  type PutTransfer,
  RETRY_POLICY,
  type RetryCase,
  type RetryDecision,
  resolveTransfer,
  retryDecision,
  supportsTus,
  type Transfer,
  type TransferOptions,
  type TusTransfer,
} from './transfer.js';
export {
  createSpaceUploader,
  type FilePlan,
  type SpaceUploadBody,
  type SpaceUploader,
  type SpaceUploaderEvents,
  type SpaceUploaderOptions,
  type SpaceUploadMeta,
  type SpaceUppy,
  type SpaceUppyFile,
  toUploadError,
  type UploadEntry,
  type UploaderLogger,
  type UploadFailure,
  type UploadResult,
} from './uploader/index.js';

// SHA-1 checksums (whole-file metadata `checksum`, per-request `Upload-Checksum`), a chunk of its own for Biome.

export {
  type ChecksumHttpStackOptions,
  checksumHeader,
  createChecksumHttpStack,
  metadataChecksum,
  type Sha1OfBlobOptions,
  sha1OfBlob,
  type TusHttpRequest,
  type TusHttpResponse,
  type TusHttpStack,
} from './checksum.js';
export {
  CONDITIONAL_REQUEST_HEADERS,
  LIBRARY_REQUEST_HEADERS,
  OPT_IN_REQUEST_HEADERS,
  type RequestKind,
} from './wire.js';
