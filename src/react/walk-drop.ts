/**
 * Turns what the user dropped, picked or pasted into upload entries: dropped folders are walked recursively
 * (`webkitGetAsEntry`), files inside them get their relative path (`A/b/c.txt`), and empty folders are
 * reported (`A/empty`) so they can be created too. No React and no globals: testable with fake entries.
 */
import type { UploadEntry } from '../core/index.js';

/** What a drop, a picker or a paste produced. */
export interface DropResult {
  entries: UploadEntry[];
  /** Folders with nothing inside, as relative paths (`A/empty`), parents implied. */
  emptyFolders: string[];
  /** Relative paths of files or folders that could not be read (e.g. removed meanwhile, no permission). */
  unreadable: string[];
}

/** The part of `FileSystemEntry` the walk needs (real entries fit; tests pass fakes). */
export interface DropEntry {
  readonly name: string;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
}

export interface DropFileEntry extends DropEntry {
  file(success: (file: File) => void, error?: (error: DOMException) => void): void;
}

export interface DropDirectoryReader {
  /** At most 100 entries per call in Chromium: call until it yields an empty array. */
  readEntries(success: (entries: DropEntry[]) => void, error?: (error: DOMException) => void): void;
}

export interface DropDirectoryEntry extends DropEntry {
  createReader(): DropDirectoryReader;
}

/** The part of `DataTransfer` the drop needs. */
export interface DropTransfer {
  readonly items?: ArrayLike<DropTransferItem> | null;
  readonly files?: ArrayLike<File> | null;
}

export interface DropTransferItem {
  readonly kind: string;
  getAsFile(): File | null;
  webkitGetAsEntry?: () => DropEntry | null;
}

export interface WalkOptions {
  signal?: AbortSignal;
}

function isFileEntry(entry: DropEntry): entry is DropFileEntry {
  return entry.isFile && typeof (entry as Partial<DropFileEntry>).file === 'function';
}

function isDirectoryEntry(entry: DropEntry): entry is DropDirectoryEntry {
  return entry.isDirectory && typeof (entry as Partial<DropDirectoryEntry>).createReader === 'function';
}

function readFile(entry: DropFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function readBatch(reader: DropDirectoryReader): Promise<DropEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

/** All children of a folder: `readEntries` until it returns an empty batch. */
export async function readAllEntries(directory: DropDirectoryEntry, options: WalkOptions = {}): Promise<DropEntry[]> {
  const reader = directory.createReader();
  const all: DropEntry[] = [];
  for (;;) {
    options.signal?.throwIfAborted();
    const batch = await readBatch(reader);
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function join(parent: string, name: string): string {
  return parent ? `${parent}/${name}` : name;
}

/**
 * Walks dropped entries: top-level files stay plain `File`s, files inside folders get `relativePath`
 * (`A/b/c.txt`), folders without children land in `emptyFolders`. Order: as the browser lists them, a
 * folder's files before its sub-folders' contents. Throws only when aborted.
 */
export async function walkEntries(roots: readonly DropEntry[], options: WalkOptions = {}): Promise<DropResult> {
  const result: DropResult = { entries: [], emptyFolders: [], unreadable: [] };

  const walkDirectory = async (directory: DropDirectoryEntry, path: string): Promise<void> => {
    let children: DropEntry[];
    try {
      children = await readAllEntries(directory, options);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      result.unreadable.push(path);
      return;
    }
    if (children.length === 0) {
      result.emptyFolders.push(path);
      return;
    }
    // The files of one folder are read in parallel (one callback each), the sub-folders one after another.
    const files = children.filter(isFileEntry);
    const read = await Promise.allSettled(files.map(readFile));
    options.signal?.throwIfAborted();
    read.forEach((outcome, i) => {
      const relativePath = join(path, files[i]?.name ?? '');
      if (outcome.status === 'fulfilled') result.entries.push({ file: outcome.value, relativePath });
      else result.unreadable.push(relativePath);
    });
    for (const child of children) {
      if (isDirectoryEntry(child)) await walkDirectory(child, join(path, child.name));
    }
  };

  for (const root of roots) {
    options.signal?.throwIfAborted();
    if (isFileEntry(root)) {
      try {
        result.entries.push(await readFile(root));
      } catch {
        result.unreadable.push(root.name);
      }
    } else if (isDirectoryEntry(root)) {
      await walkDirectory(root, root.name);
    }
  }
  return result;
}

/**
 * Reads a drop. The `DataTransfer` items are only valid during the drop event, so the entries are taken
 * synchronously, before the first `await`; call this from the `drop` handler directly.
 */
export function readDrop(transfer: DropTransfer, options: WalkOptions = {}): Promise<DropResult> {
  const roots: DropEntry[] = [];
  const plainFiles: File[] = [];
  const items = transfer.items ? Array.from(transfer.items) : [];
  if (items.length > 0) {
    for (const item of items) {
      if (item.kind !== 'file') continue;
      const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
      if (entry) {
        roots.push(entry);
      } else {
        const file = item.getAsFile();
        if (file) plainFiles.push(file);
      }
    }
  } else if (transfer.files) {
    plainFiles.push(...Array.from(transfer.files));
  }
  return walkEntries(roots, options).then((walked) => ({ ...walked, entries: [...plainFiles, ...walked.entries] }));
}

/**
 * Files from an `<input type="file">`: with `webkitdirectory` each file carries `webkitRelativePath`
 * (`A/b/c.txt`), which becomes its `relativePath`. (A folder picker cannot report empty folders.)
 */
export function filesFromInput(files: ArrayLike<File> | null | undefined): DropResult {
  const entries: UploadEntry[] = [];
  for (const file of files ? Array.from(files) : []) {
    const relativePath = file.webkitRelativePath?.replace(/^\/+/, '');
    entries.push(relativePath?.includes('/') ? { file, relativePath } : file);
  }
  return { entries, emptyFolders: [], unreadable: [] };
}

/** Files on the clipboard of a `paste` event (e.g. a copied screenshot or files copied in a file manager). */
export function filesFromClipboard(data: DropTransfer | null | undefined): File[] {
  if (!data) return [];
  const files: File[] = [];
  const items = data.items ? Array.from(data.items) : [];
  for (const item of items) {
    if (item.kind !== 'file') continue;
    const file = item.getAsFile();
    if (file) files.push(file);
  }
  if (files.length === 0 && data.files) files.push(...Array.from(data.files));
  return files;
}
