/**
 * Creating the batch's new folders (parents first, a few at a time, all batches sharing 3 MKCOL slots); files
 * wait in `waiting-for-folder` until their own folder exists. An empty folder that could not be created is
 * reported itself (`folderErrors`), since no file would say so.
 */
import { joinPath, pathSegments } from '../endpoints.js';
import type { UploadError } from '../errors.js';
import { createFolders } from '../folders.js';
import { isUnfinished } from './file-machine.js';
import { holdSpace, holdsFile } from './holds.js';
import type { Internals } from './internals.js';
import { move, scheduleEffects } from './machine.js';

export function noteFolderError(
  s: Internals,
  spaceId: string,
  path: string,
  error: UploadError,
  retryPaths: string[],
): void {
  s.folders.errors = [
    ...s.folders.errors.filter((f) => f.spaceId !== spaceId || f.path !== path),
    { spaceId, path, error, retryPaths },
  ];
  s.store.emit('folder-error', { spaceId, path, error });
  s.store.changed(true);
}

export function ensureFolders(s: Internals, spaceId: string, paths: readonly string[]): void {
  const { jobs, progress } = s.folders;
  const key = `${spaceId}\n${[...paths].sort().join('\n')}`;
  if (jobs.has(key)) return;
  if (progress.running === 0) {
    progress.total = 0;
    progress.settled = 0;
  }
  progress.running++;
  progress.total += paths.length;
  const wanted = new Set(paths);
  const job = (async () => {
    const outcomes = await createFolders(paths, {
      slot: (work) => (s.destroyed ? Promise.reject(new Error('the uploader was destroyed')) : s.folders.slot(work)),
      serverUrl: s.serverUrl,
      spaceId,
      exact: true,
      ...s.http.requestOptions,
      onOutcome: () => {
        progress.settled++;
        s.store.changed(false);
      },
    });
    progress.running--;
    if (s.destroyed) return;
    // A failed folder with no file waiting below it (an empty one) would fail silently: it is reported itself.
    const waitingBelow = (path: string) =>
      [...s.entries.values()].some(
        (e) =>
          e.context.space.id === spaceId &&
          isUnfinished(e.state) &&
          !!e.needsFolder &&
          `${e.needsFolder}/`.startsWith(`${path}/`),
      );
    for (const [path, outcome] of outcomes) {
      if (outcome.status !== 'failed' || !outcome.error) continue;
      const parent = outcomes.get(joinPath(...pathSegments(path).slice(0, -1)));
      if (parent?.status === 'failed' || waitingBelow(path)) continue;
      const subtree = [...outcomes.keys()].filter((p) => `${p}/`.startsWith(`${path}/`));
      noteFolderError(s, spaceId, path, outcome.error, subtree);
    }
    s.store.changed(true);
    const failed = [...outcomes.values()].filter((o) => o.status === 'failed').map((o) => o.path);
    for (const entry of s.entries.values()) {
      if (entry.context.space.id !== spaceId || !entry.needsFolder || !wanted.has(entry.needsFolder)) continue;
      const needed = entry.needsFolder;
      const outcome = outcomes.get(needed);
      entry.needsFolder = undefined;
      if (outcome?.status === 'failed' && outcome.error) {
        // Its own folder and the failed ones above it: retry() creates them again before the file goes.
        entry.retryFolders = failed.filter((p) => `${needed}/`.startsWith(`${p}/`));
        move(s, entry, 'fail', { error: outcome.error });
      } else if (entry.state === 'waiting-for-folder' && holdsFile(s, spaceId, entry))
        holdSpace(s, spaceId, [entry], undefined);
      else move(s, entry, 'folder-created');
    }
    scheduleEffects(s);
  })();
  jobs.set(key, job);
  job.finally(() => jobs.delete(key)).catch(() => undefined);
}
