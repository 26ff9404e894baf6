/**
 * The context every part of `<SpaceUploader>` reads: the uploader's snapshot, its actions, the messages and
 * where files go. Parts work alone inside a `SpaceUploaderProvider` (or any provider of this context).
 */
import { createContext, useContext } from 'react';
import type { SpaceUploader, SpaceUppy, UploadContext, UploadEntry, UploaderSnapshot } from '../core/index.js';
import { messagesEn, type SpaceUploaderMessages } from './messages.js';

export interface UploaderActions {
  /**
   * Queues files (and, from a dropped tree, its empty folders as relative paths like `A/empty`) for the
   * current target; returns the new items' ids (none when called before the uploader exists: the files are
   * then added as soon as it does).
   */
  addFiles(entries: readonly UploadEntry[], options?: { emptyFolders?: readonly string[] }): string[];
  /** Starts (or continues) uploading what is queued. */
  start(): void;
  pause(id?: string): void;
  resume(id?: string): void;
  /** One file, several (one pass), or every unfinished one. */
  cancel(id?: string | readonly string[]): void;
  retry(id?: string): void;
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

export const UploaderContext = createContext<UploaderContextValue | undefined>(undefined);

export function useUploaderContext(): UploaderContextValue {
  const value = useContext(UploaderContext);
  if (!value)
    throw new Error('This part of <SpaceUploader> must be used inside <SpaceUploaderProvider> (or <SpaceUploader>).');
  return value;
}

export const defaultMessages = messagesEn;
