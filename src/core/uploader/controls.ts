/**
 * What the user does to files once they are queued: pause, resume, cancel, retry, give a new token, free space;
 * and the interrupted uploads kept from earlier visits. Each is one file-machine event per file.
 */
import type { AccessTokenSource } from '../auth.js';
import { discardBody } from '../http.js';
import type { Batch, Entry } from './entry.js';
import { isUnfinished } from './file-machine.js';
import { ensureFolders } from './folder-jobs.js';
import type { Internals } from './internals.js';
import { liftHolds } from './lift-holds.js';
import { move, scheduleEffects } from './machine.js';
import { schedulePlan } from './preparation.js';

/** One file, several (a folder's, in one pass: one pump, one plan per batch, one space check), or every one. */
export type Targets = string | readonly string[] | undefined;

const targetsOf = (s: Internals, id: Targets): Entry[] =>
  id === undefined
    ? [...s.entries.values()]
    : (typeof id === 'string' ? [id] : id).map((i) => s.entries.get(i)).filter((e): e is Entry => !!e);

export function pause(s: Internals, id?: Targets): void {
  for (const entry of targetsOf(s, id)) if (move(s, entry, 'pause')) s.transport.pause(entry);
}

export function resume(s: Internals, id?: Targets): void {
  const held: Entry[] = [];
  for (const entry of targetsOf(s, id)) {
    // A file waiting for free space goes only once the space is checked again; one waiting for sign-in on `signedIn`.
    if (entry.state === 'held-quota') held.push(entry);
    else if (move(s, entry, 'resume')) s.transport.resume(entry);
  }
  if (held.length > 0) liftHolds(s, held).catch(() => undefined);
  scheduleEffects(s);
}

export function resumeHeld(s: Internals, spaceId?: string): void {
  const held = [...s.entries.values()].filter(
    (e) => e.state === 'held-quota' && (spaceId === undefined || e.context.space.id === spaceId),
  );
  if (held.length > 0) liftHolds(s, held).catch(() => undefined);
}

export function signedIn(s: Internals, accessToken?: AccessTokenSource): void {
  if (accessToken !== undefined) s.http.replaceToken(accessToken);
  s.signInNeeded = false;
  const recheck = new Map<Batch, Entry[]>();
  for (const entry of s.entries.values()) {
    if (!move(s, entry, 'signed-in')) continue;
    s.transport.resume(entry);
    // Held by refused checks: checked again.
    if (entry.planned) continue;
    const group = recheck.get(entry.batch);
    if (group) group.push(entry);
    else recheck.set(entry.batch, [entry]);
  }
  for (const [batch, group] of recheck) {
    if (batch.controller.signal.aborted) batch.controller = new AbortController();
    schedulePlan(s, batch, group);
  }
  s.store.changed(true);
  scheduleEffects(s);
}

export function cancel(s: Internals, id?: Targets): void {
  // A failed file is canceled only when named (given up on); a cancel of everything leaves failures as they are.
  const targets = targetsOf(s, id).filter((e) => id !== undefined || e.state !== 'failed');
  for (const entry of targets) if (move(s, entry, 'cancel')) s.transport.cancel(entry);
  // A batch with nothing left to check stops its checks (and closes its conflict question).
  const stillChecking = new Set<Batch>();
  for (const e of s.entries.values()) if (!e.planned && isUnfinished(e.state)) stillChecking.add(e.batch);
  for (const batch of new Set(targets.map((e) => e.batch))) if (!stillChecking.has(batch)) batch.controller.abort();
}

export function retry(s: Internals, id?: Targets): void {
  const replan = new Map<Batch, Entry[]>();
  // Per space, the folders that were not created for the files retried now.
  const folders = new Map<string, Set<string>>();
  for (const entry of targetsOf(s, id)) {
    if (entry.state !== 'failed') continue;
    // Damaged on arrival: the file may have changed since it was hashed.
    if (entry.error?.kind === 'integrity') entry.sha1 = undefined;
    entry.error = undefined;
    entry.attempts++;
    entry.bytesUploaded = 0;
    // Its folder was not created: created again first (sent to where it does not exist, the upload is refused).
    if (entry.planned && entry.retryFolders) {
      entry.needsFolder = entry.folderPath;
      const spaceId = entry.context.space.id;
      const wanted = folders.get(spaceId) ?? new Set<string>();
      for (const path of entry.retryFolders) wanted.add(path);
      folders.set(spaceId, wanted);
    }
    entry.retryFolders = undefined;
    move(s, entry, 'retry');
    // Refused by the checks (or they could not run): checked again.
    if (!entry.planned) replan.set(entry.batch, [...(replan.get(entry.batch) ?? []), entry]);
  }
  for (const [batch, group] of replan) {
    if (batch.controller.signal.aborted) batch.controller = new AbortController();
    schedulePlan(s, batch, group);
  }
  for (const [spaceId, paths] of folders) ensureFolders(s, spaceId, [...paths]);
  // Empty folders that failed are tried again too (a refused name would only be refused again).
  if (id === undefined) {
    const again = s.folders.errors.filter((f) => f.retryPaths.length > 0);
    s.folders.errors = s.folders.errors.filter((f) => f.retryPaths.length === 0);
    for (const f of again) ensureFolders(s, f.spaceId, f.retryPaths);
    if (again.length > 0) s.store.changed(true);
  }
}

/** Forgets one interrupted upload (or all): its record, its kept bytes, and the partial upload (tus DELETE). */
export function forgetInterrupted(s: Internals, key?: string): void {
  const records = s.resume.store.list().filter((r) => key === undefined || r.key === key);
  for (const record of records)
    void s.http
      .headers()
      .then((headers) =>
        s.http.fetch(record.uploadUrl, { method: 'DELETE', headers: { ...headers, 'Tus-Resumable': '1.0.0' } }),
      )
      .then(discardBody)
      .catch(() => undefined);
  s.resume.store.forget(key);
}

export function clearFinished(s: Internals): void {
  for (const [id, entry] of s.entries)
    if (entry.state === 'done' || entry.state === 'canceled' || entry.state === 'skipped') s.entries.delete(id);
  const live = new Set([...s.entries.values()].map((e) => e.batch));
  for (const batch of s.batches) if (!live.has(batch)) s.batches.delete(batch);
  const q = s.queue;
  q.order = q.order.filter((id) => s.entries.has(id));
  q.order.forEach((id, order) => {
    const entry = s.entries.get(id);
    if (entry) entry.order = order;
  });
  q.cursor = 0;
  q.hashCursor = 0;
  // Folders that were not created are cleared with the finished files (a refused name is not tried again).
  s.folders.errors = [];
  s.store.changed(true);
}
