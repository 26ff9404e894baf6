/**
 * Reading the uploader's store from React by slices: a part re-renders only when what it selected changed, not on
 * every progress tick. The few lines of `use-sync-external-store/with-selector` (React 19 has only the plain
 * `useSyncExternalStore`), written here rather than adding a dependency.
 */
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { EMPTY_SNAPSHOT, type SpaceUploader, type UploaderSnapshot } from '../core/index.js';

/** What React reads from an uploader: its snapshot and the signal that it changed (an uploader is one). */
export type UploaderStore = Pick<SpaceUploader, 'subscribe' | 'getSnapshot'>;

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
  const rendered = useRef<{ selection: T } | undefined>(undefined);
  const getSelection = useMemo(() => {
    // React may ask several times per snapshot: the same snapshot gives the same selection.
    let memo: { snapshot: UploaderSnapshot; selection: T } | undefined;
    return () => {
      const snapshot = store.getSnapshot();
      if (memo && memo.snapshot === snapshot) return memo.selection;
      const next = selector(snapshot);
      const previous = memo ?? rendered.current;
      const selection = previous && isEqual(previous.selection, next) ? previous.selection : next;
      memo = { snapshot, selection };
      return selection;
    };
  }, [store, selector, isEqual]);
  const selection = useSyncExternalStore(store.subscribe, getSelection, getSelection);
  useEffect(() => {
    rendered.current = { selection };
  }, [selection]);
  return selection;
}

/** Same keys, and the same value (`Object.is`) under each. */
export function shallowEqual<T extends object>(a: T, b: T): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as (keyof T)[];
  return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key], b[key]));
}

/** Same length and equal elements (by `Object.is`, or `isEqual`): a derived list that did not really change. */
export function sameElements<T>(
  a: readonly T[],
  b: readonly T[],
  isEqual: (x: T, y: T) => boolean = Object.is,
): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => isEqual(x, b[i] as T)));
}
