/** The quota hold banner: one alert per full space, with or without figures, "Try again" and "Cancel these files". */
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpaceHold, UploadItem } from '../../src/core/state.ts';
import { UploaderContext } from '../../src/react/context.ts';
import { messagesDe } from '../../src/react/messages-de.ts';
import { QuotaHolds, SignInNotice } from '../../src/react/QuotaHolds.tsx';
import { fakeContext, makeItem } from './helpers.tsx';

afterEach(() => cleanup());

const withFigures: SpaceHold = {
  spaceId: 'archive',
  spaceName: 'Archive',
  reason: 'quota',
  files: 3,
  needed: 600_000,
  available: 262_144,
  missing: 337_856,
};

const after507: SpaceHold = {
  spaceId: 'personal',
  spaceName: 'Admin',
  reason: 'quota',
  files: 1,
  needed: undefined,
  available: undefined,
  missing: undefined,
};

function held(spaceId: string, name: string, overrides: Partial<UploadItem> = {}): UploadItem {
  return makeItem({ name, spaceId, status: 'paused', hold: 'quota', ...overrides });
}

function renderHolds(items: UploadItem[], holds: SpaceHold[], messages = fakeContext().messages) {
  const context = fakeContext(items, { holds, messages });
  const rendered = render(
    <UploaderContext.Provider value={context}>
      <QuotaHolds />
    </UploaderContext.Provider>,
  );
  return { ...rendered, context };
}

describe('QuotaHolds', () => {
  it('renders nothing while no space is full', () => {
    const { container } = renderHolds([makeItem()], []);
    expect(container.innerHTML).toBe('');
  });

  it('with the pre-check figures: needed, free and missing, and how many files wait', () => {
    renderHolds([held('archive', 'a.bin'), held('archive', 'b.bin'), held('archive', 'c.bin')], [withFigures]);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(
      'Not enough space in Archive: 600 KB needed, 262 KB free (338 KB missing). Free up space, then try again.',
    );
    expect(alert).toHaveTextContent('3 files are waiting.');
  });

  it('after a 507 without figures: the space is full', () => {
    renderHolds([held('personal', 'x.bin')], [after507]);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Admin is full. Free up space, then try again.');
    expect(alert).toHaveTextContent('1 file is waiting.');
    expect(alert).not.toHaveTextContent('needed');
  });

  it('one alert per space; a space without a name still reads well', () => {
    renderHolds([], [withFigures, { ...after507, spaceName: undefined }]);
    const alerts = screen.getAllByRole('alert');
    expect(alerts).toHaveLength(2);
    expect(alerts[1]).toHaveTextContent('This space is full.');
  });

  it('"Try again" re-checks that space; "Cancel these files" cancels only its held files', async () => {
    const user = userEvent.setup();
    const items = [
      held('archive', 'a.bin'),
      held('archive', 'b.bin'),
      makeItem({ name: 'c.bin', spaceId: 'archive', status: 'paused' }), // paused by the user: not held
      makeItem({ name: 'd.bin', spaceId: 'archive', status: 'done' }),
      held('personal', 'e.bin'),
    ];
    const { context } = renderHolds(items, [withFigures, after507]);
    const archive = screen.getByText(/Archive/).closest('.su-hold') as HTMLElement;
    await user.click(within(archive).getByRole('button', { name: 'Try again' }));
    expect(context.actions.resumeHeld).toHaveBeenCalledExactlyOnceWith('archive');
    await user.click(within(archive).getByRole('button', { name: 'Cancel these files' }));
    // One call with every held file of that space.
    expect(context.actions.cancel.mock.calls).toEqual([[[items[0]?.id, items[1]?.id]]]);
  });

  it('is announced once: progress elsewhere re-renders it without changing or re-inserting the alert', () => {
    const items = [held('archive', 'a.bin'), makeItem({ name: 'up.bin', status: 'uploading', bytesUploaded: 10 })];
    const { rerender } = renderHolds(items, [withFigures]);
    const alert = screen.getByRole('alert');
    const before = alert.textContent;
    // A new snapshot: new item objects and a new (equal) hold object, as the core makes on every progress tick.
    const progressed = [items[0] as UploadItem, { ...(items[1] as UploadItem), bytesUploaded: 500 }];
    rerender(
      <UploaderContext.Provider value={fakeContext(progressed, { holds: [{ ...withFigures }] })}>
        <QuotaHolds />
      </UploaderContext.Provider>,
    );
    expect(screen.getByRole('alert')).toBe(alert);
    expect(alert.textContent).toBe(before);
  });

  it('speaks German with the German messages', () => {
    renderHolds([held('archive', 'a.bin')], [withFigures], messagesDe);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(/^Nicht genug Speicherplatz in Archive: 600 kB benötigt, 262 kB frei/);
    expect(alert).toHaveTextContent('3 Dateien warten.');
    screen.getByRole('button', { name: 'Erneut versuchen' });
    screen.getByRole('button', { name: 'Diese Dateien abbrechen' });
  });
});

describe('SignInNotice', () => {
  it('says how many uploads wait for sign-in; Continue calls signedIn', async () => {
    const user = userEvent.setup();
    const items = [
      makeItem({ name: 'a.bin', status: 'paused', hold: 'sign-in' }),
      makeItem({ name: 'b.bin', status: 'paused', hold: 'sign-in' }),
      makeItem({ name: 'c.bin', status: 'done' }),
    ];
    const context = fakeContext(items, { signInRequired: true });
    render(
      <UploaderContext.Provider value={context}>
        <SignInNotice />
      </UploaderContext.Provider>,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Sign in again, then continue: 2 uploads go on where they stopped.');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(context.actions.signedIn).toHaveBeenCalledOnce();
  });

  it('shows nothing while the token is fine', () => {
    const { container } = render(
      <UploaderContext.Provider value={fakeContext([], {})}>
        <SignInNotice />
      </UploaderContext.Provider>,
    );
    expect(container).toBeEmptyDOMElement();
  });
});
