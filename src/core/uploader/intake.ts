/**
 * Intake: files in. Each becomes an entry placed where it was dropped (its URLs and metadata), its size and date
 * read in short slices so that adding 10,000 files never blocks the page, and its batch handed to the checks.
 */
import { joinPath, pathSegments } from '../endpoints.js';
import { randomUuid } from '../ids.js';
import { splitRelativePath, type UploadContext } from '../metadata.js';
import type { ResumeRecord } from '../resume.js';
import { type Batch, type Entry, mtimeOf, sizeOf } from './entry.js';
import type { Internals } from './internals.js';
import { describe, place } from './placement.js';
import { schedulePlan } from './preparation.js';
import type { AddFilesOptions, UploadEntry } from './types.js';

/** Reading files' sizes and dates yields to the page after this long (a long task is one over 50 ms). */
const MEASURE_SLICE_MS = 30;

/**
 * Lets the page paint, handle input and run other tasks: a MessageChannel task (not throttled in background tabs, and
 * queued fairly behind tasks already waiting; `scheduler.yield()` would run first and starve React's own updates).
 */
const yieldToPage = (): Promise<void> =>
  new Promise((resolve) => {
    if (typeof MessageChannel !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });

/**
 * Adds files to the queue (`addFiles`); `continued` is the resume record one file continues: it goes straight to
 * that file's folder (no checks of the folders above, which exist) with its old place in the drop in its metadata.
 */
export function addEntries(
  s: Internals,
  list: readonly UploadEntry[],
  context: UploadContext,
  addOptions: AddFilesOptions,
  continued?: ResumeRecord,
): string[] {
  if (s.destroyed) throw new Error('this uploader was destroyed');
  if (!context?.space?.id) throw new TypeError('addFiles needs a context with space.id');
  const batch: Batch = {
    context,
    baseFolder: continued
      ? joinPath(...pathSegments(continued.path).slice(0, -1))
      : joinPath(context.folder?.path ?? '/'),
    emptyFolders: (addOptions.emptyFolders ?? []).map((f) => pathSegments(f.normalize('NFC'))),
    foldersOnHold: [],
    controller: new AbortController(),
    measured: Promise.resolve(),
  };
  const topLevelIds = new Map<string, string>();
  const added: Entry[] = [];
  for (const item of list) {
    const file = item instanceof Blob ? item : item?.file;
    if (!(file instanceof Blob)) throw new TypeError('addFiles takes File objects (or { file, relativePath })');
    const given = item instanceof Blob ? undefined : item.relativePath;
    const folders = foldersOf(given ?? ((file as File).webkitRelativePath || undefined));
    const top = folders[0];
    let topLevelFolderId: string | undefined;
    if (top !== undefined) {
      topLevelFolderId = topLevelIds.get(top) ?? randomUuid();
      topLevelIds.set(top, topLevelFolderId);
    }
    const name = ((file as File).name ?? '').normalize('NFC');
    const uploadId = randomUuid();
    const entry = {
      id: `f-${uploadId}`,
      context,
      batch,
      source: { name, folders },
      topLevelFolderId,
      sha1: undefined,
      hashAlongside: undefined,
      edgeHash: undefined,
      resumeKey: undefined,
      continuedAs: undefined,
      uploadId,
      uppyId: undefined,
      planned: false,
      file: file as File,
      size: undefined,
      lastModified: undefined,
      state: 'checking',
      status: 'preparing',
      bytesUploaded: 0,
      speed: 0,
      timeLeft: undefined,
      error: undefined,
      result: undefined,
      attempts: 0,
      hold: undefined,
      restarts: 0,
      log: [],
      uploadUrl: undefined,
      replaces: false,
      replacedEtag: undefined,
      renamedFrom: undefined,
      caseCollision: undefined,
      needsFolder: undefined,
      retryFolders: undefined,
      lastProgress: undefined,
      view: undefined,
      order: s.queue.order.length + added.length,
    } as Omit<Entry, 'name' | 'folderPath' | 'path' | 'endpoint' | 'fileUrl' | 'meta'> as Entry;
    if (continued) {
      entry.resumeKey = continued.key;
      entry.continuedAs = continued.relativePath;
      entry.topLevelFolderId = continued.topLevelFolderId;
    }
    // Where it was dropped, until the checks say otherwise (a name the server refuses stays as given).
    place(s, entry, folders, name, false);
    s.entries.set(entry.id, entry);
    added.push(entry);
  }
  if (added.length > 0)
    s.queue.order = s.queue.order.length === 0 ? added.map((e) => e.id) : s.queue.order.concat(added.map((e) => e.id));
  if (added.length > 0 || batch.emptyFolders.length > 0) {
    s.batches.add(batch);
    batch.measured = measure(s, added, batch.controller.signal);
    schedulePlan(s, batch, added);
  }
  s.store.changed(true);
  s.store.emit('file-added', added.map(s.store.viewOf));
  return added.map((e) => e.id);
}

/**
 * The folders above a file inside its drop (`A/b/c.txt` → `['A', 'b']`). A path that climbs (`../x`) keeps its
 * `..`, which the checks then refuse with the file's name: one odd path must not throw away the whole list.
 */
export function foldersOf(relativePath: string | undefined): string[] {
  if (!relativePath) return [];
  try {
    const { relativeFolder } = splitRelativePath(relativePath);
    return relativeFolder ? pathSegments(relativeFolder) : [];
  } catch {
    return relativePath
      .normalize('NFC')
      .split('/')
      .filter((s) => s !== '' && s !== '.')
      .slice(0, -1);
  }
}

/**
 * Reads the files' sizes and dates in slices of about `MEASURE_SLICE_MS`, so that adding 10,000 picked files never
 * blocks the page (4 s in one task on 2 cores): rows show at once, their sizes as they come.
 */
async function measure(s: Internals, group: readonly Entry[], signal: AbortSignal): Promise<void> {
  // The rows first: `addFiles` returns and the page paints before the first size is asked for.
  await yieldToPage();
  if (s.destroyed || signal.aborted) return;
  let sliceStart = performance.now();
  for (let i = 0; i < group.length; i++) {
    const entry = group[i] as Entry;
    sizeOf(entry);
    mtimeOf(entry);
    // Not planned yet: still where it was dropped; described now that its date is known.
    if (!entry.planned) describe(entry, entry.source.folders);
    s.store.touch(entry, false);
    if (performance.now() - sliceStart >= MEASURE_SLICE_MS && i < group.length - 1) {
      await yieldToPage();
      if (s.destroyed || signal.aborted) return;
      sliceStart = performance.now();
    }
  }
}
