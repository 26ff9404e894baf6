import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { summarize, type UploadItem } from '../../src/core/state.ts';
import { UploaderContext } from '../../src/react/context.ts';
import { messagesDe } from '../../src/react/messages-de.ts';
import { applicableActions, UploadSummary } from '../../src/react/UploadSummary.tsx';
import { click, fakeActions, fakeContext, makeItem, quotaError, render, text } from './helpers.tsx';

const actionsShown = (container: HTMLElement) =>
  Array.from(container.querySelectorAll('button[data-action]')).map((b) => b.getAttribute('data-action'));

function renderSummary(items: UploadItem[], props: Parameters<typeof UploadSummary>[0] = {}) {
  const context = fakeContext(items);
  const rendered = render(
    <UploaderContext.Provider value={context}>
      <UploadSummary {...props} />
    </UploaderContext.Provider>,
  );
  return { ...rendered, context };
}

const advance = (ms: number) => act(() => vi.advanceTimersByTime(ms));

afterEach(() => {
  vi.useRealTimers();
});

describe('UploadSummary', () => {
  it('while uploading: status, total progress, bytes, speed, time left, counts; pause all and cancel all', () => {
    const items = [
      makeItem({ status: 'uploading', size: 4_000_000, bytesUploaded: 1_000_000, speed: 500_000, timeLeft: 6 }),
      makeItem({ status: 'queued', size: 4_000_000 }),
      makeItem({ status: 'done', size: 2_000_000, bytesUploaded: 2_000_000 }),
    ];
    const { container, context } = renderSummary(items);
    const section = container.querySelector('section') as HTMLElement;
    expect(section.getAttribute('aria-label')).toBe('Upload progress');
    expect(section.getAttribute('data-status')).toBe('uploading');
    expect(text(container.querySelector('.su-summary__status'))).toBe('Uploading…');
    expect(text(container.querySelector('.su-summary__files'))).toBe('1 of 3 files');
    const bar = container.querySelector('[role="progressbar"]') as HTMLElement;
    expect(bar.getAttribute('aria-valuenow')).toBe('30');
    expect(bar.getAttribute('aria-label')).toBe('Total progress');
    expect(text(container.querySelector('.su-summary__details'))).toContain('3 MB of 10 MB');
    expect(text(container.querySelector('.su-summary__details'))).toContain('500 KB/s');
    expect(text(container.querySelector('.su-summary__details'))).toContain('14 s left');
    expect(Array.from(container.querySelectorAll('.su-summary__count')).map((li) => text(li))).toEqual([
      '1 waiting',
      '1 uploading',
      '1 uploaded',
    ]);
    expect(actionsShown(container)).toEqual(['pause', 'cancel', 'clearFinished']);
    click(container.querySelector('[data-action="pause"]') as Element);
    click(container.querySelector('[data-action="cancel"]') as Element);
    expect(context.actions.pause).toHaveBeenCalledWith();
    expect(context.actions.cancel).toHaveBeenCalledWith();
  });

  it('paused: resume all and cancel all', () => {
    const { container, context } = renderSummary([makeItem({ status: 'paused', bytesUploaded: 10 })]);
    expect(text(container.querySelector('.su-summary__status'))).toBe('Paused');
    expect(actionsShown(container)).toEqual(['resume', 'cancel']);
    click(container.querySelector('[data-action="resume"]') as Element);
    expect(context.actions.resume).toHaveBeenCalledWith();
  });

  it('failed: retry failed and clear finished', () => {
    const { container, context } = renderSummary([
      makeItem({ status: 'failed', error: quotaError() }),
      makeItem({ status: 'done' }),
    ]);
    expect(text(container.querySelector('.su-summary__status'))).toBe('Finished with errors');
    expect(actionsShown(container)).toEqual(['retry', 'clearFinished']);
    click(container.querySelector('[data-action="retry"]') as Element);
    expect(context.actions.retry).toHaveBeenCalledWith();
    click(container.querySelector('[data-action="clearFinished"]') as Element);
    expect(context.actions.clearFinished).toHaveBeenCalled();
  });

  it('done: 100 %, only clear finished', () => {
    const { container } = renderSummary([makeItem({ status: 'done', size: 0 })]);
    expect(text(container.querySelector('.su-summary__status'))).toBe('Done');
    expect(container.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('100');
    expect(actionsShown(container)).toEqual(['clearFinished']);
  });

  it('queued without autostart: start upload; finalizing: nothing to pause', () => {
    expect(actionsShown(renderSummary([makeItem({ status: 'queued' })]).container)).toEqual(['start', 'cancel']);
    const finalizing = renderSummary([makeItem({ status: 'finalizing', bytesUploaded: 1_000_000 })]);
    expect(text(finalizing.container.querySelector('.su-summary__status'))).toBe('Finalizing…');
    expect(actionsShown(finalizing.container)).toEqual([]);
    const preparing = renderSummary([makeItem({ status: 'preparing' })]);
    expect(text(preparing.container.querySelector('.su-summary__status'))).toBe('Preparing…');
    expect(actionsShown(preparing.container)).toEqual(['pause', 'cancel']);
  });

  it('hides a button whose action is not given', () => {
    const items = [makeItem({ status: 'uploading' })];
    const { totals, status } = summarize(items);
    const { container } = render(<UploadSummary snapshot={{ totals, status }} actions={{ cancel: vi.fn() }} />);
    expect(actionsShown(container)).toEqual(['cancel']);
  });

  it('with no files: a quiet line, and the live region is already there', () => {
    const { container } = render(<UploadSummary />);
    expect(text(container.querySelector('.su-summary__status'))).toBe('Nothing to upload yet');
    expect(container.querySelector('[aria-live="polite"]')).not.toBeNull();
  });

  it('applicableActions', () => {
    const counts = summarize([makeItem({ status: 'uploading' }), makeItem({ status: 'failed' })]).totals.counts;
    expect(applicableActions(counts, 'uploading')).toEqual({
      start: false,
      pause: true,
      resume: false,
      cancel: true,
      retry: true,
      clearFinished: false,
    });
  });

  it('announces progress at most once per interval, completion and failure at once', () => {
    vi.useFakeTimers();
    const total = 10;
    const batch = (done: number, rest: UploadItem['status'] = 'uploading') =>
      Array.from({ length: total }, (_, i) =>
        makeItem({ id: `f${i}`, size: 100, status: i < done ? 'done' : rest, bytesUploaded: i < done ? 100 : 0 }),
      );
    const context = (done: number, rest?: UploadItem['status']) => fakeContext(batch(done, rest), { actions });
    const actions = fakeActions();
    const ui = (done: number, rest?: UploadItem['status']) => (
      <UploaderContext.Provider value={context(done, rest)}>
        <UploadSummary announceInterval={5000} />
      </UploaderContext.Provider>
    );
    const { container, rerender } = render(ui(0));
    const live = () => text(container.querySelector('[aria-live="polite"]'));
    expect(container.querySelector('[aria-live="polite"]')?.getAttribute('role')).toBe('status');
    expect(live()).toBe('');
    rerender(ui(1));
    rerender(ui(2));
    expect(live()).toBe(''); // not on every update
    advance(5000);
    expect(live()).toBe('2 of 10 files uploaded, 20%');
    rerender(ui(3));
    advance(1000);
    rerender(ui(4));
    expect(live()).toBe('2 of 10 files uploaded, 20%');
    advance(4000);
    expect(live()).toBe('4 of 10 files uploaded, 40%');
    rerender(ui(10));
    expect(live()).toBe('All files uploaded'); // at once
  });

  it('announces failures and a pause at once', () => {
    vi.useFakeTimers();
    const running = [makeItem({ id: 'a', status: 'uploading' }), makeItem({ id: 'b', status: 'uploading' })];
    const ui = (items: UploadItem[]) => (
      <UploaderContext.Provider value={fakeContext(items)}>
        <UploadSummary />
      </UploaderContext.Provider>
    );
    const { container, rerender } = render(ui(running));
    const live = () => text(container.querySelector('[aria-live="polite"]'));
    rerender(ui(running.map((item) => ({ ...item, status: 'paused' as const }))));
    expect(live()).toBe('Upload paused');
    rerender(ui(running.map((item) => ({ ...item, status: 'failed' as const, error: quotaError() }))));
    expect(live()).toBe('2 files failed');
  });

  it('skipped files are counted, and "Clear finished" applies to them', () => {
    const { container } = renderSummary([makeItem({ status: 'done' }), makeItem({ status: 'skipped' })]);
    expect(Array.from(container.querySelectorAll('.su-summary__count')).map((li) => text(li))).toEqual([
      '1 uploaded',
      '1 skipped',
    ]);
    expect(actionsShown(container)).toEqual(['clearFinished']);
    const counts = summarize([makeItem({ status: 'skipped' })]).totals.counts;
    expect(applicableActions(counts, 'idle').clearFinished).toBe(true);
  });

  describe('before bytes move', () => {
    const preparingUi = (preparation: { checking: number; foldersTotal: number; foldersSettled: number }) => (
      <UploaderContext.Provider
        value={fakeContext([makeItem({ status: 'preparing' }), makeItem({ status: 'preparing' })], { preparation })}
      >
        <UploadSummary announceInterval={5000} />
      </UploaderContext.Provider>
    );
    const shown = (container: HTMLElement) => text(container.querySelector('.su-summary__preparation'));

    it('says "Checking the target…" while the target is checked', () => {
      const { container } = render(preparingUi({ checking: 2, foldersTotal: 0, foldersSettled: 0 }));
      expect(shown(container)).toBe('Checking the target…');
    });

    it('says "Creating folders x of y" while folders are created, and nothing once they are', () => {
      const { container, rerender } = render(preparingUi({ checking: 0, foldersTotal: 12, foldersSettled: 5 }));
      expect(shown(container)).toBe('Creating folders 5 of 12');
      rerender(preparingUi({ checking: 0, foldersTotal: 12, foldersSettled: 12 }));
      expect(container.querySelector('.su-summary__preparation')).toBeNull();
      rerender(preparingUi({ checking: 0, foldersTotal: 0, foldersSettled: 0 }));
      expect(container.querySelector('.su-summary__preparation')).toBeNull();
    });

    it('announces it politely, at the pace of the progress announcements', () => {
      vi.useFakeTimers();
      const { container, rerender } = render(preparingUi({ checking: 2, foldersTotal: 0, foldersSettled: 0 }));
      const live = () => text(container.querySelector('[aria-live="polite"]'));
      expect(live()).toBe('');
      rerender(preparingUi({ checking: 0, foldersTotal: 30, foldersSettled: 1 }));
      rerender(preparingUi({ checking: 0, foldersTotal: 30, foldersSettled: 2 }));
      expect(live()).toBe(''); // not on every folder
      advance(5000);
      expect(live()).toBe('Creating folders 2 of 30');
      rerender(preparingUi({ checking: 0, foldersTotal: 30, foldersSettled: 9 }));
      advance(1000);
      expect(live()).toBe('Creating folders 2 of 30');
      advance(4000);
      expect(live()).toBe('Creating folders 9 of 30');
    });

    it('in German', () => {
      const ui = (preparation: { checking: number; foldersTotal: number; foldersSettled: number }) => (
        <UploaderContext.Provider
          value={fakeContext([makeItem({ status: 'preparing' })], { preparation, messages: messagesDe })}
        >
          <UploadSummary />
        </UploaderContext.Provider>
      );
      const { container, rerender } = render(ui({ checking: 1, foldersTotal: 0, foldersSettled: 0 }));
      expect(shown(container)).toBe('Das Ziel wird geprüft …');
      rerender(ui({ checking: 0, foldersTotal: 3, foldersSettled: 1 }));
      expect(shown(container)).toBe('Ordner werden erstellt: 1 von 3');
    });
  });
});
