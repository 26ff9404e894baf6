/**
 * Parts select their slice of the uploader's store: a progress tick re-renders the list (and in it the changed row
 * only) and the summary, not the errors, the holds, the sign-in notice, the interrupted uploads or the drop zone.
 * Renders are counted with a <Profiler> around each part, rows by the calls of their progress label.
 */
import { act, Profiler, type ReactNode, useContext } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { SpaceHold, UploaderSnapshot, UploadItem } from '../../src/core/state.ts';
import {
  UploaderContext,
  type UploaderShared,
  useUploaderContext,
  useUploaderSelector,
} from '../../src/react/context.ts';
import { DropZone } from '../../src/react/DropZone.tsx';
import { FileList } from '../../src/react/FileList.tsx';
import { InterruptedUploads } from '../../src/react/InterruptedUploads.tsx';
import { messagesEn } from '../../src/react/messages.ts';
import { SpaceUploaderProvider } from '../../src/react/provider.tsx';
import { QuotaHolds, SignInNotice } from '../../src/react/QuotaHolds.tsx';
import type { UploaderStore } from '../../src/react/store.ts';
import { UploadErrors } from '../../src/react/UploadErrors.tsx';
import { UploadSummary } from '../../src/react/UploadSummary.tsx';
import { fakeActions, makeItem, quotaError, render, snapshotOf, text, waitFor } from './helpers.tsx';

/** A store whose snapshot the test replaces, as the core does on every change. */
function mutableStore(first: UploaderSnapshot): UploaderStore & { set(next: UploaderSnapshot): void } {
  let snapshot = first;
  const listeners = new Set<() => void>();
  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    set: (next) => {
      snapshot = next;
      act(() => {
        for (const listener of listeners) listener();
      });
    },
  };
}

/** Counts the renders of what it wraps in `counts[id]`. */
function Part({ id, counts, children }: { id: string; counts: Record<string, number>; children: ReactNode }) {
  return (
    <Profiler id={id} onRender={() => (counts[id] = (counts[id] ?? 0) + 1)}>
      {children}
    </Profiler>
  );
}

const hold: SpaceHold = { spaceId: 'space-1', spaceName: 'Docs', reason: 'quota', files: 1 } as SpaceHold;

function setup() {
  const uploading = makeItem({ name: 'a.txt', status: 'uploading', bytesUploaded: 100_000 });
  const failed = makeItem({ name: 'b.txt', status: 'failed', error: quotaError() });
  const held = makeItem({ name: 'c.txt', status: 'paused', hold: 'quota' });
  // Like the core: every snapshot has new totals, holds, preparation and folder errors; items keep their object
  // until that file changes.
  const snapshot = (items: readonly UploadItem[], holds: readonly SpaceHold[] = [{ ...hold }]) =>
    snapshotOf(items, { holds });
  const store = mutableStore(snapshot([uploading, failed, held]));
  const parts: Record<string, number> = {};
  const rows: Record<string, number> = {};
  // Each row renders its progress bar's label once: counted per file.
  const messages = {
    ...messagesEn,
    progressLabel: (name: string) => {
      rows[name] = (rows[name] ?? 0) + 1;
      return messagesEn.progressLabel(name);
    },
  };
  const value: UploaderShared = {
    store,
    actions: fakeActions(),
    messages,
    target: undefined,
    uploader: undefined,
    uppy: undefined,
  };
  const rendered = render(
    <UploaderContext.Provider value={value}>
      <Part id="drop zone" counts={parts}>
        <DropZone />
      </Part>
      <Part id="summary" counts={parts}>
        <UploadSummary />
      </Part>
      <Part id="sign-in" counts={parts}>
        <SignInNotice />
      </Part>
      <Part id="holds" counts={parts}>
        <QuotaHolds />
      </Part>
      <Part id="interrupted" counts={parts}>
        <InterruptedUploads />
      </Part>
      <Part id="errors" counts={parts}>
        <UploadErrors />
      </Part>
      <Part id="list" counts={parts}>
        <FileList />
      </Part>
    </UploaderContext.Provider>,
  );
  const counted = () => ({ parts: { ...parts }, rows: { ...rows } });
  const reset = () => {
    for (const key of Object.keys(parts)) parts[key] = 0;
    for (const key of Object.keys(rows)) rows[key] = 0;
  };
  reset();
  return { store, snapshot, uploading, failed, held, counted, reset, container: rendered.container };
}

const quiet = {
  'drop zone': 0,
  summary: 0,
  'sign-in': 0,
  holds: 0,
  interrupted: 0,
  errors: 0,
  list: 0,
};

describe('parts select their slice of the store', () => {
  it('a progress tick re-renders the summary and the list with its changed row, nothing else', () => {
    const { store, snapshot, uploading, failed, held, counted, container } = setup();
    store.set(snapshot([{ ...uploading, bytesUploaded: 600_000, speed: 500_000 }, failed, held]));
    expect(counted()).toEqual({
      parts: { ...quiet, summary: 1, list: 1 },
      rows: { 'a.txt': 1, 'b.txt': 0, 'c.txt': 0 },
    });
    // And what they show is the new figure.
    expect(container.querySelector('[aria-label="Progress of a.txt"]')?.getAttribute('aria-valuenow')).toBe('60');
  });

  it('a snapshot with equal figures (new objects, same values) re-renders nothing', () => {
    const { store, snapshot, uploading, failed, held, counted } = setup();
    store.set(snapshot([uploading, failed, held]));
    expect(counted()).toEqual({ parts: quiet, rows: { 'a.txt': 0, 'b.txt': 0, 'c.txt': 0 } });
  });

  it('the parts still follow their own slice: a failure, a hold lifted, a sign-in', () => {
    const { store, snapshot, uploading, failed, held, counted, reset, container } = setup();
    const failedToo = { ...uploading, status: 'failed' as const, error: quotaError() };
    store.set(snapshot([failedToo, failed, held]));
    expect(counted().parts).toMatchObject({ errors: 1, holds: 0, 'sign-in': 0 });
    expect(text(container.querySelector('.su-errors__title'))).toBe('2 files could not be uploaded');

    reset();
    store.set(snapshot([failedToo, failed, { ...held, status: 'canceled', hold: undefined }], []));
    expect(counted().parts).toMatchObject({ errors: 0, holds: 1, 'sign-in': 0 });
    expect(container.querySelector('.su-hold')).toBeNull();

    reset();
    store.set({ ...snapshotOf([failedToo, failed, { ...held, hold: 'sign-in' }]), signInRequired: true });
    expect(counted().parts).toMatchObject({ errors: 0, 'sign-in': 1 });
    expect(text(container.querySelector('.su-hold--sign-in'))).toContain('1 upload goes on');
  });
});

type Renders = { failed: number; names: number; whole: number };

function Failed({ renders }: { renders: Renders }) {
  renders.failed += 1;
  return <span>{useUploaderSelector((s) => s.totals.counts.failed)}</span>;
}

/** A derived array: a new one per snapshot, equal by its contents. */
function Names({ renders }: { renders: Renders }) {
  renders.names += 1;
  const names = useUploaderSelector(
    (s) => s.items.map((item) => item.name),
    (x, y) => x.join('/') === y.join('/'),
  );
  return <span>{names.join(',')}</span>;
}

function Whole({ renders }: { renders: Renders }) {
  renders.whole += 1;
  return <span>{useUploaderContext().snapshot.totals.bytesUploaded}</span>;
}

function Alone() {
  useUploaderSelector((s) => s.status);
  return null;
}

describe('useUploaderSelector and useUploaderContext', () => {
  function withStore(store: UploaderStore, children: ReactNode) {
    const value: UploaderShared = {
      store,
      actions: fakeActions(),
      messages: messagesEn,
      target: undefined,
      uploader: undefined,
      uppy: undefined,
    };
    return <UploaderContext.Provider value={value}>{children}</UploaderContext.Provider>;
  }

  it('re-renders for a new selection only; isEqual decides for derived values', () => {
    const a = makeItem({ status: 'uploading' });
    const store = mutableStore(snapshotOf([a]));
    const renders = { failed: 0, names: 0, whole: 0 };
    render(
      withStore(
        store,
        <>
          <Failed renders={renders} />
          <Names renders={renders} />
          <Whole renders={renders} />
        </>,
      ),
    );
    store.set(snapshotOf([{ ...a, bytesUploaded: 10 }]));
    // The compatible hook reads the whole snapshot: it pays for every tick.
    expect(renders).toEqual({ failed: 1, names: 1, whole: 2 });
    store.set(snapshotOf([{ ...a, status: 'failed', error: quotaError() }]));
    expect(renders).toEqual({ failed: 2, names: 1, whole: 3 });
  });

  it('outside a provider it says where it belongs', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Alone />)).toThrow('must be used inside <SpaceUploaderProvider>');
    error.mockRestore();
  });
});

/** Notes each context value it is given, and shows how many items there are. */
function Probe({ seen }: { seen: Set<UploaderShared | undefined> }) {
  seen.add(useContext(UploaderContext));
  return <output>{useUploaderSelector((s) => s.items.length)}</output>;
}

describe('SpaceUploaderProvider', () => {
  it('keeps one context value while the snapshot changes', async () => {
    const values = new Set<UploaderShared | undefined>();
    let dropZoneRenders = 0;
    // Planning asks the server: here it never answers (and gives up when the uploader goes).
    const pending = vi.fn(
      (_input: RequestInfo | URL, init?: RequestInit) =>
        new Promise<Response>((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        ),
    );
    const { container, unmount } = render(
      <SpaceUploaderProvider
        serverUrl="http://ocis.test"
        accessToken="token"
        capabilities={{
          tus: {
            version: '1.0.0',
            resumable: '1.0.0',
            extensions: new Set(),
            maxChunkSize: 1e7,
            methodOverride: false,
          },
          checksumTypes: [],
          preferredChecksum: undefined,
          serverVersion: undefined,
        }}
        fetch={pending as typeof fetch}
        autoStart={false}
        target={{ space: { id: 'space-1' } }}
      >
        <Probe seen={values} />
        <Profiler id="drop zone" onRender={() => (dropZoneRenders += 1)}>
          <DropZone />
        </Profiler>
      </SpaceUploaderProvider>,
    );
    // The uploader is made after mount: one new value then, none after.
    await waitFor(() => expect([...values].some((value) => value?.uploader)).toBe(true));
    const mounted = new Set(values);
    dropZoneRenders = 0;
    const actions = [...values].at(-1)?.actions;
    act(() => actions?.addFiles([new File(['x'], 'one.txt'), new File(['y'], 'two.txt')]));
    await waitFor(() => expect(text(container.querySelector('output'))).toBe('2'));
    expect(values).toEqual(mounted);
    expect(dropZoneRenders).toBe(0);
    unmount();
  });
});
