/**
 * `useConflictPrompt()`: the core's async `onConflict` as React state, one question at a time, for a dialog to
 * ask (`<ConflictDialog>`, or the app's own).
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ConflictDecision, ConflictHandler, UploadConflict } from '../core/index.js';

/** The conflict being asked about, and the two ways to close the question. */
export interface ConflictQuestion {
  conflict: UploadConflict;
  /** Decides it (a resolution outside `conflict.options` falls back to the core's default). */
  answer(decision: ConflictDecision): void;
  /** Cancels the batch the conflict belongs to (nothing of it is uploaded). */
  cancel(): void;
}

export interface ConflictPrompt {
  /** Give this to `useSpaceUploader` / `<SpaceUploader onConflict>`: it stays the same function. */
  onConflict: ConflictHandler;
  /** The conflict to ask about now; `undefined` when none waits. */
  question: ConflictQuestion | undefined;
}

interface Pending {
  conflict: UploadConflict;
  resolve(decision: ConflictDecision): void;
  reject(reason: Error): void;
  /** Forgets the abort listener. */
  release(): void;
}

const abortError = () => new DOMException('the conflict question was closed', 'AbortError');

/**
 * The core's conflict handler as React state. Conflicts asked while one is open wait in line (the core asks
 * one at a time per uploader; several uploaders may share one prompt). A conflict whose batch is canceled
 * meanwhile (`signal`) leaves the line, open or not; unmounting rejects what is left, which cancels those
 * batches rather than leaving them waiting forever.
 */
export function useConflictPrompt(): ConflictPrompt {
  // The line lives outside React state so the handler, called from the core, never waits for a render.
  const [store] = useState(() => {
    let line: readonly Pending[] = [];
    const listeners = new Set<() => void>();
    const set = (next: readonly Pending[]) => {
      line = next;
      for (const listener of listeners) listener();
    };
    return {
      get: () => line,
      add: (entry: Pending) => set([...line, entry]),
      remove: (entry: Pending) => {
        if (line.includes(entry)) set(line.filter((e) => e !== entry));
      },
      drain: () => {
        const left = line;
        set([]);
        return left;
      },
      subscribe: (listener: () => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  });
  const line = useSyncExternalStore(store.subscribe, store.get, store.get);

  const onConflict = useCallback<ConflictHandler>(
    (conflict, { signal }) =>
      new Promise<ConflictDecision>((resolve, reject) => {
        if (signal.aborted) {
          reject(abortError());
          return;
        }
        const onAbort = () => {
          store.remove(entry);
          reject(abortError());
        };
        const entry: Pending = {
          conflict,
          resolve,
          reject,
          release: () => signal.removeEventListener('abort', onAbort),
        };
        signal.addEventListener('abort', onAbort, { once: true });
        store.add(entry);
      }),
    [store],
  );

  useEffect(
    () => () => {
      for (const entry of store.drain()) {
        entry.release();
        entry.reject(abortError());
      }
    },
    [store],
  );

  const head = line[0];
  const question = useMemo<ConflictQuestion | undefined>(() => {
    if (!head) return undefined;
    // Only the first answer counts (a double click, or an answer racing the batch's cancel).
    const settle = (how: () => void) => {
      if (!store.get().includes(head)) return;
      head.release();
      store.remove(head);
      how();
    };
    return {
      conflict: head.conflict,
      answer: (decision) => settle(() => head.resolve(decision)),
      cancel: () => settle(() => head.reject(new Error('the upload was canceled'))),
    };
  }, [head, store]);

  return { onConflict, question };
}
