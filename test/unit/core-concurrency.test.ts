/** The concurrency bounds behind planning's PROPFINDs and createFolders' MKCOLs. */
import { describe, expect, it } from 'vitest';
import { limiter, mapLimit } from '../../src/core/concurrency.ts';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve));

describe('mapLimit', () => {
  it('runs every item, never more than the limit at once, started in order', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;
    await mapLimit(
      Array.from({ length: 20 }, (_, i) => i),
      3,
      async (item) => {
        started.push(item);
        most = Math.max(most, ++running);
        await tick();
        running--;
      },
    );
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(most).toBe(3);
  });

  it('runs items that are undefined too, and nothing for no items', async () => {
    const seen: unknown[] = [];
    await mapLimit([1, undefined, 3], 2, async (item) => void seen.push(item));
    expect(seen).toEqual([1, undefined, 3]);
    await mapLimit([], 2, async () => void seen.push('never'));
    expect(seen).toHaveLength(3);
  });

  it('rejects with the first failure', async () => {
    await expect(
      mapLimit([1, 2, 3], 2, async (item) => {
        if (item === 2) throw new Error('two failed');
      }),
    ).rejects.toThrow('two failed');
  });
});

describe('limiter', () => {
  it('lets `max` pieces of work run at once; the others wait their turn', async () => {
    const slot = limiter(2);
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        slot(async () => {
          most = Math.max(most, ++running);
          await tick();
          running--;
          return i * 10;
        }),
      ),
    );
    expect(results).toEqual([0, 10, 20, 30, 40, 50]);
    expect(most).toBe(2);
  });
});
