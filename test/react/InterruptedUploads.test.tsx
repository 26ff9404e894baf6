/**
 * The list of interrupted uploads (resume records): read from the uploader in context, "Forget" and "Forget all"
 * go to the core and the list follows, files the uploader holds now are left out, German, nothing without records.
 */
import '@testing-library/jest-dom/vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResumeRecord } from '../../src/core/resume.ts';
import type { UploadItem } from '../../src/core/state.ts';
import type { SpaceUploader } from '../../src/core/uploader/index.ts';
import { UploaderContext, type UploaderShared } from '../../src/react/context.ts';
import { formatStarted, InterruptedUploads } from '../../src/react/InterruptedUploads.tsx';
import { messagesEn } from '../../src/react/messages.ts';
import { messagesDe } from '../../src/react/messages-de.ts';
import { fakeContext, makeItem } from './helpers.tsx';

afterEach(() => cleanup());

const MINUTE = 60_000;

function record(name: string, overrides: Partial<ResumeRecord> = {}): ResumeRecord {
  return {
    key: `space-uploader:resume:einstein:${name}`,
    fingerprint: `tus-${name}`,
    uploadUrl: `https://ocis.test/data/${name}`,
    expiresAt: Date.now() + 24 * 60 * MINUTE,
    createdAt: Date.now() - 5 * MINUTE,
    name,
    size: 2_500_000,
    lastModified: 1_700_000_000_000,
    spaceId: 'space-1',
    path: `/Docs/${name}`,
    partialHash: 'abc',
    context: undefined,
    hasBytes: false,
    ...overrides,
  };
}

/** The part of the core the component uses, over an in-memory list of records. */
function fakeUploader(initial: ResumeRecord[]) {
  let records = [...initial];
  const interrupted = vi.fn(() => records.map((r) => ({ ...r })));
  const forgetInterrupted = vi.fn((key?: string) => {
    records = key === undefined ? [] : records.filter((r) => r.key !== key);
  });
  const continueInterrupted = vi.fn(async (key: string) => {
    records = records.filter((r) => r.key !== key);
    return `f-${key}`;
  });
  return {
    uploader: { interrupted, forgetInterrupted, continueInterrupted } as unknown as SpaceUploader,
    interrupted,
    forgetInterrupted,
    continueInterrupted,
    /** Another tab or a finished upload changes the stored records. */
    set(next: ResumeRecord[]) {
      records = [...next];
    },
  };
}

function contextWith(
  uploader: SpaceUploader | undefined,
  items: UploadItem[] = [],
  messages = messagesEn,
): UploaderShared {
  return { ...fakeContext(items, { messages }), uploader };
}

function renderList(value: UploaderShared) {
  const ui = (v: UploaderShared) => (
    <UploaderContext.Provider value={v}>
      <InterruptedUploads />
    </UploaderContext.Provider>
  );
  const rendered = render(ui(value));
  return { ...rendered, update: (next: UploaderShared) => rendered.rerender(ui(next)) };
}

const region = (m = messagesEn) => screen.getByRole('region', { name: m.interruptedTitle });

describe('InterruptedUploads', () => {
  it('lists each record: name, size, target path, when it started, and the hint', () => {
    const fake = fakeUploader([
      record('report.pdf'),
      record('video.mp4', { size: 1_234_567_890, path: '/Media/video.mp4' }),
    ]);
    renderList(contextWith(fake.uploader));

    const list = region();
    expect(within(list).getByRole('heading', { name: 'Interrupted uploads' })).toBeInTheDocument();
    expect(list).toHaveTextContent('Pick the same file again to continue where it stopped.');
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('report.pdf');
    expect(rows[0]).toHaveTextContent('2.5 MB');
    expect(rows[0]).toHaveTextContent('/Docs/report.pdf');
    expect(rows[0]).toHaveTextContent('started 5 minutes ago');
    expect(rows[1]).toHaveTextContent('video.mp4');
    expect(rows[1]).toHaveTextContent('1.2 GB');
    expect(rows[1]).toHaveTextContent('/Media/video.mp4');
    // Buttons name the file (the visible word is part of the name).
    expect(within(rows[0] as HTMLElement).getByRole('button', { name: 'Forget report.pdf' })).toHaveTextContent(
      'Forget',
    );
    expect(within(list).getByRole('button', { name: 'Forget all' })).toBeInTheDocument();
    expect(fake.interrupted).toHaveBeenCalled();
  });

  it('"Continue" only where the bytes were kept; it continues that upload in the core', async () => {
    const user = userEvent.setup();
    const fake = fakeUploader([record('kept.bin', { hasBytes: true }), record('gone.bin')]);
    renderList(contextWith(fake.uploader));
    expect(screen.queryByRole('button', { name: 'Continue gone.bin' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Continue kept.bin' }));
    expect(fake.continueInterrupted).toHaveBeenCalledExactlyOnceWith(record('kept.bin').key);
    await waitFor(() => expect(screen.queryByText('kept.bin')).toBeNull());
    expect(screen.getByText('gone.bin')).toBeInTheDocument();
  });

  it('"Forget" forgets that record in the core, the list follows and the focus moves to the next row', async () => {
    const user = userEvent.setup();
    const fake = fakeUploader([record('a.bin'), record('b.bin'), record('c.bin')]);
    renderList(contextWith(fake.uploader));

    await user.click(screen.getByRole('button', { name: 'Forget b.bin' }));
    expect(fake.forgetInterrupted).toHaveBeenCalledWith(record('b.bin').key);
    const rows = within(region()).getAllByRole('listitem');
    expect(rows.map((row) => within(row).getByRole('button').getAttribute('aria-label'))).toEqual([
      'Forget a.bin',
      'Forget c.bin',
    ]);
    expect(screen.getByRole('button', { name: 'Forget c.bin' })).toHaveFocus();
  });

  it('"Forget all" forgets every record in one call; then nothing is rendered', async () => {
    const user = userEvent.setup();
    const fake = fakeUploader([record('a.bin'), record('b.bin')]);
    const { container } = renderList(contextWith(fake.uploader));

    await user.click(screen.getByRole('button', { name: 'Forget all' }));
    expect(fake.forgetInterrupted).toHaveBeenCalledTimes(1);
    expect(fake.forgetInterrupted).toHaveBeenCalledWith();
    expect(container).toBeEmptyDOMElement();
  });

  it('forgetting the last record removes the region', async () => {
    const user = userEvent.setup();
    const fake = fakeUploader([record('only.bin')]);
    const { container } = renderList(contextWith(fake.uploader));
    // One record: "Forget" is enough.
    expect(screen.queryByRole('button', { name: 'Forget all' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Forget only.bin' }));
    expect(fake.forgetInterrupted).toHaveBeenCalledWith(record('only.bin').key);
    expect(container).toBeEmptyDOMElement();
  });

  it('renders nothing without records, without an uploader, and on the server', () => {
    const empty = renderList(contextWith(fakeUploader([]).uploader));
    expect(empty.container).toBeEmptyDOMElement();
    const none = renderList(contextWith(undefined));
    expect(none.container).toBeEmptyDOMElement();
    // Server rendering: the context has no uploader there, so not a byte.
    const html = renderToString(
      <UploaderContext.Provider value={contextWith(undefined)}>
        <InterruptedUploads />
      </UploaderContext.Provider>,
    );
    expect(html).toBe('');
  });

  it('leaves out files the uploader holds now, and reads again when a file finishes', () => {
    const fake = fakeUploader([record('again.bin'), record('other.bin')]);
    const picked = makeItem({ name: 'again.bin', path: '/Docs/again.bin', spaceId: 'space-1', status: 'uploading' });
    const { update } = renderList(contextWith(fake.uploader, [picked]));
    let rows = within(region()).getAllByRole('listitem');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('other.bin');
    // Only its own records are forgotten by "Forget all" while some belong to files in the list.
    expect(screen.queryByRole('button', { name: 'Forget all' })).toBeNull();

    // It finished: the core removed its record; another tab meanwhile left one more.
    fake.set([record('other.bin'), record('late.bin')]);
    const calls = fake.interrupted.mock.calls.length;
    act(() => update(contextWith(fake.uploader, [{ ...picked, status: 'done' }])));
    expect(fake.interrupted.mock.calls.length).toBeGreaterThan(calls);
    rows = within(region()).getAllByRole('listitem');
    expect(rows.map((row) => within(row).getByRole('button').getAttribute('aria-label'))).toEqual([
      'Forget other.bin',
      'Forget late.bin',
    ]);
  });

  it('leaves out records made since the uploader appeared (uploads going on now, here or in another tab)', () => {
    const fake = fakeUploader([record('earlier.bin')]);
    const { update } = renderList(contextWith(fake.uploader));
    fake.set([record('earlier.bin'), record('now.bin', { createdAt: Date.now() + 1 })]);
    act(() => update(contextWith(fake.uploader, [makeItem({ status: 'done' })])));
    const rows = within(region()).getAllByRole('listitem');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('earlier.bin');
  });

  it('"Forget all" with a record of a held file forgets only the ones shown', async () => {
    const user = userEvent.setup();
    const fake = fakeUploader([record('held.bin'), record('x.bin'), record('y.bin')]);
    const held = makeItem({ name: 'held.bin', path: '/Docs/held.bin', spaceId: 'space-1', status: 'paused' });
    renderList(contextWith(fake.uploader, [held]));
    await user.click(screen.getByRole('button', { name: 'Forget all' }));
    expect(fake.forgetInterrupted.mock.calls).toEqual([[record('x.bin').key], [record('y.bin').key]]);
    expect(screen.queryByRole('region')).toBeNull();
  });

  it('reads the records of a new uploader', () => {
    const first = fakeUploader([record('one.bin')]);
    const second = fakeUploader([record('two.bin'), record('three.bin')]);
    const { update } = renderList(contextWith(first.uploader));
    expect(within(region()).getAllByRole('listitem')).toHaveLength(1);
    act(() => update(contextWith(second.uploader)));
    expect(within(region()).getAllByRole('listitem')).toHaveLength(2);
    expect(region()).toHaveTextContent('three.bin');
  });

  it('speaks German', async () => {
    const user = userEvent.setup();
    const fake = fakeUploader([
      record('bericht.pdf', { size: 2_500_000 }),
      record('alt.zip', { createdAt: Date.now() - 3 * 60 * MINUTE }),
    ]);
    renderList(contextWith(fake.uploader, [], messagesDe));
    const list = region(messagesDe);
    expect(within(list).getByRole('heading', { name: 'Unterbrochene Uploads' })).toBeInTheDocument();
    expect(list).toHaveTextContent(
      'Wählen Sie dieselbe Datei erneut aus, um dort fortzufahren, wo sie unterbrochen wurde.',
    );
    const [first, second] = within(list).getAllByRole('listitem') as [HTMLElement, HTMLElement];
    expect(first).toHaveTextContent('2,5 MB');
    expect(first).toHaveTextContent('begonnen vor 5 Minuten');
    expect(second).toHaveTextContent('begonnen vor 3 Stunden');
    expect(within(first).getByRole('button', { name: 'Vergessen: bericht.pdf' })).toHaveTextContent('Vergessen');
    await user.click(within(list).getByRole('button', { name: 'Alle vergessen' }));
    expect(fake.forgetInterrupted).toHaveBeenCalledWith();
  });

  it('messages laid over the context’s', () => {
    const fake = fakeUploader([record('a.bin')]);
    render(
      <UploaderContext.Provider value={contextWith(fake.uploader)}>
        <InterruptedUploads messages={{ interruptedTitle: 'Unfinished' }} headingLevel={3} />
      </UploaderContext.Provider>,
    );
    expect(screen.getByRole('heading', { level: 3, name: 'Unfinished' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Unfinished' })).toBeInTheDocument();
  });
});

describe('formatStarted', () => {
  const now = Date.UTC(2026, 0, 15, 12, 0, 0);
  it('relative within a week, a date beyond, and for times in the future', () => {
    expect(formatStarted(now - 12_000, now, 'en')).toEqual({ text: '12 seconds ago', absolute: false });
    expect(formatStarted(now - 90 * MINUTE, now, 'en')).toEqual({ text: '1 hour ago', absolute: false });
    expect(formatStarted(now - 30 * 60 * MINUTE, now, 'en')).toEqual({ text: 'yesterday', absolute: false });
    expect(formatStarted(now - 30 * 60 * MINUTE, now, 'de')).toEqual({ text: 'gestern', absolute: false });
    const old = formatStarted(now - 10 * 24 * 60 * MINUTE, now, 'en');
    expect(old.absolute).toBe(true);
    expect(old.text).toMatch(/Jan 5, 2026/);
    expect(formatStarted(now + 5 * MINUTE, now, 'en').absolute).toBe(true);
    expect(messagesEn.interruptedStarted('Jan 5, 2026, 12:00 PM', true)).toBe('started on Jan 5, 2026, 12:00 PM');
    expect(messagesDe.interruptedStarted('05.01.2026, 12:00', true)).toBe('begonnen am 05.01.2026, 12:00');
  });
});
