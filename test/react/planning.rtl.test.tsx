/**
 * The checks before upload through the real core, against the mock oCIS in-process (its fetch handler, no
 * network): the conflict dialog of <SpaceUploader>, an app's own `onConflict`, the latest handler read without a
 * new uploader, the core's default for headless users, and the quota hold banner. Nothing is uploaded here
 * (`autoStart` off, or files held before a byte moves): the Chromium stories do that.
 */
import '@testing-library/jest-dom/vitest';
import { act, cleanup, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UploadCapabilities } from '../../src/core/capabilities.ts';
import type { ConflictHandler, UploadConflict } from '../../src/core/plan.ts';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { createMockOcis } from '../../src/mock/index.ts';
import { type UseSpaceUploaderOptions, useSpaceUploader } from '../../src/react/hooks.ts';
import { messagesEn as m } from '../../src/react/messages.ts';
import { SpaceUploader, type SpaceUploaderProps } from '../../src/react/SpaceUploader.tsx';

afterEach(() => cleanup());

const SERVER = 'http://ocis.test';
const { personal, nearlyFull } = mockFixtures;

const capabilities: UploadCapabilities = {
  tus: {
    version: '1.0.0',
    resumable: '1.0.0',
    extensions: new Set(['creation']),
    maxChunkSize: 10_000_000,
    methodOverride: false,
  },
  checksumTypes: ['sha1'],
  preferredChecksum: 'sha1',
  serverVersion: undefined,
};

/** A fresh mock and a `fetch` that hands every request to it. */
function mockServer() {
  const mock = createMockOcis();
  const fetch = vi.fn<typeof globalThis.fetch>((input, init) => mock.handle(new Request(input, init)));
  return { mock, fetch };
}

const space = (s: { id: string; name: string; driveAlias: string; driveType: string }) => ({
  id: s.id,
  name: s.name,
  driveAlias: s.driveAlias,
  driveType: s.driveType,
});

const documents = { path: '/Documents', id: `${personal.id}!${personal.items[0].nodeId}` };

function props(fetch: typeof globalThis.fetch, overrides: Partial<SpaceUploaderProps> = {}): SpaceUploaderProps {
  return {
    serverUrl: SERVER,
    accessToken: mockFixtures.token,
    capabilities,
    fetch,
    space: space(personal),
    folder: documents,
    autoStart: false,
    ...overrides,
  };
}

const fileInput = (container: HTMLElement) =>
  container.querySelector<HTMLInputElement>('input[type="file"]:not([webkitdirectory])') as HTMLInputElement;

const rowOf = (name: string) =>
  screen.getByRole('progressbar', { name: m.progressLabel(name) }).closest('.su-file') as HTMLElement;

describe('<SpaceUploader> and name conflicts', () => {
  it('without onConflict it asks in its dialog; "Keep both" lists the file under its new name', async () => {
    const user = userEvent.setup();
    const { fetch } = mockServer();
    const { container } = render(<SpaceUploader {...props(fetch)} />);
    const input = fileInput(container);
    input.focus();
    await user.upload(input, [new File(['new notes'], 'notes.txt', { type: 'text/plain' })]);

    const dialog = await screen.findByRole('dialog', { name: '“notes.txt” already exists in /Documents' });
    expect(dialog).toHaveAccessibleDescription(/Existing file: 14 B · New file: 9 B/);
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Keep both' }));
    await user.click(within(dialog).getByRole('button', { name: 'Keep both' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() =>
      expect(rowOf('notes (1).txt')).toHaveTextContent('Saved as “notes (1).txt” (“notes.txt” exists)'),
    );
    // The core listed the target before anything else (PROPFIND), and sent nothing.
    const methods = fetch.mock.calls.map(([, init]) => init?.method ?? 'GET');
    expect(methods).toContain('PROPFIND');
    expect(methods).not.toContain('POST');
  });

  it('"Skip" in the dialog: the row says Skipped', async () => {
    const user = userEvent.setup();
    const { fetch } = mockServer();
    const { container } = render(<SpaceUploader {...props(fetch)} />);
    await user.upload(fileInput(container), [new File(['x'], 'notes.txt')]);
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Skip' }));
    await waitFor(() => expect(rowOf('notes.txt')).toHaveAttribute('data-status', 'skipped'));
    expect(within(rowOf('notes.txt')).getByText('Skipped')).toBeInTheDocument();
  });

  it('"Cancel upload" in the dialog cancels the batch', async () => {
    const user = userEvent.setup();
    const { fetch } = mockServer();
    const { container } = render(<SpaceUploader {...props(fetch)} />);
    await user.upload(fileInput(container), [new File(['x'], 'notes.txt'), new File(['y'], 'other.txt')]);
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel upload' }));
    await waitFor(() => expect(rowOf('notes.txt')).toHaveAttribute('data-status', 'canceled'));
    expect(rowOf('other.txt')).toHaveAttribute('data-status', 'canceled');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it("with the app's own onConflict: no dialog, the app decides", async () => {
    const user = userEvent.setup();
    const { fetch } = mockServer();
    const onConflict = vi.fn<ConflictHandler>(async () => 'skip' as const);
    const { container } = render(<SpaceUploader {...props(fetch, { onConflict })} />);
    await user.upload(fileInput(container), [new File(['x'], 'notes.txt')]);
    await waitFor(() => expect(rowOf('notes.txt')).toHaveAttribute('data-status', 'skipped'));
    expect(onConflict).toHaveBeenCalledOnce();
    expect(onConflict.mock.calls[0]?.[0]).toMatchObject({
      kind: 'file',
      name: 'notes.txt',
      folderPath: '/Documents',
      options: ['keep-both', 'replace', 'skip'],
    } satisfies Partial<UploadConflict>);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('useSpaceUploader and onConflict', () => {
  const target = { space: space(personal), folder: documents };
  /** The hook on the in-process mock, not started; `props` change between renders. */
  const renderUploader = <P extends Partial<UseSpaceUploaderOptions>>(
    fetch: typeof globalThis.fetch,
    initialProps: P,
  ) =>
    renderHook(
      (props: P) =>
        useSpaceUploader({
          serverUrl: SERVER,
          accessToken: mockFixtures.token,
          capabilities,
          fetch,
          target,
          autoStart: false,
          ...props,
        }),
      { initialProps },
    );

  it('reads the latest onConflict without making a new uploader', async () => {
    const { fetch } = mockServer();
    const first = vi.fn<ConflictHandler>(() => 'skip');
    const second = vi.fn<ConflictHandler>(() => 'replace');
    const { result, rerender } = renderUploader(fetch, { onConflict: first });
    await waitFor(() => expect(result.current.uploader).toBeDefined());
    const uploader = result.current.uploader;
    rerender({ onConflict: second });
    expect(result.current.uploader).toBe(uploader);
    act(() => {
      result.current.actions.addFiles([new File(['v2'], 'notes.txt')]);
    });
    await waitFor(() => expect(result.current.items[0]?.replaces).toBe(true));
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledOnce();
    expect(result.current.items[0]?.name).toBe('notes.txt');
  });

  it('a new language is used by the next request without a new uploader (which would cancel uploads)', async () => {
    const { fetch } = mockServer();
    const { result, rerender } = renderUploader(fetch, { language: 'en' });
    await waitFor(() => expect(result.current.uploader).toBeDefined());
    const uploader = result.current.uploader;
    rerender({ language: 'de' });
    expect(result.current.uploader).toBe(uploader);
    act(() => {
      result.current.actions.addFiles([new File(['x'], 'sprache.txt')]);
    });
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    const sent = fetch.mock.calls.map(([input, init]) => new Request(input, init).headers.get('Accept-Language'));
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent)).toEqual(new Set(['de']));
  });

  it("without any onConflict the core's default applies: a file is kept both", async () => {
    const { fetch } = mockServer();
    const { result } = renderUploader(fetch, {});
    await waitFor(() => expect(result.current.uploader).toBeDefined());
    act(() => {
      result.current.actions.addFiles([new File(['x'], 'notes.txt')]);
    });
    await waitFor(() => expect(result.current.items[0]?.name).toBe('notes (1).txt'));
    expect(result.current.items[0]?.renamedFrom).toBe('/Documents/notes.txt');
  });
});

describe('<SpaceUploader> when the space is too small', () => {
  it('holds the batch before a byte moves: banner with the figures, rows waiting; "Cancel these files" clears it', async () => {
    const user = userEvent.setup();
    const { fetch } = mockServer();
    const { container } = render(
      <SpaceUploader {...props(fetch, { space: space(nearlyFull), folder: undefined, autoStart: true })} />,
    );
    // Each fits the 256 KiB left, together they do not.
    const files = [new File([new Uint8Array(200_000)], 'one.bin'), new File([new Uint8Array(200_000)], 'two.bin')];
    await user.upload(fileInput(container), files);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      `Not enough space in ${nearlyFull.name}: 400 KB needed, 262 KB free (138 KB missing). Free up space, then try again.`,
    );
    expect(alert).toHaveTextContent('2 files are waiting.');
    for (const file of files) {
      expect(rowOf(file.name)).toHaveAttribute('data-hold', 'quota');
      expect(within(rowOf(file.name)).getByText('Waiting for free space')).toBeInTheDocument();
    }
    // Nothing was sent: no tus creation.
    expect(fetch.mock.calls.filter(([, init]) => init?.method === 'POST')).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Cancel these files' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    for (const file of files) expect(rowOf(file.name)).toHaveAttribute('data-status', 'canceled');
  });

  it('"Try again" checks the space again and lets them go once there is room', async () => {
    const user = userEvent.setup();
    const { mock, fetch } = mockServer();
    const { container } = render(
      <SpaceUploader {...props(fetch, { space: space(nearlyFull), folder: undefined, autoStart: false })} />,
    );
    const files = [new File([new Uint8Array(200_000)], 'one.bin'), new File([new Uint8Array(200_000)], 'two.bin')];
    await user.upload(fileInput(container), files);
    await screen.findByRole('alert');
    // Space was freed (a bigger quota), then the user tries again.
    mock.setFaults({ quotas: { [nearlyFull.id]: 100 * 1024 * 1024 } });
    const graphCalls = () => fetch.mock.calls.filter(([url]) => String(url).includes('/graph/')).length;
    const before = graphCalls();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(graphCalls()).toBeGreaterThan(before);
    for (const file of files) expect(rowOf(file.name)).not.toHaveAttribute('data-hold');
  });
});
