/**
 * Reading the uploader's store from React by slices: a part re-renders only when what it selected changed, not on
 * every progress tick. The few lines of `use-sync-external-store/with-selector` (React 19 has only the plain
 * `useSyncExternalStore`), written here rather than adding a dependency.
 */
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { EMPTY_SNAPSHOT, type SpaceUploader, type UploaderSnapshot } from '../core/index.js';

/** What React reads from an uploader: its snapshot and the signal that it changed (an uploader is one). */
export type UploaderStore = Pick<SpaceUploader, 'subscribe' | 'getSnapshot'>;

/** The whole snapshot (a new one on every change). */
export const whole = (snapshot: UploaderSnapshot): UploaderSnapshot => snapshot;

/** No uploader (yet, or on the server): the empty snapshot, for ever. */
export const EMPTY_STORE: UploaderStore = {
  subscribe: () => () => {},
  getSnapshot: () => EMPTY_SNAPSHOT,
};

/**
 * `selector(snapshot)`, re-rendering only when it gives something new: by `isEqual` (default `Object.is`) against
 * what this component last rendered. The selector may be a new function each render.
 */
export function useStoreSelector<T>(
  store: UploaderStore,
  selector: (snapshot: UploaderSnapshot) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  // What was last rendered (committed), so that an equal selection keeps its identity across new selectors.
  const rendered = useRef<[T]>(undefined);
  const getSelection = useMemo(() => {
    // React may ask several times per snapshot: the same snapshot gives the same selection.
    let snapshot: UploaderSnapshot | undefined;
    let last = rendered.current;
    return () => {
      const next = store.getSnapshot();
      if (next !== snapshot || !last) {
        snapshot = next;
        const selection = selector(next);
        if (!last || !isEqual(last[0], selection)) last = [selection];
      }
      return last[0];
    };
  }, [store, selector, isEqual]);
  const selection = useSyncExternalStore(store.subscribe, getSelection, getSelection);
  useEffect(() => {
    rendered.current = [selection];
  }, [selection]);
  return selection;
}

/** An array or a plain object (not an `UploadError`, a `File`: those are compared by identity). */
const isPlain = (value: unknown): value is Record<string, unknown> =>
  Array.isArray(value) || (value as { constructor?: unknown } | null | undefined)?.constructor === Object;

/**
 * Equal figures: plain objects and arrays by their contents (at any depth), anything else by `Object.is`. For the
 * parts of a snapshot the store builds anew each time (totals, holds, preparation, folder errors).
 */
export function sameFigures(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (!isPlain(a) || !isPlain(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => sameFigures(a[key], b[key]));
}

/** Same length and the same elements: a list derived anew from items that did not change. */
export const sameElements = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean =>
  a === b || (!!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]));
