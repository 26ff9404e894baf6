/**
 * The context every part of `<SpaceUploader>` reads: the uploader (its store), its actions, the messages and where
 * files go. The value stays the same while the uploader lives; each part selects its own slice of the snapshot
 * (`useUploaderSelector`), so a progress tick re-renders only the parts whose slice changed.
 */
import { createContext, useContext, useMemo } from 'react';
import type { SpaceUploader, SpaceUppy, UploadContext, UploadEntry, UploaderSnapshot } from '../core/index.js';
import { messagesEn, type SpaceUploaderMessages } from './messages.js';
import { EMPTY_STORE, type UploaderStore, useStoreSelector, whole } from './store.js';

export interface UploaderActions {
  /**
   * Queues files (and, from a dropped tree, its empty folders as relative paths like `A/empty`) for the
   * current target; returns the new items' ids (none when called before the uploader exists: the files are
   * then added as soon as it does).
   */
  addFiles(entries: readonly UploadEntry[], options?: { emptyFolders?: readonly string[] }): string[];
  /** Starts (or continues) uploading what is queued. */
  start(): void;
  /** One file, several (one pass, e.g. a folder's files), or every one. */
  pause(id?: string | readonly string[]): void;
  resume(id?: string | readonly string[]): void;
  /** One file, several (one pass), or every unfinished one. */
  cancel(id?: string | readonly string[]): void;
  retry(id?: string | readonly string[]): void;
  /**
   * Files waiting for free space (`hold: 'quota'`) of one space, or of all: the free space is checked again and
   * they go if they fit now.
   */
  resumeHeld(spaceId?: string): void;
  /** After `signInRequired`: the user signed in again; waiting uploads go on from their offsets. */
  signedIn(): void;
  /** Removes finished (done, canceled and skipped) items from the list. */
  clearFinished(): void;
}

/** What `useUploaderContext()` returns: the shared parts and the whole snapshot. */
export interface UploaderContextValue {
  snapshot: UploaderSnapshot;
  actions: UploaderActions;
  messages: SpaceUploaderMessages;
  /** Where files go (from the component's props). */
  target: UploadContext | undefined;
  /** `undefined` until mounted in a browser (SSR renders without one). */
  uploader: SpaceUploader | undefined;
  uppy: SpaceUppy | undefined;
}

/** What the context holds: the same object while the uploader lives (the snapshot is read through `store`). */
export interface UploaderShared extends Omit<UploaderContextValue, 'snapshot'> {
  /** The uploader, or the empty store while there is none. */
  store: UploaderStore;
}

export const UploaderContext = createContext<UploaderShared | undefined>(undefined);

function useShared(): UploaderShared {
  const value = useContext(UploaderContext);
  if (!value)
    throw new Error('This part of <SpaceUploader> must be used inside <SpaceUploaderProvider> (or <SpaceUploader>).');
  return value;
}

/**
 * A slice of the uploader's snapshot: the component re-renders only when `selector` gives something new (by
 * `isEqual`, default `Object.is`). Select what you show: `(s) => s.totals.counts.failed`, not `(s) => s` (the
 * snapshot is a new object on every progress tick). A selector that builds a new object or array each time needs
 * an `isEqual` that compares its contents.
 */
export function useUploaderSelector<T>(
  selector: (snapshot: UploaderSnapshot) => T,
  isEqual?: (a: T, b: T) => boolean,
): T {
  return useStoreSelector(useShared().store, selector, isEqual);
}

const none = () => undefined;

/**
 * For the parts, which also work alone (the empty snapshot outside a provider): without a selector (`false`:
 * the part was given its data as props) it selects nothing, and never re-renders for the store.
 */
export function usePartSelector<T>(
  selector: ((snapshot: UploaderSnapshot) => T) | false,
  isEqual?: (a: T | undefined, b: T | undefined) => boolean,
): T | undefined {
  return useStoreSelector<T | undefined>(useContext(UploaderContext)?.store ?? EMPTY_STORE, selector || none, isEqual);
}

/**
 * The uploader's snapshot, actions, messages, target, uploader and Uppy. It reads the whole snapshot, so the
 * component re-renders on every change of it (each progress tick, several times a second while uploading): for
 * what you show, prefer `useUploaderSelector`.
 */
export function useUploaderContext(): UploaderContextValue {
  const shared = useShared();
  const snapshot = useStoreSelector(shared.store, whole);
  return useMemo(() => ({ ...shared, snapshot }), [shared, snapshot]);
}

export const defaultMessages = messagesEn;
