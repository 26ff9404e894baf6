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
  DEFAULT_LIMIT,
  DEFAULT_RETRY_DELAYS,
  type PutTransfer,
  RETRY_POLICY,
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
  type UploadFailure,
  type UploadResult,
} from './uploader.js';
