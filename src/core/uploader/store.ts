/**
 * The store: immutable snapshots of the batch for `useSyncExternalStore`, built when read and announced at most
 * once per microtask (status changes), once per frame (with many files) or every 100 ms (progress); and the
 * uploader's typed events.
 */
import { createBatchRate } from '../batch-rate.js';
import {
  EMPTY_SNAPSHOT,
  type SpaceHold,
  summarize,
  type UploaderSnapshot,
  type UploaderStatus,
  type UploadItem,
  type UploadLogEntry,
  type UploadTotals,
} from '../state.js';
import type { Entry } from './entry.js';
import type { Internals } from './internals.js';
import type { SpaceUploaderEvents } from './types.js';

const PROGRESS_NOTIFY_MS = 100;
/** Shared by every item with no log yet (items are frozen; 10,000 empty copies cost the adding task 5 ms). */
const NO_LOG: readonly UploadLogEntry[] = Object.freeze([]);
/** From this many items, status changes reach listeners once per frame instead of once per microtask. */
const MANY_ITEMS = 200;
const FRAME_MS = 16;

export interface Store {
  /** Something shown changed: `urgent` for status changes, not for progress. */
  changed(urgent: boolean): void;
  /** One file's row changed. */
  touch(entry: Entry, urgent?: boolean): void;
  viewOf(entry: Entry): UploadItem;
  emit<E extends keyof SpaceUploaderEvents>(event: E, ...args: Parameters<SpaceUploaderEvents[E]>): void;
  on<E extends keyof SpaceUploaderEvents>(event: E, handler: SpaceUploaderEvents[E]): () => void;
  subscribe(listener: () => void): () => void;
  getSnapshot(): UploaderSnapshot;
  /** No more notifications or events. */
  close(): void;
}

export function createStore(s: Omit<Internals, 'store' | 'transport'>): Store {
  const listeners = new Map<keyof SpaceUploaderEvents, Set<(...args: never[]) => void>>();
  const storeListeners = new Set<() => void>();
  let snapshot: UploaderSnapshot = EMPTY_SNAPSHOT;
  let dirty = false;
  let notifyTimer: ReturnType<typeof setTimeout> | undefined;
  let notifyQueued = false;
  /** Listeners not yet told about a change (a reader may have rebuilt the snapshot in between). */
  let unnotified = false;
  const rate = createBatchRate();

  const rebuild = () => {
    if (!dirty) return;
    dirty = false;
    snapshot = buildSnapshot();
  };
  const flush = () => {
    notifyQueued = false;
    if (notifyTimer !== undefined) clearTimeout(notifyTimer);
    notifyTimer = undefined;
    // Nobody listening (headless use): the snapshot is built when read, not on every change (1,000 files: 0.6 s).
    if (storeListeners.size === 0) return;
    rebuild();
    if (!unnotified) return;
    unnotified = false;
    for (const listener of [...storeListeners]) listener();
  };
  /**
   * Status changes reach listeners at once (next microtask), or with `MANY_ITEMS` files and more once per frame (each
   * snapshot costs O(files); it also makes adding thousands of files and drawing them two tasks, not one long one);
   * progress at most every 100 ms.
   */
  const changed = (urgent: boolean) => {
    dirty = true;
    unnotified = true;
    if (s.destroyed) return;
    if (!urgent) {
      notifyTimer ??= setTimeout(flush, PROGRESS_NOTIFY_MS);
      return;
    }
    if (notifyQueued) return;
    notifyQueued = true;
    if (s.entries.size < MANY_ITEMS) queueMicrotask(flush);
    else setTimeout(flush, FRAME_MS);
  };
  const viewOf = (e: Entry): UploadItem =>
    (e.view ??= Object.freeze({
      id: e.id,
      name: e.name,
      path: e.path,
      spaceId: e.context.space.id,
      relativePath: e.meta.relativePath,
      size: e.size ?? 0,
      measured: e.size !== undefined,
      type: e.meta.type ?? 'application/octet-stream',
      status: e.status,
      bytesUploaded: e.bytesUploaded,
      speed: e.speed,
      timeLeft: e.timeLeft,
      error: e.error,
      result: e.result,
      attempts: e.attempts,
      hold: e.hold,
      replaces: e.replaces,
      renamedFrom: e.renamedFrom,
      caseCollision: e.caseCollision,
      restarts: e.restarts,
      log: e.log.length === 0 ? NO_LOG : [...e.log],
    }));

  /** Speed and time left of the batch as a whole while it moves (batch-rate.ts says why); the files' sum until known. */
  function withBatchRate(totals: UploadTotals, status: UploaderStatus): UploadTotals {
    if (status !== 'uploading' && status !== 'finalizing') {
      rate.reset();
      return totals;
    }
    const { counts } = totals;
    rate.sample({ at: Date.now(), bytes: totals.bytesUploaded, files: counts.done });
    const estimate = rate.estimate({
      bytes: totals.bytesTotal - totals.bytesUploaded,
      files: counts.queued + counts.preparing + counts.uploading + counts.paused + counts.finalizing,
    });
    if (!estimate) return totals;
    return { ...totals, speed: estimate.bytesPerSecond, timeLeft: estimate.timeLeft };
  }

  function buildSnapshot(): UploaderSnapshot {
    const items = Array.from(s.entries.values(), viewOf);
    const { totals: summed, status } = summarize(items);
    const totals = withBatchRate(summed, status);
    let checking = 0;
    const held = new Map<string, { files: number; spaceName: string | undefined }>();
    for (const e of s.entries.values()) {
      if (!e.planned && (e.status === 'preparing' || e.status === 'paused')) checking++;
      if (e.state === 'held-quota') {
        const h = held.get(e.context.space.id) ?? { files: 0, spaceName: e.context.space.name };
        h.files++;
        held.set(e.context.space.id, h);
      }
    }
    const holdList: SpaceHold[] = [...held].map(([spaceId, h]) => {
      const figures = s.quotaHolds.get(spaceId);
      return Object.freeze({
        spaceId,
        spaceName: h.spaceName,
        reason: 'quota',
        files: h.files,
        needed: figures?.needed,
        available: figures?.available,
        missing: figures?.missing,
      });
    });
    const { setupError } = s;
    return Object.freeze({
      items,
      totals,
      status: setupError && (status === 'idle' || status === 'uploading') && items.length > 0 ? 'failed' : status,
      capabilities: s.capabilities,
      error: setupError,
      holds: Object.freeze(holdList),
      signInRequired: s.signInNeeded,
      preparation: Object.freeze({
        checking,
        foldersTotal: s.folders.progress.total,
        foldersSettled: s.folders.progress.settled,
      }),
      folderErrors: Object.freeze(
        s.folders.errors.map(({ retryPaths, ...shown }) =>
          Object.freeze({ ...shown, retryable: retryPaths.length > 0 }),
        ),
      ),
    });
  }

  return {
    changed,
    touch(entry, urgent = true) {
      entry.view = undefined;
      changed(urgent);
    },
    viewOf,
    emit(event, ...args) {
      for (const handler of listeners.get(event) ?? []) (handler as unknown as (...a: typeof args) => void)(...args);
    },
    on(event, handler) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(handler as (...args: never[]) => void);
      return () => set.delete(handler as (...args: never[]) => void);
    },
    subscribe(listener) {
      storeListeners.add(listener);
      return () => storeListeners.delete(listener);
    },
    getSnapshot() {
      // A reader between a change and its notification sees the change, but nobody is notified from here:
      // React reads snapshots while rendering, and a listener call then would update state mid-render.
      rebuild();
      return snapshot;
    },
    close() {
      if (notifyTimer !== undefined) clearTimeout(notifyTimer);
      listeners.clear();
      storeListeners.clear();
    },
  };
}
