/**
 * <SpaceUploader> in real Chromium against the mock: files picked in the drop zone arrive byte for byte,
 * StrictMode's double mount uploads nothing twice, and the headless hook exposes Uppy.
 */
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFixtures } from '../../src/mock/fixtures.ts';
import { useSpaceUploader } from '../../src/react/hooks.ts';
import { SpaceUploader } from '../../src/react/SpaceUploader.tsx';
import '../../src/react/styles/index.css';
import { mockInstance, randomBytes, sha1 } from './mock-client.ts';

const { personal } = mockFixtures;
const space = { id: personal.id, name: personal.name, driveAlias: personal.driveAlias, driveType: 'personal' };

afterEach(() => cleanup());

const fileInput = (container: HTMLElement) => {
  const input = container.querySelector<HTMLInputElement>('input[type="file"]:not([webkitdirectory])');
  if (!input) throw new Error('no file input in the drop zone');
  return input;
};

describe('<SpaceUploader>', () => {
  it('uploads the files picked in the drop zone and reports them done', async () => {
    const mock = mockInstance('component');
    const onUploadComplete = vi.fn();
    const files = [
      new File([randomBytes(20_000)], 'photo.jpg', { type: 'image/jpeg' }),
      new File(['hello'], 'notes.txt', { type: 'text/plain' }),
    ];
    const { container } = render(
      <SpaceUploader
        serverUrl={mock.serverUrl}
        accessToken={mockFixtures.token}
        space={space}
        folder={{ path: '/Photos' }}
        onUploadComplete={onUploadComplete}
      />,
    );
    await userEvent.setup().upload(fileInput(container), files);
    await waitFor(() => expect(onUploadComplete).toHaveBeenCalled(), { timeout: 10_000 });
    const summary = onUploadComplete.mock.calls[0]?.[0] as { successful: Array<{ path: string }>; failed: unknown[] };
    expect(summary.failed).toEqual([]);
    expect(summary.successful.map((r) => r.path).sort()).toEqual(['/Photos/notes.txt', '/Photos/photo.jpg']);
    const state = await mock.state();
    for (const f of files) expect(state.files.find((s) => s.path === `/Photos/${f.name}`)?.sha1).toBe(await sha1(f));
    // Both rows say so on screen.
    await waitFor(() => expect(screen.getAllByText(/^(Uploaded|Done)$/i).length).toBeGreaterThanOrEqual(2));
  });

  it("a progress bar shows its file's share in real layout, moved by a transform (no re-layout per update)", async () => {
    const mock = mockInstance('progress-bar');
    await mock.configure({ faults: { bandwidthBytesPerSecond: 150_000 } });
    // Transitions off: the bar must be measured where it is, not where it is going.
    const still = document.createElement('style');
    still.textContent = '.su-progress__bar { transition: none !important; }';
    document.head.append(still);
    try {
      const { container } = render(
        // Small chunks: the browser counts bytes handed to the socket, so only chunk answers pace the progress.
        <SpaceUploader
          serverUrl={mock.serverUrl}
          accessToken={mockFixtures.token}
          space={space}
          transfer={{ chunkSize: 100_000 }}
        />,
      );
      await userEvent.setup().upload(fileInput(container), [new File([randomBytes(600_000)], 'slow.bin')]);
      const progressbar = await waitFor(
        () => {
          // The summary's bar (a row's own bar is hidden in a frame this narrow); one file: the same share.
          const bar = container.querySelector<HTMLElement>('.su-summary [role="progressbar"]');
          const now = Number(bar?.getAttribute('aria-valuenow'));
          expect(now).toBeGreaterThanOrEqual(15);
          expect(now).toBeLessThanOrEqual(85);
          return bar as HTMLElement;
        },
        { timeout: 10_000, interval: 20 },
      );
      const percent = Number(progressbar.getAttribute('aria-valuenow'));
      const fill = progressbar.querySelector<HTMLElement>('.su-progress__bar') as HTMLElement;
      const track = progressbar.getBoundingClientRect();
      const shown = (Math.min(fill.getBoundingClientRect().right, track.right) - track.left) / track.width;
      expect(shown).toBeCloseTo(percent / 100, 1);
      expect(getComputedStyle(fill).transform).not.toBe('none');
      expect(fill.style.width).toBe('');
    } finally {
      still.remove();
    }
  });

  it('under StrictMode one uploader uploads each file once', async () => {
    const mock = mockInstance('strict');
    const onUploadComplete = vi.fn();
    const { container } = render(
      <StrictMode>
        <SpaceUploader
          serverUrl={mock.serverUrl}
          accessToken={mockFixtures.token}
          space={space}
          onUploadComplete={onUploadComplete}
        />
      </StrictMode>,
    );
    await userEvent.setup().upload(fileInput(container), [new File(['once'], 'once.txt')]);
    await waitFor(() => expect(onUploadComplete).toHaveBeenCalledTimes(1), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 300));
    const state = await mock.state();
    expect(state.uploads).toHaveLength(1);
    expect(state.requests.filter((r) => r.route === 'tus-create')).toHaveLength(1);
    expect(onUploadComplete).toHaveBeenCalledTimes(1);
  });

  it.each([
    [true, true],
    [false, false],
  ])(
    'warnBeforeUnload=%s: leaving the page while a file uploads is questioned: %s; never once it is done',
    async (warn, questioned) => {
      const mock = mockInstance(`unload-${warn}`);
      await mock.configure({
        capabilities: { tus: { max_chunk_size: 8192, extension: 'creation' } },
        faults: { bandwidthBytesPerSecond: 64 * 1024 },
      });
      const onUploadComplete = vi.fn();
      const { container } = render(
        <SpaceUploader
          serverUrl={mock.serverUrl}
          accessToken={mockFixtures.token}
          space={space}
          warnBeforeUnload={warn}
          onUploadComplete={onUploadComplete}
        />,
      );
      const leave = () => {
        const event = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(event);
        return event.defaultPrevented;
      };
      expect(leave()).toBe(false);
      await userEvent.setup().upload(fileInput(container), [new File([randomBytes(96 * 1024)], 'leaving.bin')]);
      await waitFor(async () => expect((await mock.state()).uploads[0]?.offset ?? 0).toBeGreaterThan(0), {
        timeout: 10_000,
      });
      expect(leave()).toBe(questioned);
      await mock.configure({ faults: {} });
      await waitFor(() => expect(onUploadComplete).toHaveBeenCalled(), { timeout: 10_000 });
      await waitFor(() => expect(leave()).toBe(false));
    },
  );

  it('unmounting destroys the uploader: an upload under way stops', async () => {
    const mock = mockInstance('unmount');
    await mock.configure({
      capabilities: { tus: { max_chunk_size: 8192, extension: 'creation' } },
      faults: { bandwidthBytesPerSecond: 32 * 1024 },
    });
    const { container, unmount } = render(
      <SpaceUploader serverUrl={mock.serverUrl} accessToken={mockFixtures.token} space={space} />,
    );
    await userEvent.setup().upload(fileInput(container), [new File([randomBytes(200_000)], 'big.bin')]);
    await waitFor(async () => expect((await mock.state()).uploads[0]?.offset ?? 0).toBeGreaterThan(0), {
      timeout: 10_000,
    });
    unmount();
    await new Promise((r) => setTimeout(r, 500));
    const before = (await mock.state()).requests.length;
    await new Promise((r) => setTimeout(r, 500));
    const after = await mock.state();
    expect(after.requests.length).toBe(before);
    expect(after.files.some((f) => f.path === '/big.bin')).toBe(false);
  });
});

/** A headless consumer: no UI of ours, only the hook's state as text. */
function Headless({
  serverUrl,
  onApi,
}: {
  serverUrl: string;
  onApi: (api: ReturnType<typeof useSpaceUploader>) => void;
}) {
  const api = useSpaceUploader({ serverUrl, accessToken: mockFixtures.token, target: { space } });
  onApi(api);
  return <output>{`${api.status}:${api.totals.counts.done}`}</output>;
}

describe('useSpaceUploader (headless)', () => {
  it('gives state, actions and the Uppy instance, and uploads with no UI of ours', async () => {
    const mock = mockInstance('headless');
    let api: ReturnType<typeof useSpaceUploader> | undefined;
    render(<Headless serverUrl={mock.serverUrl} onApi={(a) => (api = a)} />);
    await waitFor(() => expect(api?.uppy).toBeDefined());
    expect(api?.uppy?.getID()).toBe('space-uploader');
    act(() => {
      api?.actions.addFiles([new File(['x'.repeat(100)], 'h.txt')]);
    });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('done:1'), { timeout: 10_000 });
    expect((await mock.state()).files.some((f) => f.path === '/h.txt')).toBe(true);
  });
});
