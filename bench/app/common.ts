/** Shared by the bench pages: long-task recording and the time of the file input's change event. */
import type { LongTasks } from './api.ts';

export function longTaskRecorder(): { start(): void; stop(): LongTasks } {
  let observer: PerformanceObserver | undefined;
  let max = 0;
  let count = 0;
  let entries: LongTasks['entries'] = [];
  const note = (entry: PerformanceEntry) => {
    count++;
    max = Math.max(max, entry.duration);
    entries.push({ start: entry.startTime, duration: entry.duration });
  };
  return {
    start() {
      observer?.disconnect();
      max = 0;
      count = 0;
      entries = [];
      observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) note(entry);
      });
      observer.observe({ type: 'longtask' });
    },
    stop() {
      // Entries of the last frame are delivered with the observer's next callback: take them too.
      for (const entry of observer?.takeRecords() ?? []) note(entry);
      observer?.disconnect();
      observer = undefined;
      return { max, count, entries };
    },
  };
}

/** Calls `record(performance.now())` for every `change` event of a file input (capture phase: before React's). */
export function onFileInputChange(record: (at: number) => void): void {
  document.addEventListener(
    'change',
    (event) => {
      if (event.target instanceof HTMLInputElement && event.target.type === 'file') record(performance.now());
    },
    { capture: true },
  );
}

/** Resolves on the first frame after `predicate()` holds (checked every animation frame). */
export function firstFrameWhen(predicate: () => boolean): Promise<number> {
  return new Promise((resolve) => {
    const tick = () => {
      if (predicate()) resolve(performance.now());
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

export function pickedFiles(): File[] {
  const input = document.getElementById('pick') as HTMLInputElement | null;
  return [...(input?.files ?? [])];
}
