import { afterEach, describe, expect, it, vi } from 'vitest';
import { UploadError } from '../../src/core/errors.ts';
import { UploaderContext } from '../../src/react/context.ts';
import { messagesEn } from '../../src/react/messages.ts';
import { messagesDe } from '../../src/react/messages-de.ts';
import { errorDetailsText, UploadErrors } from '../../src/react/UploadErrors.tsx';
import { click, fakeContext, flush, labels, makeItem, quotaError, render, text, waitFor } from './helpers.tsx';

const failedQuota = () =>
  makeItem({
    name: 'report.pdf',
    path: '/Docs/A/report.pdf',
    relativePath: '/A/report.pdf',
    status: 'failed',
    error: quotaError(),
  });

function setClipboard(value: unknown) {
  Object.defineProperty(navigator, 'clipboard', { value, configurable: true });
}

const original = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
afterEach(() => {
  if (original) Object.defineProperty(navigator, 'clipboard', original);
  else Reflect.deleteProperty(navigator, 'clipboard');
});

describe('UploadErrors', () => {
  it('empty folders that were not created are listed with the reason, beside failed files', () => {
    const folderErrors = [
      {
        spaceId: 's$1',
        path: '/Drop/Empty',
        error: new UploadError('creating the folder answered 403', {
          status: 403,
          method: 'MKCOL',
          requestId: 'req-f',
        }),
      },
    ];
    const { container, unmount } = render(
      <UploaderContext.Provider value={fakeContext([failedQuota()])}>
        <UploadErrors folderErrors={folderErrors} />
      </UploaderContext.Provider>,
    );
    expect(text(container.querySelector('.su-errors__title'))).toBe(
      '1 file could not be uploaded · 1 folder could not be created',
    );
    const folder = container.querySelector('.su-errors__item[data-folder]');
    expect(text(folder?.querySelector('.su-errors__name'))).toBe('Empty');
    expect(text(folder?.querySelector('.su-errors__folder'))).toBe('Drop');
    expect(text(folder?.querySelector('.su-errors__message'))).toBe(
      "The folder was not created. You can't upload here.",
    );
    expect(text(folder?.querySelector('.su-errors__request-id'))).toBe('req-f');
    expect(errorDetailsText({ ...folderErrors[0], name: 'Empty', isFolder: true } as never, messagesEn)).toMatch(
      /^Folder: Empty\nPath: \/Drop\/Empty\nError: The folder was not created\. You can't upload here\./,
    );
    unmount();

    // Items given by the app, without folder errors: the context's folders are not mixed in.
    const { container: given, unmount: unmountGiven } = render(
      <UploaderContext.Provider value={fakeContext([], { folderErrors })}>
        <UploadErrors items={[failedQuota()]} />
      </UploaderContext.Provider>,
    );
    expect(given.querySelectorAll('.su-errors__item')).toHaveLength(1);
    unmountGiven();

    const { container: alone } = render(
      <UploaderContext.Provider value={fakeContext([])}>
        <UploadErrors folderErrors={folderErrors} messages={messagesDe} />
      </UploaderContext.Provider>,
    );
    expect(text(alone.querySelector('.su-errors__title'))).toBe('1 Ordner konnte nicht angelegt werden');
  });

  it("a refused name says which name and why (a folder's for the files below it), in the page's language", () => {
    const refused = (name: string, bad: string, problem: 'control' | 'too-long') =>
      makeItem({
        name,
        status: 'failed',
        error: new UploadError('…', { kind: 'invalid-name', invalidName: { name: bad, problem } }),
      });
    const items = [refused('ok.txt', 'bad\nfolder', 'control'), refused('x'.repeat(300), 'x'.repeat(300), 'too-long')];
    const shown = (messages?: typeof messagesDe) =>
      Array.from(
        render(
          <UploaderContext.Provider value={fakeContext(items)}>
            <UploadErrors {...(messages ? { messages } : {})} />
          </UploaderContext.Provider>,
        ).container.querySelectorAll('.su-errors__message'),
        text,
      );
    expect(shown()).toEqual([
      '“bad\\nfolder” contains a control character (such as a line break).',
      // The row above names the file in full; its message quotes a long name cut in the middle.
      `“${'x'.repeat(32)}…${'x'.repeat(12)}” is longer than the server allows (255 bytes).`,
    ]);
    expect(shown(messagesDe)[0]).toBe('„bad\\nfolder“ enthält ein Steuerzeichen (etwa einen Zeilenumbruch).');
  });

  it('lists only failed files, in plain words, with status and X-Request-Id', () => {
    const locked = makeItem({
      name: 'plan.odt',
      status: 'failed',
      error: new UploadError('Locked', {
        status: 423,
        requestId: 'req-423',
        method: 'POST',
        url: 'https://ocis.test/x',
      }),
    });
    const context = fakeContext([
      failedQuota(),
      makeItem({ status: 'done' }),
      locked,
      makeItem({ status: 'uploading' }),
    ]);
    const { container } = render(
      <UploaderContext.Provider value={context}>
        <UploadErrors />
      </UploaderContext.Provider>,
    );
    expect(text(container.querySelector('.su-errors__title'))).toBe('2 files could not be uploaded');
    const items = Array.from(container.querySelectorAll('.su-errors__item'));
    expect(items).toHaveLength(2);
    expect(text(items[0]?.querySelector('.su-errors__name'))).toBe('report.pdf');
    expect(text(items[0]?.querySelector('.su-errors__folder'))).toBe('A');
    expect(text(items[0]?.querySelector('.su-errors__message'))).toBe('Quota exceeded: the space is full.');
    expect(text(items[0]?.querySelector('.su-errors__meta'))).toBe('HTTP 507Request ID: req-507-abc');
    expect(text(items[1]?.querySelector('.su-errors__message'))).toBe('The folder is locked. Try again later.');
    expect(text(items[1]?.querySelector('.su-errors__request-id'))).toBe('req-423');
    const section = container.querySelector('section') as HTMLElement;
    expect(document.getElementById(section.getAttribute('aria-labelledby') ?? '')).toBe(
      container.querySelector('.su-errors__title'),
    );
  });

  it('renders nothing without failures', () => {
    const { container } = render(<UploadErrors items={[makeItem({ status: 'done' })]} />);
    expect(container.innerHTML).toBe('');
  });

  it('"Copy details" writes the text block to the clipboard and says "Copied"', async () => {
    const writeText = vi.fn(async (_text: string) => {});
    setClipboard({ writeText });
    const { container } = render(<UploadErrors items={[failedQuota()]} />);
    const button = container.querySelector('[data-action="copy"]') as HTMLButtonElement;
    expect(button.getAttribute('aria-label')).toBe('Copy details of report.pdf');
    expect(text(button)).toBe('Copy details');
    click(button);
    await waitFor(() => expect(text(container.querySelector('[role="status"]'))).toBe('Copied'));
    expect(writeText).toHaveBeenCalledTimes(1);
    const copied = writeText.mock.calls[0]?.[0] ?? '';
    expect(copied.split('\n').map((line) => line.split(': ')[0])).toEqual([
      'File',
      'Path',
      'Error',
      'Message',
      'Status',
      'Request ID',
      'Method',
      'URL',
      'Time',
    ]);
    expect(copied).toContain('File: report.pdf');
    expect(copied).toContain('Path: /Docs/A/report.pdf');
    expect(copied).toContain('Error: Quota exceeded: the space is full.');
    expect(copied).toContain('Status: 507');
    expect(copied).toContain('Request ID: req-507-abc');
    expect(copied).toContain('Method: PATCH');
    expect(copied).toContain('URL: https://ocis.test/data/upload-1');
    expect(copied).toMatch(/Time: \d{4}-\d\d-\d\dT/);
  });

  it('falls back gracefully without a clipboard: says so and shows the text to select', async () => {
    setClipboard(undefined);
    const execCommand = vi.fn(() => false);
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });
    const { container } = render(<UploadErrors items={[failedQuota()]} />);
    click(container.querySelector('[data-action="copy"]') as Element);
    await waitFor(() => expect(text(container.querySelector('[role="status"]'))).toMatch(/Could not copy/));
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(text(container.querySelector('.su-errors__manual'))).toContain('Request ID: req-507-abc');
    // The temporary textarea is gone again.
    expect(document.querySelector('textarea')).toBeNull();
    Reflect.deleteProperty(document, 'execCommand');
  });

  it('a rejected clipboard write falls back to execCommand', async () => {
    setClipboard({ writeText: vi.fn(async () => Promise.reject(new Error('denied'))) });
    const execCommand = vi.fn(() => true);
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });
    const { container } = render(<UploadErrors items={[failedQuota()]} />);
    click(container.querySelector('[data-action="copy"]') as Element);
    await waitFor(() => expect(text(container.querySelector('[role="status"]'))).toBe('Copied'));
    expect(execCommand).toHaveBeenCalledWith('copy');
    Reflect.deleteProperty(document, 'execCommand');
  });

  it('groups failures by cause: one card per reason, "Retry these", one "Copy details" for the group', async () => {
    const writeText = vi.fn(async (_text: string) => {});
    setClipboard({ writeText });
    const serverError = (i: number) =>
      new UploadError('Internal Server Error', { status: 500, requestId: `req-500-${i}`, method: 'PATCH' });
    const server = Array.from({ length: 15 }, (_, i) =>
      makeItem({ name: `f${i}.jpg`, status: 'failed', error: serverError(i) }),
    );
    const quota = failedQuota();
    const context = fakeContext([...server.slice(0, 7), quota, ...server.slice(7)]);
    const { container } = render(
      <UploaderContext.Provider value={context}>
        <UploadErrors maxVisible={10} />
      </UploaderContext.Provider>,
    );
    expect(text(container.querySelector('.su-errors__title'))).toBe('16 files could not be uploaded');
    const cards = Array.from(container.querySelectorAll('.su-errors__item'));
    expect(cards).toHaveLength(2);
    const [group, single] = cards as [Element, Element];
    expect(text(group.querySelector('.su-errors__count'))).toBe('15 files');
    expect(text(group.querySelector('.su-errors__message'))).toBe('The server had a problem. Try again later.');
    // One copy button per cause (and one for all), not one per file.
    expect(container.querySelectorAll('[data-action="copy"]')).toHaveLength(2);
    expect(labels(group)).toEqual(['Retry these (15 files)', 'Copy details (15 items)', 'Show files']);
    // A single file's card has no retry of its own: its row has one.
    expect(labels(single)).toEqual(['Copy details of report.pdf']);
    expect(text(single.querySelector('.su-errors__name'))).toBe('report.pdf');

    // The files with their request ids, on demand, capped.
    const toggle = group.querySelector('[data-action="toggle"]') as HTMLElement;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(group.querySelector('.su-errors__files')).toBeNull();
    click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const files = group.querySelector('.su-errors__files') as HTMLElement;
    expect(toggle.getAttribute('aria-controls')).toBe(files.id);
    expect(document.getElementById(toggle.getAttribute('aria-describedby') ?? '')).toBe(
      group.querySelector('.su-errors__message'),
    );
    const entries = Array.from(files.querySelectorAll('.su-errors__entry'));
    expect(entries).toHaveLength(10);
    expect(text(entries[0]?.querySelector('.su-errors__name'))).toBe('f0.jpg');
    expect(text(entries[0]?.querySelector('.su-errors__request-id'))).toBe('req-500-0');
    expect(text(files.querySelector('.su-errors__more'))).toBe('and 5 more');

    click(group.querySelector('[data-action="retry"]') as Element);
    expect(context.actions.retry.mock.calls).toEqual([[server.map((item) => item.id)]]);

    click(group.querySelector('[data-action="copy"]') as Element);
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    await flush();
    const copied = writeText.mock.calls[0]?.[0] ?? '';
    expect(copied.match(/^File: /gm)).toHaveLength(15);
    expect(copied).toContain('Request ID: req-500-14');
    expect(copied).not.toContain('report.pdf');
    expect(text(group.querySelector('.su-errors__copied'))).toBe('Copied');

    const all = Array.from(container.querySelectorAll('button')).find((b) => text(b) === 'Copy all details');
    click(all as Element);
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(2));
    await flush();
    expect((writeText.mock.calls[1]?.[0] ?? '').match(/^File: /gm)).toHaveLength(16);
  });

  it('files that arrived damaged are offered "Upload these again" (a fresh copy), in plain words', () => {
    const damaged = (i: number) =>
      makeItem({
        name: `d${i}.bin`,
        status: 'failed',
        error: new UploadError('the file arrived damaged', { kind: 'integrity', requestId: `req-${i}` }),
      });
    const items = [damaged(1), damaged(2)];
    const context = fakeContext(items);
    const { container } = render(
      <UploaderContext.Provider value={context}>
        <UploadErrors />
      </UploaderContext.Provider>,
    );
    const card = container.querySelector('.su-errors__item') as Element;
    expect(text(card.querySelector('.su-errors__message'))).toBe(
      'The file arrived damaged. Upload it again to send a fresh copy.',
    );
    expect(labels(card)[0]).toBe('Upload these again (2 files)');
    expect(text(card.querySelector('[data-action="retry"]'))).toBe('Upload these again');
    click(card.querySelector('[data-action="retry"]') as Element);
    expect(context.actions.retry.mock.calls).toEqual([[items.map((item) => item.id)]]);
  });

  it('a refused name cannot be retried as it is; files given without the uploader have no retry', () => {
    const refused = () =>
      makeItem({
        name: 'a\nb',
        status: 'failed',
        error: new UploadError('…', { kind: 'invalid-name', invalidName: { name: 'a\nb', problem: 'control' } }),
      });
    const inContext = render(
      <UploaderContext.Provider value={fakeContext([refused(), refused(), failedQuota(), failedQuota()])}>
        <UploadErrors />
      </UploaderContext.Provider>,
    );
    const cards = inContext.container.querySelectorAll('.su-errors__item');
    expect(cards).toHaveLength(2);
    expect(cards[0]?.querySelector('[data-action="retry"]')).toBeNull();
    expect(cards[1]?.querySelector('[data-action="retry"]')).not.toBeNull();
    const alone = render(<UploadErrors items={[failedQuota(), failedQuota()]} />);
    expect(alone.container.querySelector('[data-action="retry"]')).toBeNull();
  });

  it('a folder not created inside a dropped folder is named from the drop, as the rows name it', () => {
    // Dropped "Trip" (beach.jpg, empty Drafts) into /Photos: the row says "Trip", so does the error.
    const beach = makeItem({
      name: 'beach.jpg',
      path: '/Photos/Trip/beach.jpg',
      relativePath: '/Trip/beach.jpg',
      status: 'done',
    });
    const folderErrors = [
      { spaceId: beach.spaceId, path: '/Photos/Trip/Drafts', error: new UploadError('403', { status: 403 }) },
    ];
    const { container } = render(
      <UploaderContext.Provider value={fakeContext([beach], { folderErrors })}>
        <UploadErrors />
      </UploaderContext.Provider>,
    );
    expect(text(container.querySelector('.su-errors__name'))).toBe('Drafts');
    expect(text(container.querySelector('.su-errors__folder'))).toBe('Trip');
  });

  it('errorDetailsText leaves out what is unknown', () => {
    const item = makeItem({ name: 'x', path: '/x', status: 'failed', error: new UploadError('offline') });
    expect(errorDetailsText(item, messagesEn)).toBe(
      'File: x\nPath: /x\nError: Network connection lost.\nMessage: offline',
    );
  });
});
