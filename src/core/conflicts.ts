/**
 * Name conflicts: what the integrator is asked when a name in the batch is taken on the server, the answers it may
 * give, and the answer given without a handler.
 */

export type FileConflictResolution = 'replace' | 'keep-both' | 'skip';
/** `merge`: the dropped folder's content goes into the existing folder (each file checked on its own). */
export type FolderConflictResolution = 'merge' | 'keep-both' | 'skip';
export type ConflictResolution = FileConflictResolution | FolderConflictResolution;

/** A name in the batch that is taken on the server. */
export interface UploadConflict {
  /** What the batch brings there: a file, or a dropped folder. */
  kind: 'file' | 'folder';
  name: string;
  spaceId: string;
  /** The folder (in the space) that holds the name. */
  folderPath: string;
  /** `folderPath` + `name`. */
  path: string;
  /** What is there now. */
  existing: { kind: 'file' | 'folder'; fileId: string | undefined; size: number | undefined };
  /** Bytes the batch brings under this name (a folder: all its files). */
  size: number;
  /** Files the batch brings under this name (1 for a file). */
  files: number;
  /** The choices that make sense here, the first being the default. */
  options: readonly ConflictResolution[];
  /** Conflicts of the same kind already found and not yet decided (for an "apply to all" label). */
  remaining: number;
}

export interface ConflictDecision {
  resolution: ConflictResolution;
  /** Use the same answer for the rest of the batch's conflicts of this kind (files or folders). */
  applyToAll?: boolean;
}

/**
 * Decides one conflict. Rejecting cancels the batch (nothing is uploaded). Called one conflict at a time;
 * `signal` aborts when the batch is canceled meanwhile (close the question then).
 */
export type ConflictHandler = (
  conflict: UploadConflict,
  context: { signal: AbortSignal },
) => ConflictDecision | ConflictResolution | Promise<ConflictDecision | ConflictResolution>;

/** Without a handler: folders merge, files are kept both (nothing on the server is overwritten). */
export const defaultConflictHandler: ConflictHandler = (conflict) => conflict.options[0] ?? 'skip';
