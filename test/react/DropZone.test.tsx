import { StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { UploadEntry } from '../../src/core/uploader/index.ts';
import { UploaderContext } from '../../src/react/context.ts';
import { DropZone } from '../../src/react/DropZone.tsx';
import type { DropEntry, DropFileEntry } from '../../src/react/walk-drop.ts';
import { click, dispatch, fakeContext, flush, key, render, text, waitFor } from './helpers.tsx';

const fileEntry = (name: string): DropFileEntry => ({
  name,
  isFile: true,
  isDirectory: false,
  file: (ok) => setTimeout(() => ok(new File([name], name)), 0),
});
const dirEntry = (name: string, children: DropEntry[]) => ({
  name,
  isFile: false,
  isDirectory: true,
  createReader() {
    let done = false;
    return {
      readEntries(ok: (entries: DropEntry[]) => void) {
        const part = done ? [] : children;
        done = true;
        setTimeout(() => ok(part), 0);
      },
    };
  },
});

function dragEvent(type: string, entries: DropEntry[] = []): Event {
  const event = new Event(type, { bubbles: true, cancelable: true });
  const dataTransfer = {
    types: ['Files'],
    dropEffect: 'none',
    items: entries.map((entry) => ({ kind: 'file', getAsFile: () => null, webkitGetAsEntry: () => entry })),
    files: [],
  };
  Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
  return event;
}

function parts(container: HTMLElement) {
  const zone = container.querySelector('.su-dropzone') as HTMLElement;
  const target = container.querySelector('.su-dropzone__target') as HTMLButtonElement;
  const [fileInput, folderInput] = Array.from(container.querySelectorAll('input[type="file"]')) as HTMLInputElement[];
  const folderButton = container.querySelector('.su-dropzone__folder') as HTMLButtonElement;
  if (!fileInput || !folderInput) throw new Error('inputs missing');
  return { zone, target, fileInput, folderInput, folderButton };
}

const describeEntry = (entry: UploadEntry) => (entry instanceof File ? entry.name : entry.relativePath);

describe('DropZone', () => {
  it('is a focusable button; Enter and Space open the file picker, and so does a click', () => {
    const { container } = render(<DropZone onFiles={vi.fn()} />);
    const { target, fileInput, folderInput } = parts(container);
    const open = vi.spyOn(fileInput, 'click').mockImplementation(() => {});
    const openFolder = vi.spyOn(folderInput, 'click').mockImplementation(() => {});
    expect(target.tagName).toBe('BUTTON');
    expect(target.getAttribute('type')).toBe('button');
    target.focus();
    expect(document.activeElement).toBe(target);

    const enter = key(target, 'keydown', 'Enter');
    expect(open).toHaveBeenCalledTimes(1);
    expect(enter.defaultPrevented).toBe(true);

    const space = key(target, 'keydown', ' ');
    expect(open).toHaveBeenCalledTimes(2);
    expect(space.defaultPrevented).toBe(true); // no page scroll

    // The click a browser synthesises from the key (detail 0) does not open a second picker.
    dispatch(target, new MouseEvent('click', { bubbles: true, detail: 0 }));
    expect(open).toHaveBeenCalledTimes(2);

    click(target);
    expect(open).toHaveBeenCalledTimes(3);
    expect(openFolder).not.toHaveBeenCalled();
  });

  it('has a visible folder button that opens a webkitdirectory picker; the inputs are hidden and untabbable', () => {
    const { container } = render(<DropZone onFiles={vi.fn()} />);
    const { folderButton, fileInput, folderInput } = parts(container);
    const openFolder = vi.spyOn(folderInput, 'click').mockImplementation(() => {});
    expect(text(folderButton)).toBe('Choose a folder');
    click(folderButton);
    expect(openFolder).toHaveBeenCalledTimes(1);
    expect(folderInput.hasAttribute('webkitdirectory')).toBe(true);
    for (const input of [fileInput, folderInput]) {
      expect(input.hidden).toBe(true);
      expect(input.tabIndex).toBe(-1);
      expect(input.getAttribute('aria-label')).toMatch(/\S/);
    }
    expect(fileInput.multiple).toBe(true);
  });

  it('shows the drag-over state with data-dragging and a class, through nested enter/leave', () => {
    const { container } = render(<DropZone onFiles={vi.fn()} />);
    const { zone, target } = parts(container);
    expect(zone.hasAttribute('data-dragging')).toBe(false);
    dispatch(zone, dragEvent('dragenter'));
    expect(zone.getAttribute('data-dragging')).toBe('true');
    expect(zone.classList.contains('su-dropzone--dragging')).toBe(true);
    expect(text(container)).toContain('Release to add them');
    dispatch(target, dragEvent('dragenter')); // into a child
    dispatch(zone, dragEvent('dragleave')); // out of the parent into the child
    expect(zone.getAttribute('data-dragging')).toBe('true');
    const over = dispatch(zone, dragEvent('dragover'));
    expect(over.defaultPrevented).toBe(true);
    dispatch(target, dragEvent('dragleave'));
    expect(zone.hasAttribute('data-dragging')).toBe(false);
    expect(zone.classList.contains('su-dropzone--dragging')).toBe(false);
  });

  it('walks a dropped folder tree and hands files and empty folders to onFiles', async () => {
    const onFiles = vi.fn();
    const { container } = render(<DropZone onFiles={onFiles} />);
    const { zone } = parts(container);
    dispatch(zone, dragEvent('dragenter'));
    const drop = dispatch(
      zone,
      dragEvent('drop', [
        fileEntry('top.txt'),
        dirEntry('A', [fileEntry('a.txt'), dirEntry('empty', []), dirEntry('b', [fileEntry('c.txt')])]),
      ]),
    );
    expect(drop.defaultPrevented).toBe(true);
    expect(zone.hasAttribute('data-dragging')).toBe(false);
    await waitFor(() => expect(onFiles).toHaveBeenCalledTimes(1));
    const [entries, emptyFolders] = onFiles.mock.calls[0] as [UploadEntry[], string[]];
    expect(entries.map(describeEntry)).toEqual(['top.txt', 'A/a.txt', 'A/b/c.txt']);
    expect(emptyFolders).toEqual(['A/empty']);
    expect(text(container.querySelector('[role="status"]'))).toBe('3 files added, 1 empty folder');
  });

  it('without onFiles: adds to the uploader from the context, then starts', async () => {
    const context = fakeContext();
    const { container } = render(
      <UploaderContext.Provider value={context}>
        <DropZone />
      </UploaderContext.Provider>,
    );
    const { fileInput } = parts(container);
    const picked = [new File(['1'], 'one.txt'), new File(['2'], 'two.txt')];
    Object.defineProperty(fileInput, 'files', { value: picked, configurable: true });
    dispatch(fileInput, new Event('change', { bubbles: true }));
    expect(context.actions.addFiles).toHaveBeenCalledWith(picked, { emptyFolders: [] });
    expect(context.actions.start).toHaveBeenCalledTimes(1);
    expect(context.actions.addFiles.mock.invocationCallOrder[0]).toBeLessThan(
      context.actions.start.mock.invocationCallOrder[0] as number,
    );
  });

  it('autoStart={false} only adds', () => {
    const context = fakeContext();
    const { container } = render(
      <UploaderContext.Provider value={context}>
        <DropZone autoStart={false} />
      </UploaderContext.Provider>,
    );
    const { fileInput } = parts(container);
    Object.defineProperty(fileInput, 'files', { value: [new File(['1'], 'one.txt')], configurable: true });
    dispatch(fileInput, new Event('change', { bubbles: true }));
    expect(context.actions.addFiles).toHaveBeenCalledTimes(1);
    expect(context.actions.start).not.toHaveBeenCalled();
  });

  it('the folder picker passes webkitRelativePath on', () => {
    const onFiles = vi.fn();
    const { container } = render(<DropZone onFiles={onFiles} />);
    const { folderInput } = parts(container);
    const file = new File(['1'], 'c.txt');
    Object.defineProperty(file, 'webkitRelativePath', { value: 'A/b/c.txt' });
    Object.defineProperty(folderInput, 'files', { value: [file], configurable: true });
    dispatch(folderInput, new Event('change', { bubbles: true }));
    expect(onFiles).toHaveBeenCalledWith([{ file, relativePath: 'A/b/c.txt' }], []);
  });

  it('accepts pasted files', () => {
    const onFiles = vi.fn();
    const { container } = render(<DropZone onFiles={onFiles} />);
    const { target } = parts(container);
    const shot = new File(['png'], 'image.png', { type: 'image/png' });
    const paste = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(paste, 'clipboardData', {
      value: { items: [{ kind: 'file', getAsFile: () => shot }], files: [shot] },
    });
    dispatch(target, paste);
    expect(onFiles).toHaveBeenCalledWith([shot], []);
    expect(paste.defaultPrevented).toBe(true);
  });

  it('disabled: no picker, no drag state, drops and pastes ignored', async () => {
    const onFiles = vi.fn();
    const { container } = render(<DropZone onFiles={onFiles} disabled />);
    const { zone, target, fileInput, folderButton } = parts(container);
    const open = vi.spyOn(fileInput, 'click').mockImplementation(() => {});
    expect(target.disabled).toBe(true);
    expect(folderButton.disabled).toBe(true);
    expect(zone.getAttribute('data-disabled')).toBe('true');
    key(target, 'keydown', 'Enter');
    click(target);
    expect(open).not.toHaveBeenCalled();
    dispatch(zone, dragEvent('dragenter'));
    expect(zone.hasAttribute('data-dragging')).toBe(false);
    dispatch(zone, dragEvent('drop', [fileEntry('a.txt')]));
    await flush();
    expect(onFiles).not.toHaveBeenCalled();
  });

  it('in StrictMode a drop is delivered once', async () => {
    const onFiles = vi.fn();
    const { container } = render(
      <StrictMode>
        <DropZone onFiles={onFiles} />
      </StrictMode>,
    );
    dispatch(parts(container).zone, dragEvent('drop', [fileEntry('a.txt')]));
    await waitFor(() => expect(onFiles).toHaveBeenCalled());
    await flush();
    expect(onFiles).toHaveBeenCalledTimes(1);
  });

  it('a drop with nothing in it is announced, not delivered', async () => {
    const onFiles = vi.fn();
    const { container } = render(<DropZone onFiles={onFiles} />);
    dispatch(parts(container).zone, dragEvent('drop', []));
    await flush();
    expect(onFiles).not.toHaveBeenCalled();
    expect(text(container.querySelector('[role="status"]'))).toBe('Nothing to upload was dropped.');
  });
});
