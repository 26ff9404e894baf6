/**
 * A marker on `<html>` that says when a story has finished (loaders, render, play function, afterEach checks)
 * and whether it failed, for tools that drive the preview from outside (`scripts/screenshots.ts`):
 *
 * - `data-story-ready`: set on Storybook's `storyFinished` event, after every hook registered with `beforeStoryReady`
 *   (the server inspector's last refresh) has run and the page has painted: `"success"`; `"error"` when the
 *   render, a loader or the play function threw (or errors went unhandled while playing); `"checks-failed"` when
 *   the story itself passed but a check after it failed (the a11y addon's axe run);
 * - `data-story-error`: the first exception's message, when there is one;
 * - `data-story-checks`: with `"checks-failed"`, what failed, e.g. `a11y: color-contrast, label`;
 * - `data-story-id`: the story the marker belongs to.
 *
 * `resetStoryReady(storyId)` (called by the global loader) clears the marker at the start of every render.
 */
import { getChannel } from 'storybook/preview-api';

// Storybook's channel events (`storybook/internal/core-events`), by value: importing that internal entry point makes
// Vite discover a new dependency in the middle of a Vitest run and reload the page.
const STORY_FINISHED = 'storyFinished';
const STORY_MISSING = 'storyMissing';
const STORY_ERRORED = 'storyErrored';
const STORY_THREW_EXCEPTION = 'storyThrewException';
const PLAY_FUNCTION_THREW_EXCEPTION = 'playFunctionThrewException';
const UNHANDLED_ERRORS_WHILE_PLAYING = 'unhandledErrorsWhilePlaying';

export const STORY_READY_ATTRIBUTE = 'data-story-ready';
export const STORY_ERROR_ATTRIBUTE = 'data-story-error';
export const STORY_CHECKS_ATTRIBUTE = 'data-story-checks';
export const STORY_ID_ATTRIBUTE = 'data-story-id';

interface FinishedReport {
  type: string;
  status: 'failed' | 'passed' | 'warning';
  result?: unknown;
}

const hooks = new Set<() => Promise<unknown>>();
let listening = false;

/** Runs `hook` (and waits for it) before the ready marker is set; returns the unregister function. */
export function beforeStoryReady(hook: () => Promise<unknown>): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

function errorMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return String(error.message);
  if (error && typeof error === 'object' && 'title' in error) return String(error.title);
  if (Array.isArray(error)) return error.map(errorMessage).join('; ');
  return String(error);
}

/** `a11y: color-contrast, label` for failed reports (axe results carry `violations[].id`). */
function failedChecks(reports: readonly FinishedReport[]): string {
  return reports
    .filter((report) => report.status === 'failed')
    .map((report) => {
      const violations = (report.result as { violations?: Array<{ id?: string }> } | undefined)?.violations;
      const ids = violations?.map((violation) => violation.id).filter(Boolean) ?? [];
      return ids.length > 0 ? `${report.type}: ${ids.join(', ')}` : report.type;
    })
    .join('; ');
}

function listen(): void {
  if (listening) return;
  const channel = getChannel();
  if (!channel) return;
  listening = true;
  const root = document.documentElement;
  const fail = (error: unknown) => {
    if (!root.hasAttribute(STORY_ERROR_ATTRIBUTE)) root.setAttribute(STORY_ERROR_ATTRIBUTE, errorMessage(error));
  };
  channel.on(PLAY_FUNCTION_THREW_EXCEPTION, fail);
  channel.on(STORY_THREW_EXCEPTION, fail);
  channel.on(STORY_ERRORED, fail);
  channel.on(UNHANDLED_ERRORS_WHILE_PLAYING, fail);
  channel.on(STORY_MISSING, (id: unknown) => {
    fail(`story ${String(id)} is missing`);
    root.setAttribute(STORY_READY_ATTRIBUTE, 'error');
  });
  channel.on(
    STORY_FINISHED,
    async ({ storyId, status, reporters }: { storyId: string; status: string; reporters: FinishedReport[] }) => {
      await Promise.allSettled([...hooks].map((hook) => hook()));
      await nextPaint();
      if (root.getAttribute(STORY_ID_ATTRIBUTE) !== storyId) return;
      const checks = failedChecks(reporters ?? []);
      if (root.hasAttribute(STORY_ERROR_ATTRIBUTE)) root.setAttribute(STORY_READY_ATTRIBUTE, 'error');
      else if (status === 'success') root.setAttribute(STORY_READY_ATTRIBUTE, 'success');
      else if (checks) {
        root.setAttribute(STORY_CHECKS_ATTRIBUTE, checks);
        root.setAttribute(STORY_READY_ATTRIBUTE, 'checks-failed');
      } else root.setAttribute(STORY_READY_ATTRIBUTE, 'error');
    },
  );
}

/** Clears the marker for a new render of `storyId` and makes sure the channel is being listened to. */
export function resetStoryReady(storyId: string): void {
  if (typeof document === 'undefined') return;
  listen();
  const root = document.documentElement;
  root.removeAttribute(STORY_READY_ATTRIBUTE);
  root.removeAttribute(STORY_ERROR_ATTRIBUTE);
  root.removeAttribute(STORY_CHECKS_ATTRIBUTE);
  root.setAttribute(STORY_ID_ATTRIBUTE, storyId);
}
