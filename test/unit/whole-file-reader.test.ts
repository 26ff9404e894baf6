/** `wholeFileReader`: a request that takes the whole file gets the file itself; other requests get slices. */
import { describe, expect, it } from 'vitest';
import { wholeFileReader } from '../../src/core/whole-file-reader.ts';

describe('wholeFileReader', () => {
  const file = new File(['0123456789'], 'ten.txt');

  it('the whole file (0 to its size or beyond) is the file itself, and the last piece', async () => {
    const source = await wholeFileReader.openFile(file);
    expect(source.size).toBe(10);
    for (const end of [10, 20]) {
      const { value, done } = await source.slice(0, end);
      expect(value).toBe(file);
      expect(done).toBe(true);
    }
  });

  it('a part is a slice with exactly its bytes; done only at the end', async () => {
    const source = await wholeFileReader.openFile(file);
    const first = await source.slice(0, 4);
    expect([await first.value.text(), first.done]).toEqual(['0123', false]);
    const last = await source.slice(4, 10);
    expect([await last.value.text(), last.done]).toEqual(['456789', true]);
  });

  it('refuses what is not a Blob (the uploader never sends streams)', async () => {
    await expect(wholeFileReader.openFile('a path')).rejects.toThrow(TypeError);
  });
});
