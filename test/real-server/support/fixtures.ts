/**
 * What each browser test file shares: one harness (browser, page server, proxy), admin's Graph, files on disk
 * with a known modification time, a folder of its own on the server, and cleanup of what it created.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PageOutcome, PageUploaderOptions, PageUploadRequest } from '../app/api.ts';
import { type Harness, startHarness, type TestPage } from './browser.ts';
import { createGraph, type Drive, type Graph, suffix } from './graph.ts';
import type { RealServerConfig } from './server.ts';

/** The files' modification time on disk (whole seconds, in the past): what the server must keep. */
export const FILE_MTIME_S = 1_620_000_000;

export interface LocalFile {
  path: string;
  name: string;
  bytes: Buffer;
  /** Its modification time on disk (what the browser reads as `lastModified`). */
  mtimeMs: number;
}

export interface Suite {
  harness: Harness;
  admin: Graph;
  personal: Drive;
  /** A folder of this test file in admin's personal space (`/su-browser-{suffix}`). */
  folder: string;
  /** The file's local temporary directory. */
  work: string;
  /** Writes a file (random bytes, or the given ones) under the file's temporary directory. */
  file(relativePath: string, content: number | Buffer | string): Promise<LocalFile>;
  /** A fresh, empty local directory (for folder picks). */
  dir(name: string): Promise<string>;
  /** Runs after the file's tests (last registered first). */
  cleanup(task: () => Promise<unknown>): void;
  close(): Promise<void>;
}

export async function startSuite(config: RealServerConfig, label: string): Promise<Suite> {
  const work = await mkdtemp(join(tmpdir(), `space-uploader-${label}-`));
  const tasks: (() => Promise<unknown>)[] = [];
  const admin = createGraph(config);
  const personal = await admin.personal();
  const folder = `/su-${label}-${suffix()}`;
  await admin.mkcol(personal.id, folder);
  tasks.push(() => admin.remove(personal.id, folder));
  let harness: Harness;
  try {
    harness = await startHarness(config);
  } catch (error) {
    await admin.remove(personal.id, folder);
    throw error;
  }
  return {
    harness,
    admin,
    personal,
    folder,
    work,
    async file(relativePath, content) {
      const path = join(work, relativePath);
      const bytes =
        typeof content === 'number' ? randomBytes(content) : Buffer.isBuffer(content) ? content : Buffer.from(content);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes);
      await utimes(path, FILE_MTIME_S, FILE_MTIME_S);
      return { path, name: relativePath.split('/').pop() ?? relativePath, bytes, mtimeMs: FILE_MTIME_S * 1000 };
    },
    async dir(name) {
      const path = join(work, name);
      await mkdir(path, { recursive: true });
      return path;
    },
    cleanup: (task) => tasks.push(task),
    async close() {
      const errors: unknown[] = [];
      try {
        await harness.close();
      } catch (error) {
        errors.push(error);
      }
      for (const task of tasks.reverse()) await task().catch((error: unknown) => errors.push(error));
      await rm(work, { recursive: true, force: true });
      if (errors.length) throw new AggregateError(errors, 'cleanup failed');
    },
  };
}

/** Rejects with `what` after `ms` (an upload that never settles fails its test in time, saying so). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Picks `files` in the page's input and uploads them with a new uploader (real tokens unless said otherwise). */
export async function uploadFrom(
  page: TestPage,
  config: RealServerConfig,
  files: string[],
  request: PageUploadRequest,
  options: Partial<PageUploaderOptions> = {},
  timeoutMs = 60_000,
): Promise<PageOutcome> {
  await page.page.setInputFiles(request.input === 'folder' ? '#folder' : '#files', files);
  const upload = page.page.evaluate(([o, r]) => window.__su.upload(o, r), [
    { serverUrl: config.publicUrl, token: 'real', ...options } satisfies PageUploaderOptions,
    request,
  ] as const);
  return within(upload, timeoutMs, 'the upload');
}
