/** What the bench pages expose as `window.bench` (Node drives them through `page.evaluate`). */
import type { TransferOptions } from '../../src/core/transfer.ts';

export interface Timed {
  ms: number;
  failed: number;
  error?: string;
}

/** Times (ms from the start of a run) a core run went through. */
export interface Phases {
  /** The first file's status became `uploading`. */
  sendingAt?: number;
  /** Every file had been sent (`finalizing` or done): what is left is the server's last answer and verification. */
  sentAt?: number;
}

export interface LongTasks {
  /** Longest main-thread task (PerformanceObserver 'longtask', ≥ 50 ms), 0 when none. */
  max: number;
  count: number;
  /** Every long task (page clock, ms). */
  entries: Array<{ start: number; duration: number }>;
}

export interface LabApi {
  /** Renders `<SpaceUploader>` (fresh). Upload outcome and listing times land in `state()`. */
  mountSpaceUploader(options: {
    serverUrl: string;
    token: string;
    spaceId: string;
    transfer?: TransferOptions;
    autoStart: boolean;
    /** Items expected: `state().listedAt` is set on the first frame after that many are committed. */
    expect: number;
  }): Promise<void>;
  unmount(): void;
  /** Times (performance.now()) seen by the page: the file input's change, listing, completion. */
  state(): {
    changeAt?: number;
    listedAt?: number;
    /** When every listed item had its size (`measured`). */
    measuredAt?: number;
    completeAt?: number;
    failed?: number;
    rows?: number;
  };
  /**
   * The core uploader over the files in `#pick`: addFiles, `upload()`, destroy. `phases`: also note (ms from the
   * start) when the first file began sending and when every byte had been sent (status `finalizing`), by listening
   * to the store (which then builds a snapshot per change: for one big file, not for thousands).
   */
  runCore(options: {
    serverUrl: string;
    token: string;
    spaceId: string;
    transfer?: TransferOptions;
    phases?: boolean;
  }): Promise<Timed & { phases?: Phases }>;
  /** Raw tus-js-client (browser build) over the files in `#pick`, one after another. */
  runTus(options: { endpoint: string; token: string; chunkSize: number }): Promise<Timed>;
  /** One `fetch` POST per file in `#pick` to `/__sink`, one after another. */
  runFetchPost(): Promise<Timed>;
  /** One XHR POST per file in `#pick` to `/__sink`, one after another. */
  runXhrPost(): Promise<Timed>;
  /** `sha1OfBlob` (worker) over the first file in `#pick`. */
  runSha1(): Promise<Timed & { hex: string; thread: string }>;
  longTasks: { start(): void; stop(): LongTasks };
}

export interface DashboardApi {
  mount(options: { expect: number }): Promise<void>;
  state(): { changeAt?: number; listedAt?: number; files?: number };
  longTasks: { start(): void; stop(): LongTasks };
}

declare global {
  interface Window {
    bench: LabApi;
    dashboardBench: DashboardApi;
  }
}
