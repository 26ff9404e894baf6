/**
 * What the uploader's rooms share: one object, made once per uploader and passed to each room's functions (the
 * rooms keep no state of their own). Fields are grouped by the room that writes them; every other room only reads.
 */
import type { UploadCapabilities } from '../capabilities.js';
import type { limiter } from '../concurrency.js';
import type { UploadContext } from '../metadata.js';
import type { RequestClient } from '../request-client.js';
import type { ResumeFileInfo, ResumeStore } from '../resume.js';
import type { FolderError, UploadResult } from '../state.js';
import type { Transfer } from '../transfer.js';
import type { Batch, Entry } from './entry.js';
import type { Store } from './store.js';
import type { FolderConfirmations } from './stored-batch.js';
import type { Transport } from './transport.js';
import type { SpaceUploaderOptions, SpaceUppy, UploadFailure } from './types.js';

export interface QuotaFigures {
  needed?: number;
  available?: number;
  missing?: number;
}

export interface Internals {
  readonly options: SpaceUploaderOptions;
  readonly serverUrl: string;
  readonly http: RequestClient;
  readonly uppy: SpaceUppy;
  /** The metadata keys that may go on the wire. */
  readonly wireFields: readonly string[];
  /** Set once by the wiring, right after this object is made (they read it too). */
  store: Store;
  transport: Transport;

  // intake
  readonly entries: Map<string, Entry>;
  readonly batches: Set<Batch>;
  target: UploadContext | undefined;
  /** The checks of one batch after another (see `preparation.ts`). */
  planChain: Promise<void>;

  // queue: ids in the order they were queued; the pump walks `order` from `cursor`, hashing from `hashCursor`
  readonly queue: {
    order: string[];
    cursor: number;
    hashCursor: number;
    hashingNow: Entry | undefined;
    hashAbort: AbortController | undefined;
  };

  // transport
  readonly byUppyId: Map<string, Entry>;
  transfer: Transfer | undefined;
  capabilities: UploadCapabilities | undefined;
  setupError: Error | undefined;
  /** Retry-After: no request to this URL (`*`: to any) before this time (ms). */
  readonly notBefore: Map<string, number>;
  /** Small stored files waiting to be confirmed together, by folder URL (`stored-batch.ts`). */
  readonly confirmations: Map<string, FolderConfirmations>;
  /** The server announced the tus `checksum` extension with sha1 (per-chunk checksums may be sent). */
  chunkChecksums: boolean;
  readonly resume: {
    readonly store: ResumeStore;
    /** Records outlive the page (the `resume` option): files are hashed at their edges for them. */
    readonly persist: boolean;
    /** tus fingerprint (as @uppy/tus makes it) → the file, for resume records. */
    readonly fingerprints: Map<string, ResumeFileInfo>;
  };

  // holds
  /** The figures of the last quota check per space (a 507 leaves them unknown). */
  readonly quotaHolds: Map<string, QuotaFigures>;
  /** The smallest file per space the server refused with 507 since its hold began (smaller ones may still fit). */
  readonly refusedSizes: Map<string, number>;
  /** The token was refused and could not be refreshed: uploads wait for `signedIn()`. */
  signInNeeded: boolean;

  // folders
  readonly folders: {
    readonly jobs: Map<string, Promise<void>>;
    /** MKCOLs of every batch together: at most 3 at once. */
    readonly slot: ReturnType<typeof limiter>;
    readonly progress: { total: number; settled: number; running: number };
    /** Empty folders that could not be created (`snapshot.folderErrors`), with what `retry()` creates again. */
    errors: Array<FolderError & { retryPaths: string[] }>;
    /** Folder URLs by space and folder: files of one folder share it (10,000 files: 10,000 fewer encodings). */
    readonly urls: Map<string, string>;
  };

  // settle
  started: boolean;
  destroyed: boolean;
  /** Work was under way since the last `complete`. */
  wasBusy: boolean;
  waiters: Array<{
    ids: string[];
    resolve: (v: { successful: UploadResult[]; failed: UploadFailure[] }) => void;
    reject: (error: Error) => void;
  }>;

  /** What runs once after the state changes of one turn (see `machine.ts`). Set by the wiring. */
  effects: { pump(): void; settle(): void; confirmCancel(entry: Entry): void; queued: boolean };
}
