import { describe, expect, it } from 'vitest';
import type { UploadEntry } from '../../src/core/uploader/index.ts';
import {
  type DropDirectoryEntry,
  type DropEntry,
  type DropFileEntry,
  type DropTransferItem,
  filesFromClipboard,
  filesFromInput,
  readAllEntries,
  readDrop,
  walkEntries,
} from '../../src/react/walk-drop.ts';

/** A fake `FileSystemFileEntry`: calls back asynchronously like the browser. */
function fileEntry(name: string, options: { fail?: boolean } = {}): DropFileEntry {
  return {
    name,
    isFile: true,
    isDirectory: false,
    file(success, error) {
      setTimeout(() => {
        if (options.fail) error?.(new DOMException('gone', 'NotFoundError'));
        else success(new File([name], name, { type: 'text/plain' }));
      }, 0);
    },
  };
}

/** A fake `FileSystemDirectoryEntry` whose reader yields at most `batch` entries per call (Chromium: 100). */
function dirEntry(name: string, children: DropEntry[], batch = 100): DropDirectoryEntry & { readCalls: number } {
  const entry = {
    name,
    isFile: false,
    isDirectory: true,
    readCalls: 0,
    createReader() {
      let offset = 0;
      return {
        readEntries(success: (entries: DropEntry[]) => void) {
          entry.readCalls += 1;
          const part = children.slice(offset, offset + batch);
          offset += part.length;
          setTimeout(() => success(part), 0);
        },
      };
    },
  };
  return entry;
}

const describeEntry = (entry: UploadEntry) =>
  entry instanceof File ? entry.name : `${entry.relativePath} (${entry.file.name})`;

describe('walkEntries', () => {
  it('walks nested folders: relative paths for files inside, plain files at the top', async () => {
    const tree = dirEntry('A', [
      fileEntry('a.txt'),
      dirEntry('b', [fileEntry('c.txt'), dirEntry('d', [fileEntry('e.txt')])]),
    ]);
    const result = await walkEntries([fileEntry('top.txt'), tree]);
    expect(result.entries.map(describeEntry)).toEqual([
      'top.txt',
      'A/a.txt (a.txt)',
      'A/b/c.txt (c.txt)',
      'A/b/d/e.txt (e.txt)',
    ]);
    expect(result.entries[0]).toBeInstanceOf(File);
    expect(result.emptyFolders).toEqual([]);
    expect(result.unreadable).toEqual([]);
  });

  it('reports empty folders, nested or dropped on their own', async () => {
    const tree = dirEntry('A', [dirEntry('empty', []), dirEntry('b', [dirEntry('deeper', [])]), fileEntry('x.txt')]);
    const result = await walkEntries([tree, dirEntry('Lonely', [])]);
    expect(result.entries.map(describeEntry)).toEqual(['A/x.txt (x.txt)']);
    expect(result.emptyFolders).toEqual(['A/empty', 'A/b/deeper', 'Lonely']);
  });

  it('calls readEntries until it returns an empty batch (more than 100 entries)', async () => {
    const files = Array.from({ length: 250 }, (_, i) => fileEntry(`f${String(i).padStart(3, '0')}.txt`));
    const big = dirEntry('Big', files);
    const result = await walkEntries([big]);
    expect(big.readCalls).toBe(4); // 100 + 100 + 50 + the empty one
    expect(result.entries).toHaveLength(250);
    expect(describeEntry(result.entries[249] as UploadEntry)).toBe('Big/f249.txt (f249.txt)');
    const all = await readAllEntries(dirEntry('Small', files.slice(0, 3), 2));
    expect(all.map((e) => e.name)).toEqual(['f000.txt', 'f001.txt', 'f002.txt']);
  });

  it('skips what cannot be read and says so', async () => {
    const broken: DropDirectoryEntry = {
      name: 'Broken',
      isFile: false,
      isDirectory: true,
      createReader: () => ({
        readEntries: (_ok, error) => setTimeout(() => error?.(new DOMException('denied', 'SecurityError')), 0),
      }),
    };
    const result = await walkEntries([
      dirEntry('A', [fileEntry('ok.txt'), fileEntry('gone.txt', { fail: true })]),
      broken,
    ]);
    expect(result.entries.map(describeEntry)).toEqual(['A/ok.txt (ok.txt)']);
    expect(result.unreadable).toEqual(['A/gone.txt', 'Broken']);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const walk = walkEntries([dirEntry('A', [dirEntry('b', [fileEntry('c.txt')])])], { signal: controller.signal });
    controller.abort();
    await expect(walk).rejects.toThrow();
  });
});

describe('readDrop', () => {
  it('takes the entries synchronously (items die after the drop event) and falls back to getAsFile', async () => {
    let eventOver = false;
    const item = (entry: DropEntry | null, file: File | null = null): DropTransferItem => ({
      kind: 'file',
      getAsFile: () => {
        if (eventOver) throw new Error('the drop event is over');
        return file;
      },
      webkitGetAsEntry: () => {
        if (eventOver) throw new Error('the drop event is over');
        return entry;
      },
    });
    const plain = new File(['p'], 'plain.txt');
    const text: DropTransferItem = { kind: 'string', getAsFile: () => null };
    const pending = readDrop({
      items: [item(dirEntry('A', [fileEntry('a.txt'), dirEntry('empty', [])])), item(null, plain), text],
    });
    eventOver = true;
    const result = await pending;
    expect(result.entries.map(describeEntry)).toEqual(['plain.txt', 'A/a.txt (a.txt)']);
    expect(result.emptyFolders).toEqual(['A/empty']);
  });

  it('uses `files` when the transfer has no items', async () => {
    const file = new File(['x'], 'x.txt');
    const result = await readDrop({ files: [file] });
    expect(result.entries).toEqual([file]);
  });
});

describe('filesFromInput and filesFromClipboard', () => {
  it('a folder picker: webkitRelativePath becomes relativePath', () => {
    const inFolder = new File(['1'], 'c.txt');
    Object.defineProperty(inFolder, 'webkitRelativePath', { value: 'A/b/c.txt' });
    const loose = new File(['2'], 'd.txt');
    const result = filesFromInput([inFolder, loose]);
    expect(result.entries).toEqual([{ file: inFolder, relativePath: 'A/b/c.txt' }, loose]);
    expect(result.emptyFolders).toEqual([]);
    expect(filesFromInput(null).entries).toEqual([]);
  });

  it('takes the files of a paste', () => {
    const shot = new File(['png'], 'image.png', { type: 'image/png' });
    expect(
      filesFromClipboard({
        items: [
          { kind: 'string', getAsFile: () => null },
          { kind: 'file', getAsFile: () => shot },
        ],
      }),
    ).toEqual([shot]);
    expect(filesFromClipboard({ items: [], files: [shot] })).toEqual([shot]);
    expect(filesFromClipboard(null)).toEqual([]);
  });
});
