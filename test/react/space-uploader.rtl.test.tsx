/**
 * <SpaceUploader> as a user meets it, with Testing Library: keyboard only, StrictMode, the messages prop, and
 * server rendering followed by hydration. No network: nothing is uploaded here (the Chromium tests do that).
 */
import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SpaceUploaderMessages } from '../../src/react/messages.ts';
import { messagesEn } from '../../src/react/messages.ts';
import { messagesDe } from '../../src/react/messages-de.ts';
import { SpaceUploader, type SpaceUploaderProps } from '../../src/react/SpaceUploader.tsx';

const props: SpaceUploaderProps = {
  serverUrl: 'http://ocis.test',
  accessToken: 'dev-token',
  // No capabilities request in these tests: tus with oCIS's defaults.
  capabilities: {
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
  },
  space: { id: 's$u', name: 'Admin', driveAlias: 'personal/admin', driveType: 'personal' },
  autoStart: false,
  // No server: the checks before upload fail as against an unreachable one, without a real connection (happy-dom's
  // fetch would print each ENOTFOUND with its stack to the test log).
  fetch: async () => {
    throw new TypeError('Failed to fetch');
  },
};

afterEach(() => cleanup());

/** The drop zone is a button named by its own text: the title and the hint. */
const dropZone = (m: SpaceUploaderMessages) => screen.getByRole('button', { name: `${m.dropTitle} ${m.dropHint}` });

describe('keyboard only', () => {
  it('Tab reaches the drop zone first, then the folder picker; Enter and Space open the file picker', async () => {
    const user = userEvent.setup();
    const { container } = render(<SpaceUploader {...props} />);
    const input = container.querySelector<HTMLInputElement>(
      'input[type="file"]:not([webkitdirectory])',
    ) as HTMLInputElement;
    const folderInput = container.querySelector<HTMLInputElement>('input[webkitdirectory]') as HTMLInputElement;
    const openFiles = vi.spyOn(input, 'click');
    const openFolder = vi.spyOn(folderInput, 'click');

    await user.tab();
    expect(document.activeElement).toBe(dropZone(messagesEn));
    await user.keyboard('{Enter}');
    expect(openFiles).toHaveBeenCalledTimes(1);
    await user.keyboard(' ');
    expect(openFiles).toHaveBeenCalledTimes(2);

    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: messagesEn.chooseFolder }));
    await user.keyboard('{Enter}');
    expect(openFolder).toHaveBeenCalledTimes(1);
  });

  it('files picked with the keyboard-opened picker are listed, and their buttons are reachable with Tab', async () => {
    const user = userEvent.setup();
    const { container } = render(<SpaceUploader {...props} />);
    const input = container.querySelector<HTMLInputElement>(
      'input[type="file"]:not([webkitdirectory])',
    ) as HTMLInputElement;
    await user.upload(input, [new File(['a'], 'alpha.txt'), new File(['b'], 'beta.txt')]);
    expect((await screen.findAllByText('alpha.txt')).length).toBeGreaterThan(0);
    expect(screen.getAllByText('beta.txt').length).toBeGreaterThan(0);
    // Every per-file button names its file, so a screen reader user knows which one it acts on.
    const cancel = await screen.findAllByRole('button', { name: /alpha\.txt/ });
    expect(cancel.length).toBeGreaterThan(0);
    for (let i = 0; i < 12 && !cancel.includes(document.activeElement as HTMLElement); i++) await user.tab();
    expect(cancel).toContain(document.activeElement);
  });
});

describe('messages prop', () => {
  it('German replaces every visible string of the drop zone', () => {
    render(<SpaceUploader {...props} messages={messagesDe} />);
    expect(dropZone(messagesDe)).toBeTruthy();
    expect(screen.getByText(messagesDe.dropHint)).toBeTruthy();
    expect(screen.queryByText(messagesEn.dropHint)).toBeNull();
  });

  it('a partial override replaces one string and keeps the rest', () => {
    render(<SpaceUploader {...props} messages={{ dropHint: 'Drag your holiday photos here' }} />);
    expect(screen.getByText('Drag your holiday photos here')).toBeTruthy();
    expect(screen.getByRole('button', { name: `${messagesEn.dropTitle} Drag your holiday photos here` })).toBeTruthy();
  });
});

describe('StrictMode', () => {
  it('mounts, double-invokes effects and unmounts without errors or a second live uploader', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { unmount } = render(
      <StrictMode>
        <SpaceUploader {...props} />
      </StrictMode>,
    );
    expect(dropZone(messagesEn)).toBeTruthy();
    unmount();
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});

describe('server rendering', () => {
  it('renders to a string, then hydrates in StrictMode with no mismatch', () => {
    const html = renderToString(<SpaceUploader {...props} theme="dark" />);
    expect(html).toContain('space-uploader');
    expect(html).toContain('data-theme="dark"');
    expect(html).toContain(messagesEn.dropHint);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.appendChild(container);
    render(
      <StrictMode>
        <SpaceUploader {...props} theme="dark" />
      </StrictMode>,
      { container, hydrate: true },
    );
    expect(errors).not.toHaveBeenCalled();
    expect(dropZone(messagesEn)).toBeTruthy();
    errors.mockRestore();
  });
});
