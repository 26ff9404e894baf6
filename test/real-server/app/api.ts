/**
 * What the real-server page (main.ts) exposes on `window.__su`, and the shapes it answers with: plain JSON, so
 * that the test in Node reads them through `page.evaluate`.
 */
import type {
  FileConflictResolution,
  TransferOptions,
  UploadContext,
  UploadErrorKind,
} from '../../../src/core/index.ts';

/**
 * `real`: the Node side's real token. `refused-first`: a token the server refuses until the first refresh.
 * `refused-after-plan`: real for the checks, then refused (a refresh too) until the page, seeing the sign-in
 * request, signs in again (`signedIn()`) and hands out real tokens once more.
 */
export type TokenMode = 'real' | 'refused-first' | 'refused-after-plan';

export interface PageUploaderOptions {
  serverUrl: string;
  token: TokenMode;
  /** A fixed token instead (the mock's): `token` is then ignored. */
  fixedToken?: string;
  /** Every file conflict gets this answer (through `onConflict`); none: the library's default. */
  onConflict?: FileConflictResolution;
  transfer?: TransferOptions;
}

export interface PageUploadRequest {
  target: UploadContext;
  /** Which input's files: `#files` (plain) or `#folder` (`webkitdirectory`: files carry `webkitRelativePath`). */
  input: 'files' | 'folder';
  emptyFolders?: string[];
  /** "Cancel all" once this many files are done (what the summary's button does). */
  cancelWhenDone?: number;
}

export interface PageError {
  kind: UploadErrorKind | string;
  message: string;
  details: { status?: number; requestId?: string; method?: string; url?: string };
}

export interface PageResult {
  name: string;
  path: string;
  size: number;
  fileId: string | undefined;
  spaceId: string;
  verified: boolean | undefined;
}

export interface PageFile {
  name: string;
  path: string;
  size: number;
  status: string;
  fileId: string | undefined;
  bytesUploaded: number;
  restarts: number;
  hold: string | undefined;
  error: PageError | undefined;
  verified: boolean | undefined;
  /** The file's log lines (`{ at, message }`: `at` in ms since the epoch). */
  log: { at: number; message: string }[];
}

export interface PageOutcome {
  successful: PageResult[];
  failed: { name: string; path: string; error: PageError }[];
  items: PageFile[];
  holds: { spaceId: string; files: number; needed?: number; available?: number; missing?: number }[];
  folderErrors: { path: string; error: PageError }[];
  signInRequired: boolean;
  /** Each call of the token function, in order. */
  tokenCalls: { refresh: boolean; refused: boolean }[];
  /** With `refused-after-plan`: what the files were when the uploader asked for sign-in. */
  signInAsked?: { status: string; hold: string | undefined; error: PageError | undefined }[];
  /** Conflicts the `onConflict` handler was asked about. */
  conflicts: { name: string; path: string; kind: string }[];
  /** The files' `lastModified` (ms) by name, as the browser read them. */
  lastModified: Record<string, number>;
  /** When `upload()` was called and when "cancel all" was (ms since the epoch). */
  startedAt: number;
  canceledAt?: number;
}

export interface PageComponentProps {
  serverUrl: string;
  target: UploadContext;
  onConflict?: FileConflictResolution;
  /** The mock's token instead of the real one. */
  fixedToken?: string;
  transfer?: TransferOptions;
}

export interface PageApi {
  /** Uploads what the chosen input holds with a new uploader; resolves when `upload()` settles. */
  upload(options: PageUploaderOptions, request: PageUploadRequest): Promise<PageOutcome>;
  /**
   * Renders `<SpaceUploader>` into `#root`; each `window.__su.componentDone()` then waits for the next
   * `onUploadComplete` (a retry's batch completes again).
   */
  renderComponent(props: PageComponentProps): void;
  componentDone(): Promise<{ successful: PageOutcome['successful']; failed: PageOutcome['failed'] }>;
}

declare global {
  interface Window {
    __su: PageApi;
    /** Exposed by the test (Node): a real access token, refreshed when `refresh`. */
    __realToken(refresh: boolean): Promise<string>;
  }
}
