/**
 * Test helpers for the React parts without Testing Library: render with `react-dom/client` inside `act`,
 * a fake uploader context (a store whose snapshot comes from `summarize`, actions as spies) and item factories.
 */
import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, vi } from 'vitest';
import { UploadError } from '../../src/core/errors.ts';
import {
  EMPTY_SNAPSHOT,
  type FolderError,
  type Preparation,
  type SpaceHold,
  summarize,
  type UploaderSnapshot,
  type UploadItem,
} from '../../src/core/state.ts';
import type { UploaderActions, UploaderShared } from '../../src/react/context.ts';
import { messagesEn, type SpaceUploaderMessages } from '../../src/react/messages.ts';
import type { UploaderStore } from '../../src/react/store.ts';
import { makeUploadItem } from '../support/upload-item.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

export interface Rendered {
  container: HTMLElement;
  rerender(ui: ReactNode): void;
  unmount(): void;
}

export function render(ui: ReactNode): Rendered {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(ui));
  let done = false;
  const unmount = () => {
    if (done) return;
    done = true;
    act(() => root.unmount());
    container.remove();
  };
  mounted.push(unmount);
  return { container, rerender: (next) => act(() => root.render(next)), unmount };
}

/** A queued file's row snapshot (see test/support/upload-item.ts). */
export const makeItem = makeUploadItem;

export function quotaError(): UploadError {
  return new UploadError('Insufficient Storage', {
    status: 507,
    requestId: 'req-507-abc',
    method: 'PATCH',
    url: 'https://ocis.test/data/upload-1',
  });
}

export type ActionSpies = { [K in keyof UploaderActions]: ReturnType<typeof vi.fn<UploaderActions[K]>> };

export function fakeActions(): ActionSpies {
  return {
    addFiles: vi.fn<UploaderActions['addFiles']>(() => []),
    start: vi.fn<UploaderActions['start']>(),
    pause: vi.fn<UploaderActions['pause']>(),
    resume: vi.fn<UploaderActions['resume']>(),
    cancel: vi.fn<UploaderActions['cancel']>(),
    retry: vi.fn<UploaderActions['retry']>(),
    resumeHeld: vi.fn<UploaderActions['resumeHeld']>(),
    signedIn: vi.fn<UploaderActions['signedIn']>(),
    clearFinished: vi.fn<UploaderActions['clearFinished']>(),
  };
}

/** A store that holds one snapshot and never changes. */
export function staticStore(snapshot: UploaderSnapshot): UploaderStore {
  return { subscribe: () => () => {}, getSnapshot: () => snapshot };
}

/** The snapshot an uploader with these items would have (every other field at its empty value unless given). */
export function snapshotOf(
  items: readonly UploadItem[],
  options: {
    holds?: readonly SpaceHold[];
    preparation?: Preparation;
    signInRequired?: boolean;
    folderErrors?: readonly FolderError[];
  } = {},
): UploaderSnapshot {
  const { totals, status } = summarize(items);
  return {
    ...EMPTY_SNAPSHOT,
    items,
    totals,
    status,
    holds: options.holds ?? [],
    preparation: options.preparation ?? { checking: 0, foldersTotal: 0, foldersSettled: 0 },
    signInRequired: options.signInRequired ?? false,
    folderErrors: options.folderErrors ?? [],
  };
}

export function fakeContext(
  items: readonly UploadItem[] = [],
  options: {
    actions?: ActionSpies;
    messages?: SpaceUploaderMessages;
    holds?: readonly SpaceHold[];
    preparation?: Preparation;
    signInRequired?: boolean;
    folderErrors?: readonly FolderError[];
  } = {},
): UploaderShared & { actions: ActionSpies } {
  return {
    store: staticStore(snapshotOf(items, options)),
    actions: options.actions ?? fakeActions(),
    messages: options.messages ?? messagesEn,
    target: undefined,
    uploader: undefined,
    uppy: undefined,
  };
}

export function dispatch(target: Element, event: Event): Event {
  act(() => {
    target.dispatchEvent(event);
  });
  return event;
}

export function key(target: Element, type: 'keydown' | 'keyup', keyName: string): Event {
  return dispatch(target, new KeyboardEvent(type, { key: keyName, bubbles: true, cancelable: true }));
}

export function click(target: Element): void {
  dispatch(target, new MouseEvent('click', { bubbles: true, cancelable: true, detail: 1 }));
}

/** Lets pending promises and timers (0 ms) settle inside `act`. */
export async function flush(): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

export function text(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export function labels(container: Element, selector = 'button'): string[] {
  return Array.from(container.querySelectorAll(selector)).map((b) => b.getAttribute('aria-label') ?? text(b));
}

/** Retries `check` (flushing timers and promises in between) until it stops throwing. */
export async function waitFor(check: () => void, timeout = 2000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > end) throw error;
      await flush();
    }
  }
}
