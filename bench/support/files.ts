/** Temporary input files on disk (Chromium reads big files reliably only from disk), removed by `cleanup()`. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MiB } from './stats.ts';

export interface TempFiles {
  readonly dir: string;
  /** A file of `size` random bytes, written in 8 MiB blocks; resolves with its path and SHA-1 (hex). */
  random(name: string, size: number): Promise<{ path: string; sha1: string }>;
  /**
   * A big file written fast: one random 16 MiB block repeated (`sparse: true` leaves holes instead, which read as
   * zeros and take no disk). Resolves with the path.
   */
  repeated(name: string, size: number, options?: { sparse?: boolean }): Promise<string>;
  /** `count` small random files in a subfolder; resolves with their paths. */
  many(folder: string, count: number, size: number): Promise<string[]>;
  cleanup(): void;
}

export function createTempFiles(prefix = 'space-uploader-bench-'): TempFiles {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let removed = false;
  const cleanup = () => {
    if (removed) return;
    removed = true;
    rmSync(dir, { recursive: true, force: true });
  };
  // Even when a benchmark throws or the run is interrupted.
  process.once('exit', cleanup);
  return {
    dir,
    async random(name, size) {
      const path = join(dir, name);
      const handle = await open(path, 'w');
      const hash = createHash('sha1');
      try {
        for (let written = 0; written < size; ) {
          const block = randomBytes(Math.min(8 * MiB, size - written));
          hash.update(block);
          await handle.write(block);
          written += block.length;
        }
      } finally {
        await handle.close();
      }
      return { path, sha1: hash.digest('hex') };
    },
    async repeated(name, size, options = {}) {
      const path = join(dir, name);
      const handle = await open(path, 'w');
      try {
        if (options.sparse) await handle.truncate(size);
        else {
          const block = randomBytes(16 * MiB);
          for (let written = 0; written < size; ) {
            const n = Math.min(block.length, size - written);
            await handle.write(block, 0, n, written);
            written += n;
          }
        }
      } finally {
        await handle.close();
      }
      return path;
    },
    async many(folder, count, size) {
      const base = join(dir, folder);
      await mkdir(base, { recursive: true });
      const paths = Array.from({ length: count }, (_, i) => join(base, `f${String(i).padStart(6, '0')}.txt`));
      for (let i = 0; i < paths.length; i += 500)
        await Promise.all(paths.slice(i, i + 500).map((p) => writeFile(p, randomBytes(size))));
      return paths;
    },
    cleanup,
  };
}
