/**
 * The tus `Upload-Metadata` record the oCIS web UI sends, field for field, minus its mistakes: no key with
 * an unset value (never the string "undefined"), whole-second `mtime`, NFC names.
 */
import { joinPath, pathSegments } from './endpoints.js';

/** Where files go and where the user is: the space, the folder on screen, and the app's route. */
export interface UploadContext {
  /**
   * From Graph `/me/drives`; for a received share, the share's id (`{storageId}${spaceUuid}!{nodeUuid}`).
   * `quota.remaining` (bytes), when given, is used for the pre-check instead of asking the server.
   */
  space: { id: string; name?: string; driveAlias?: string; driveType?: string; quota?: { remaining?: number } };
  /** The folder the user is in (default the space root). */
  folder?: { path: string; id?: string };
  /** The web app's route (`routeShareId`: the received share's id when uploading into a share). */
  route?: { name?: string; driveAliasAndItem?: string; shareId?: string };
}

/** One file of a batch, as the uploader knows it before upload. */
export interface MetadataInput {
  name: string;
  type?: string;
  /** Milliseconds since the epoch (`File.lastModified`). */
  lastModified?: number;
  /** Path inside a dropped folder, with the file name (`A/b/c.txt` or `/A/b/c.txt`). */
  relativePath?: string;
  /** One id per top-level dropped folder in the batch. */
  topLevelFolderId?: string;
  /** Uppy's file id. */
  uppyId?: string;
  /** A UUID per file. */
  uploadId?: string;
  /** The URL the file is created at (its folder's WebDAV URL). */
  tusEndpoint?: string;
  /** Whole-file SHA-1, lower-case hex. */
  sha1?: string;
}

/** Every key the web UI sends. */
export const METADATA_FIELDS = [
  'name',
  'filename',
  'type',
  'filetype',
  'mtime',
  'checksum',
  'spaceId',
  'spaceName',
  'driveAlias',
  'driveType',
  'currentFolder',
  'currentFolderId',
  'relativePath',
  'relativeFolder',
  'topLevelFolderId',
  'uppyId',
  'uploadId',
  'tusEndpoint',
  'routeName',
  'routeDriveAliasAndItem',
  'routeShareId',
] as const;

export type MetadataField = (typeof METADATA_FIELDS)[number];
export type UploadMetadata = Partial<Record<MetadataField, string>>;

const nfc = (s: string): string => s.normalize('NFC');

/** `A/b/c.txt` → `{ relativePath: '/A/b/c.txt', relativeFolder: '/A/b' }`; a bare name has neither. */
export function splitRelativePath(relativePath: string | undefined): {
  relativePath?: string;
  relativeFolder?: string;
} {
  if (!relativePath) return {};
  const segments = pathSegments(nfc(relativePath));
  if (segments.length < 2) return {};
  return { relativePath: joinPath(...segments), relativeFolder: joinPath(...segments.slice(0, -1)) };
}

/** A path that climbs (`..`) has no place to report: such a file is refused before upload, naming it. */
function safeSplit(relativePath: string | undefined): ReturnType<typeof splitRelativePath> {
  try {
    return splitRelativePath(relativePath);
  } catch {
    return {};
  }
}

/** Pure: one file + the context → the metadata record. Keys without a value are left out. */
export function buildUploadMetadata(file: MetadataInput, context: UploadContext): UploadMetadata {
  const name = nfc(file.name);
  const type = file.type || 'application/octet-stream';
  const rel = safeSplit(file.relativePath);
  const mtime =
    file.lastModified !== undefined && Number.isFinite(file.lastModified) && file.lastModified >= 0
      ? String(Math.floor(file.lastModified / 1000))
      : undefined;
  const record: Record<MetadataField, string | undefined> = {
    name,
    filename: name,
    type,
    filetype: type,
    mtime,
    checksum: file.sha1 ? `SHA1 ${file.sha1.toLowerCase()}` : undefined,
    spaceId: context.space.id,
    spaceName: context.space.name,
    driveAlias: context.space.driveAlias,
    driveType: context.space.driveType,
    currentFolder: joinPath(context.folder?.path ?? '/'),
    currentFolderId: context.folder?.id,
    relativePath: rel.relativePath,
    relativeFolder: rel.relativeFolder,
    topLevelFolderId: rel.relativePath ? file.topLevelFolderId : undefined,
    uppyId: file.uppyId,
    uploadId: file.uploadId,
    tusEndpoint: file.tusEndpoint,
    routeName: context.route?.name,
    routeDriveAliasAndItem: context.route?.driveAliasAndItem,
    routeShareId: context.route?.shareId,
  };
  const out: UploadMetadata = {};
  for (const key of METADATA_FIELDS) {
    const value = record[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

/** Keeps only the allowed keys (`filename` always: the server refuses an upload without it). */
export function filterMetadata(metadata: UploadMetadata, allowed: readonly string[] | true): UploadMetadata {
  if (allowed === true) return metadata;
  const keep = new Set([...allowed, 'filename']);
  return Object.fromEntries(Object.entries(metadata).filter(([k]) => keep.has(k))) as UploadMetadata;
}
