/**
 * The summary in the states issue 15 found wrong: rows that could never be cleared, a red bar at 99 % for one
 * failure in many, a count that disagreed with the list, "Pause all" beside "Resume all", a quota hold headed
 * "Paused" with two primary buttons, and a total that grew while sizes were read.
 */
import { act, cleanup, render as rtlRender, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SpaceHold, UploadItem } from '../../src/core/state.ts';
import { UploaderContext } from '../../src/react/context.ts';
import { messagesEn } from '../../src/react/messages.ts';
import { messagesDe } from '../../src/react/messages-de.ts';
import { QuotaHolds } from '../../src/react/QuotaHolds.tsx';
import { SpaceUploader, type SpaceUploaderProps } from '../../src/react/SpaceUploader.tsx';
import { UploadSummary } from '../../src/react/UploadSummary.tsx';
import { fakeContext, makeItem, quotaError, render, text } from './helpers.tsx';

const m = messagesEn;
const actionsShown = (container: HTMLElement) =>
  Array.from(container.querySelectorAll('button[data-action]')).map((b) => b.getAttribute('data-action'));

function renderSummary(items: UploadItem[], options: Parameters<typeof fakeContext>[1] = {}) {
  const context = fakeContext(items, options);
  const rendered = render(
    <UploaderContext.Provider value={context}>
      <UploadSummary />
      <QuotaHolds />
    </UploaderContext.Provider>,
  );
  const headline = () => text(rendered.container.querySelector('.su-summary__status'));
  return { ...rendered, context, headline };
}

afterEach(() => cleanup());

describe('the summary', () => {
  it('only canceled and skipped rows: says so, counts them and offers "Clear finished"', () => {
    const { container, context, headline } = renderSummary([
      makeItem({ status: 'canceled' }),
      makeItem({ status: 'canceled' }),
      makeItem({ status: 'skipped' }),
    ]);
    expect(headline()).toBe('Nothing left to upload');
    expect(text(container.querySelector('.su-summary__files'))).toBe('0 of 3 files');
    expect(Array.from(container.querySelectorAll('.su-summary__count')).map((li) => text(li))).toEqual([
      '2 canceled',
      '1 skipped',
    ]);
    // Nothing will move: no bar at 0 %, no "0 B of 0 B".
    expect(container.querySelector('[role="progressbar"]')).toBeNull();
    expect(container.querySelector('.su-summary__details')).toBeNull();
    expect(actionsShown(container)).toEqual(['clearFinished']);
    act(() => (container.querySelector('[data-action="clearFinished"]') as HTMLButtonElement).click());
    expect(context.actions.clearFinished).toHaveBeenCalledTimes(1);
  });

  it('one failure among many: the bar is full, in the colour of what was uploaded, not red at 99 %', () => {
    const items = [
      ...Array.from({ length: 99 }, () => makeItem({ status: 'done', size: 1000, bytesUploaded: 1000 })),
      makeItem({ status: 'failed', size: 1000, error: quotaError() }),
    ];
    const { container, headline } = renderSummary(items);
    expect(headline()).toBe('Finished with errors');
    const bar = container.querySelector('[role="progressbar"]') as HTMLElement;
    expect(bar.getAttribute('aria-valuenow')).toBe('100');
    expect(bar.getAttribute('data-status')).toBe('done');
    expect(text(container.querySelector('.su-summary__percent'))).toBe('100%');
    expect(text(container.querySelector('.su-summary__details'))).toBe('99 KB of 99 KB');
    // All failed: red.
    const none = renderSummary([makeItem({ status: 'failed', error: quotaError() })]);
    expect(none.container.querySelector('[role="progressbar"]')?.getAttribute('data-status')).toBe('failed');
  });

  it('every file failed: a red bar without "0 B of 0 B", the count and "Retry failed"', () => {
    const { container, headline } = renderSummary([
      makeItem({ status: 'failed', error: quotaError() }),
      makeItem({ status: 'failed', error: quotaError() }),
    ]);
    expect(headline()).toBe('Finished with errors');
    const bar = container.querySelector('[role="progressbar"]') as HTMLElement;
    expect(bar.getAttribute('data-status')).toBe('failed');
    expect(bar.getAttribute('aria-valuetext')).toBe('0%');
    expect(container.querySelector('.su-summary__details')).toBeNull();
    expect(text(container.querySelector('.su-summary__counts'))).toBe(m.statusCount('failed', 2));
    expect(actionsShown(container)).toContain('retry');
  });

  it('counts every listed row: "1 of 6 files" beside six rows, one of them canceled', () => {
    const { container } = renderSummary([
      makeItem({ status: 'done' }),
      makeItem({ status: 'failed', error: quotaError() }),
      makeItem({ status: 'uploading', bytesUploaded: 10 }),
      makeItem({ status: 'paused', bytesUploaded: 10 }),
      makeItem({ status: 'canceled' }),
      makeItem({ status: 'queued' }),
    ]);
    expect(text(container.querySelector('.su-summary__files'))).toBe('1 of 6 files');
  });

  it('says the count as it shows it: "1 of 6 files uploaded"', () => {
    vi.useFakeTimers();
    try {
      const { container } = renderSummary([
        makeItem({ status: 'done' }),
        makeItem({ status: 'uploading', bytesUploaded: 10 }),
        makeItem({ status: 'canceled' }),
      ]);
      act(() => vi.advanceTimersByTime(10_000));
      expect(text(container.querySelector('[aria-live="polite"]'))).toMatch(/^1 of 3 files uploaded/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('while files move: "Pause all" only; once nothing moves: "Resume all" as the primary', () => {
    const moving = renderSummary([
      makeItem({ status: 'uploading', bytesUploaded: 10 }),
      makeItem({ status: 'paused', bytesUploaded: 10 }),
    ]);
    expect(actionsShown(moving.container)).toEqual(['pause', 'cancel']);
    expect(moving.container.querySelector('.su-button--primary')).toBeNull();
    const still = renderSummary([makeItem({ status: 'paused', bytesUploaded: 10 })]);
    expect(actionsShown(still.container)).toEqual(['resume', 'cancel']);
    expect(still.container.querySelector('.su-button--primary')?.getAttribute('data-action')).toBe('resume');
  });

  it('a quota hold: headed "Waiting for free space", one primary button (the banner\'s), no "Resume all"', () => {
    const items = [
      makeItem({ status: 'paused', hold: 'quota', spaceId: 'archive' }),
      makeItem({ status: 'paused', hold: 'quota', spaceId: 'archive' }),
      makeItem({ status: 'done' }),
    ];
    const hold: SpaceHold = {
      spaceId: 'archive',
      spaceName: 'Archive',
      reason: 'quota',
      files: 2,
      needed: undefined,
      available: undefined,
      missing: undefined,
    };
    const { container, headline } = renderSummary(items, { holds: [hold] });
    expect(headline()).toBe('Waiting for free space');
    const summary = container.querySelector('.su-summary') as HTMLElement;
    expect(actionsShown(summary)).toEqual(['cancel', 'clearFinished']);
    const primaries = Array.from(container.querySelectorAll('.su-button--primary'));
    expect(primaries.map((b) => b.getAttribute('data-action'))).toEqual(['resume-held']);
    // A file the user paused besides: "Resume all" for it, but not a second primary.
    const mixed = renderSummary([...items, makeItem({ status: 'paused', bytesUploaded: 5 })], { holds: [hold] });
    expect(mixed.headline()).toBe('Paused');
    expect(actionsShown(mixed.container.querySelector('.su-summary') as HTMLElement)).toContain('resume');
    expect(mixed.container.querySelectorAll('.su-button--primary')).toHaveLength(1);
  });

  it('waiting for sign-in is not "Paused" either', () => {
    const { headline } = renderSummary([makeItem({ status: 'paused', hold: 'sign-in', bytesUploaded: 5 })]);
    expect(headline()).toBe(m.waitingForSignIn);
  });

  it('while sizes are still being read, the total is not given (it is still growing)', () => {
    const { container } = renderSummary([
      makeItem({ status: 'queued', size: 2_000_000 }),
      makeItem({ status: 'queued', size: 0, measured: false }),
    ]);
    expect(text(container.querySelector('.su-summary__details'))).toBe('0 B of … (counting files)');
    const de = render(
      <UploaderContext.Provider
        value={fakeContext([makeItem({ status: 'queued', size: 0, measured: false })], { messages: messagesDe })}
      >
        <UploadSummary />
      </UploaderContext.Provider>,
    );
    expect(text(de.container.querySelector('.su-summary__details'))).toBe('0 B von … (Dateien werden gezählt)');
  });
});

const props: SpaceUploaderProps = {
  serverUrl: 'http://ocis.test',
  accessToken: 'dev-token',
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
  // The checks before upload wait on a server that never answers (until aborted): the files stay unfinished.
  fetch: (_input, init) =>
    new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    }),
};

describe('<SpaceUploader>', () => {
  it('idle: the drop zone alone, no empty summary or list cards', () => {
    const { container } = rtlRender(<SpaceUploader {...props} />);
    expect(container.querySelector('.su-dropzone')).not.toBeNull();
    expect(container.querySelector('.su-summary')).toBeNull();
    expect(container.querySelector('.su-filelist')).toBeNull();
    expect(screen.queryByText(m.noUploads)).toBeNull();
    expect(screen.queryByText(m.noFiles)).toBeNull();
  });

  it('canceled rows are cleared with "Clear finished", and the drop zone stands alone again', async () => {
    const user = userEvent.setup();
    const { container } = rtlRender(<SpaceUploader {...props} />);
    const input = container.querySelector('input[type="file"]:not([webkitdirectory])') as HTMLInputElement;
    await user.upload(input, [new File(['a'], 'alpha.txt'), new File(['b'], 'beta.txt'), new File(['c'], 'c.txt')]);
    const summary = await screen.findByRole('region', { name: m.summaryLabel });
    await user.click(within(summary).getByRole('button', { name: m.cancelAll }));
    expect(await within(summary).findByText(m.nothingLeft)).toBeTruthy();
    expect(within(summary).getByText(m.statusCount('canceled', 3))).toBeTruthy();
    expect(container.querySelectorAll('.su-file[data-status="canceled"]')).toHaveLength(3);
    await user.click(within(summary).getByRole('button', { name: m.clearFinished }));
    await expect.poll(() => container.querySelectorAll('.su-file').length).toBe(0);
    expect(container.querySelector('.su-summary')).toBeNull();
    expect(container.querySelector('.su-dropzone')).not.toBeNull();
  });
});
