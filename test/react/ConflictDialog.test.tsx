/**
 * The conflict question: `useConflictPrompt()` (the core's async handler as React state, one question at a time)
 * and `<ConflictDialog>` (a modal dialog with the choices that fit the conflict).
 */
import '@testing-library/jest-dom/vitest';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useImperativeHandle } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConflictDecision, ConflictResolution, UploadConflict } from '../../src/core/plan.ts';
import { ConflictDialog } from '../../src/react/ConflictDialog.tsx';
import { type ConflictPrompt, type ConflictQuestion, useConflictPrompt } from '../../src/react/conflict-prompt.ts';
import { UploaderContext } from '../../src/react/context.ts';
import { messagesEn } from '../../src/react/messages.ts';
import { messagesDe } from '../../src/react/messages-de.ts';
import { fakeContext } from './helpers.tsx';

afterEach(() => cleanup());

const m = messagesEn;

function fileConflict(overrides: Partial<UploadConflict> = {}): UploadConflict {
  return {
    kind: 'file',
    name: 'report.pdf',
    spaceId: 's$u',
    folderPath: '/Docs',
    path: '/Docs/report.pdf',
    existing: { kind: 'file', fileId: 's$u!n1', size: 1_200_000 },
    size: 1_500_000,
    files: 1,
    options: ['keep-both', 'replace', 'skip'],
    remaining: 0,
    ...overrides,
  };
}

function folderConflict(overrides: Partial<UploadConflict> = {}): UploadConflict {
  return {
    kind: 'folder',
    name: 'Photos',
    spaceId: 's$u',
    folderPath: '/Docs',
    path: '/Docs/Photos',
    existing: { kind: 'folder', fileId: 's$u!n2', size: 10_000 },
    size: 3_400_000,
    files: 12,
    options: ['merge', 'keep-both', 'skip'],
    remaining: 0,
    ...overrides,
  };
}

function question(conflict: UploadConflict): ConflictQuestion & {
  answer: ReturnType<typeof vi.fn<(d: ConflictDecision) => void>>;
  cancel: ReturnType<typeof vi.fn<() => void>>;
} {
  return { conflict, answer: vi.fn<(d: ConflictDecision) => void>(), cancel: vi.fn<() => void>() };
}

const choiceNames = (messages = m) =>
  within(screen.getByRole('group', { name: messages.conflictChoices }))
    .getAllByRole('button')
    .map((button) => button.textContent);

describe('ConflictDialog', () => {
  it('renders nothing without a question', () => {
    const { container } = render(<ConflictDialog question={undefined} />);
    expect(container.innerHTML).toBe('');
  });

  it('a file: a modal dialog labelled by its heading, described by the sizes; replace, keep both, skip', () => {
    render(<ConflictDialog question={question(fileConflict())} />);
    const dialog = screen.getByRole('dialog', { name: '“report.pdf” already exists in /Docs' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    const heading = screen.getByRole('heading', { name: '“report.pdf” already exists in /Docs' });
    expect(dialog.getAttribute('aria-labelledby')).toBe(heading.id);
    const description = document.getElementById(dialog.getAttribute('aria-describedby') ?? '');
    expect(description).toHaveTextContent('Existing file: 1.2 MB · New file: 1.5 MB');
    expect(choiceNames()).toEqual(['Replace', 'Keep both', 'Skip']);
    // Keep both explains the name it gives (a preview; the core picks the real one).
    expect(screen.getByRole('button', { name: 'Keep both' })).toHaveAccessibleDescription(
      'The new file is saved under the next free name, e.g. “report (1).pdf”.',
    );
    expect(screen.getByRole('button', { name: 'Replace' })).toHaveAccessibleDescription(m.conflictReplaceHint);
    // No other conflict known yet: still offered, for those found later (inside merged folders).
    expect(screen.getByRole('checkbox', { name: 'Do this for any further file conflicts' })).not.toBeChecked();
  });

  it('hides Replace when the core does not offer it (e.g. no write permission on the file)', () => {
    render(<ConflictDialog question={question(fileConflict({ options: ['keep-both', 'skip'] }))} />);
    expect(choiceNames()).toEqual(['Keep both', 'Skip']);
    expect(screen.queryByRole('button', { name: 'Replace' })).toBeNull();
  });

  it('a folder: merge (checked one by one), keep both as “Photos (1)”, skip', () => {
    render(<ConflictDialog question={question(folderConflict())} />);
    screen.getByRole('dialog', { name: 'A folder “Photos” already exists in /Docs' });
    expect(screen.getByRole('dialog')).toHaveAccessibleDescription('You are adding 12 files (3.4 MB).');
    expect(choiceNames()).toEqual(['Merge', 'Keep both', 'Skip']);
    expect(screen.getByRole('button', { name: 'Merge' })).toHaveAccessibleDescription(/checked one by one/);
    expect(screen.getByRole('button', { name: 'Keep both' })).toHaveAccessibleDescription(/“Photos \(1\)”/);
  });

  it('a folder where a file stands: only the offered choices, and the heading says a file is there', () => {
    render(
      <ConflictDialog
        question={question(
          folderConflict({ existing: { kind: 'file', fileId: 'x', size: 5 }, options: ['keep-both', 'skip'] }),
        )}
      />,
    );
    screen.getByRole('dialog', { name: 'A file “Photos” already exists in /Docs' });
    expect(choiceNames()).toEqual(['Keep both', 'Skip']);
  });

  it('a file where a folder stands: no Replace, the heading names the folder', () => {
    render(
      <ConflictDialog
        question={question(
          fileConflict({ existing: { kind: 'folder', fileId: 'x', size: 0 }, options: ['keep-both', 'skip'] }),
        )}
      />,
    );
    screen.getByRole('dialog', { name: 'A folder “report.pdf” already exists in /Docs' });
    expect(choiceNames()).toEqual(['Keep both', 'Skip']);
    expect(screen.getByRole('dialog')).toHaveAccessibleDescription('New file: 1.5 MB');
  });

  it('focus moves to the default choice (the first option) and marks it primary', () => {
    render(<ConflictDialog question={question(fileConflict())} />);
    const keepBoth = screen.getByRole('button', { name: 'Keep both' });
    expect(document.activeElement).toBe(keepBoth);
    expect(keepBoth.className).toContain('su-button--primary');
    cleanup();
    render(<ConflictDialog question={question(folderConflict())} />);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Merge' }));
  });

  it('each button answers with its resolution', async () => {
    const user = userEvent.setup();
    for (const [name, resolution] of [
      ['Replace', 'replace'],
      ['Keep both', 'keep-both'],
      ['Skip', 'skip'],
    ] as const) {
      const q = question(fileConflict());
      render(<ConflictDialog question={q} />);
      await user.click(screen.getByRole('button', { name }));
      expect(q.answer).toHaveBeenCalledExactlyOnceWith({ resolution });
      cleanup();
    }
  });

  it('Escape skips', async () => {
    const user = userEvent.setup();
    const q = question(fileConflict());
    render(<ConflictDialog question={q} />);
    await user.keyboard('{Escape}');
    expect(q.answer).toHaveBeenCalledExactlyOnceWith({ resolution: 'skip' });
    expect(q.cancel).not.toHaveBeenCalled();
  });

  it('"Do this for the N other conflicts" (files and folders apart) answers with applyToAll', async () => {
    const user = userEvent.setup();
    const q = question(fileConflict({ remaining: 3 }));
    render(<ConflictDialog question={q} />);
    const all = screen.getByRole('checkbox', { name: 'Do this for the 3 other file conflicts' });
    expect(all).not.toBeChecked();
    await user.click(all);
    await user.click(screen.getByRole('button', { name: 'Replace' }));
    expect(q.answer).toHaveBeenCalledExactlyOnceWith({ resolution: 'replace', applyToAll: true });
    cleanup();

    render(<ConflictDialog question={question(folderConflict({ remaining: 1 }))} />);
    expect(screen.getByRole('checkbox', { name: 'Do this for the other folder conflict' })).toBeInTheDocument();
  });

  it('with no other conflict known yet, the box still answers applyToAll (for conflicts found inside merged folders)', async () => {
    const user = userEvent.setup();
    const q = question(folderConflict({ remaining: 0 }));
    render(<ConflictDialog question={q} />);
    await user.click(screen.getByRole('checkbox', { name: 'Do this for any further folder conflicts' }));
    await user.click(screen.getByRole('button', { name: 'Merge' }));
    expect(q.answer).toHaveBeenCalledExactlyOnceWith({ resolution: 'merge', applyToAll: true });
  });

  it('"Cancel upload" cancels', async () => {
    const user = userEvent.setup();
    const q = question(fileConflict());
    render(<ConflictDialog question={q} />);
    await user.click(screen.getByRole('button', { name: 'Cancel upload' }));
    expect(q.cancel).toHaveBeenCalledOnce();
    expect(q.answer).not.toHaveBeenCalled();
  });

  it('Tab and Shift+Tab stay inside the dialog', async () => {
    const user = userEvent.setup();
    render(
      <>
        <button type="button">outside</button>
        <ConflictDialog question={question(fileConflict({ remaining: 2 }))} />
      </>,
    );
    const dialog = screen.getByRole('dialog');
    const inside = [
      ...within(dialog).getAllByRole('button', { name: /Replace|Keep both|Skip/ }),
      within(dialog).getByRole('checkbox'),
      within(dialog).getByRole('button', { name: 'Cancel upload' }),
    ];
    for (let i = 0; i < 8; i++) {
      await user.tab();
      expect(inside).toContain(document.activeElement);
    }
    await user.click(within(dialog).getByRole('button', { name: 'Replace' }));
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel upload' }));
  });

  it('uses the context messages (German)', () => {
    render(
      <UploaderContext.Provider value={fakeContext([], { messages: messagesDe })}>
        <ConflictDialog question={question(fileConflict({ remaining: 2 }))} />
      </UploaderContext.Provider>,
    );
    screen.getByRole('dialog', { name: '„report.pdf“ existiert bereits in /Docs' });
    expect(choiceNames(messagesDe)).toEqual(['Ersetzen', 'Beide behalten', 'Überspringen']);
    screen.getByRole('checkbox', { name: 'Für die 2 anderen Dateikonflikte genauso verfahren' });
    screen.getByRole('button', { name: 'Hochladen abbrechen' });
  });
});

/** The prompt and its dialog, with the prompt handed out to the test. */
function Prompted({ promptRef, opener = true }: { promptRef: { current: ConflictPrompt | null }; opener?: boolean }) {
  const prompt = useConflictPrompt();
  useImperativeHandle(promptRef, () => prompt, [prompt]);
  return (
    <>
      {opener ? <button type="button">Upload</button> : null}
      <ConflictDialog question={prompt.question} />
    </>
  );
}

function ask(ref: { current: ConflictPrompt | null }, conflict: UploadConflict, signal = new AbortController().signal) {
  const prompt = ref.current;
  if (!prompt) throw new Error('no prompt');
  let result: ReturnType<ConflictPrompt['onConflict']> | undefined;
  act(() => {
    result = prompt.onConflict(conflict, { signal });
  });
  const answer = Promise.resolve(result as ReturnType<ConflictPrompt['onConflict']>);
  // Handled from the start: a rejection that comes before the test awaits it is not "unhandled".
  answer.catch(() => undefined);
  return answer;
}

describe('useConflictPrompt', () => {
  it('asks one conflict at a time, in order, and resolves each with its own answer', async () => {
    const user = userEvent.setup();
    const ref: { current: ConflictPrompt | null } = { current: null };
    render(<Prompted promptRef={ref} />);
    expect(screen.queryByRole('dialog')).toBeNull();
    const first = ask(ref, fileConflict({ name: 'a.txt', remaining: 1 }));
    const second = ask(ref, fileConflict({ name: 'b.txt' }));
    screen.getByRole('dialog', { name: '“a.txt” already exists in /Docs' });
    await user.click(screen.getByRole('button', { name: 'Replace' }));
    await expect(first).resolves.toEqual({ resolution: 'replace' });
    screen.getByRole('dialog', { name: '“b.txt” already exists in /Docs' });
    // The next question starts on its own default, with the checkbox cleared.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep both' }));
    await user.click(screen.getByRole('button', { name: 'Skip' }));
    await expect(second).resolves.toEqual({ resolution: 'skip' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('the handler stays the same function across renders', () => {
    const ref: { current: ConflictPrompt | null } = { current: null };
    const { rerender } = render(<Prompted promptRef={ref} />);
    const handler = ref.current?.onConflict;
    void ask(ref, fileConflict());
    rerender(<Prompted promptRef={ref} />);
    expect(ref.current?.onConflict).toBe(handler);
  });

  it('"Cancel upload" rejects the handler (the core then cancels that batch)', async () => {
    const user = userEvent.setup();
    const ref: { current: ConflictPrompt | null } = { current: null };
    render(<Prompted promptRef={ref} />);
    const answer = ask(ref, fileConflict());
    await user.click(screen.getByRole('button', { name: 'Cancel upload' }));
    await expect(answer).rejects.toThrow();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('the batch canceled meanwhile (signal aborted) closes the question, and the next one shows', async () => {
    const ref: { current: ConflictPrompt | null } = { current: null };
    render(<Prompted promptRef={ref} />);
    const batch = new AbortController();
    const first = ask(ref, fileConflict({ name: 'a.txt' }), batch.signal);
    const second = ask(ref, folderConflict());
    screen.getByRole('dialog', { name: '“a.txt” already exists in /Docs' });
    act(() => batch.abort());
    await expect(first).rejects.toThrow();
    screen.getByRole('dialog', { name: 'A folder “Photos” already exists in /Docs' });
    // A waiting question of an aborted batch leaves the line too.
    const other = new AbortController();
    const third = ask(ref, fileConflict({ name: 'c.txt' }), other.signal);
    act(() => other.abort());
    await expect(third).rejects.toThrow();
    act(() => ref.current?.question?.answer({ resolution: 'merge' }));
    await expect(second).resolves.toEqual({ resolution: 'merge' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('an already aborted signal rejects at once, without a question', async () => {
    const ref: { current: ConflictPrompt | null } = { current: null };
    render(<Prompted promptRef={ref} />);
    const batch = new AbortController();
    batch.abort();
    await expect(ask(ref, fileConflict(), batch.signal)).rejects.toThrow();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('only the first answer counts', async () => {
    const ref: { current: ConflictPrompt | null } = { current: null };
    render(<Prompted promptRef={ref} />);
    const first = ask(ref, fileConflict({ name: 'a.txt' }));
    const second = ask(ref, fileConflict({ name: 'b.txt' }));
    const q = ref.current?.question as ConflictQuestion;
    act(() => {
      q.answer({ resolution: 'skip' });
      q.answer({ resolution: 'replace' });
      q.cancel();
    });
    await expect(first).resolves.toEqual({ resolution: 'skip' });
    // The stale question did not answer the next one.
    expect(ref.current?.question?.conflict.name).toBe('b.txt');
    act(() => ref.current?.question?.answer({ resolution: 'keep-both' as ConflictResolution }));
    await expect(second).resolves.toEqual({ resolution: 'keep-both' });
  });

  it('focus returns to where it was when the dialog closes', async () => {
    const user = userEvent.setup();
    const ref: { current: ConflictPrompt | null } = { current: null };
    render(<Prompted promptRef={ref} />);
    const opener = screen.getByRole('button', { name: 'Upload' });
    opener.focus();
    const answer = ask(ref, fileConflict());
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep both' }));
    await user.keyboard('{Escape}');
    await expect(answer).resolves.toEqual({ resolution: 'skip' });
    expect(document.activeElement).toBe(opener);
  });

  it('unmounting rejects what is still asked or waiting', async () => {
    const ref: { current: ConflictPrompt | null } = { current: null };
    const { unmount } = render(<Prompted promptRef={ref} />);
    const first = ask(ref, fileConflict({ name: 'a.txt' }));
    const second = ask(ref, fileConflict({ name: 'b.txt' }));
    unmount();
    await expect(first).rejects.toThrow();
    await expect(second).rejects.toThrow();
  });
});
