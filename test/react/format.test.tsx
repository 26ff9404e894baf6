import { describe, expect, it } from 'vitest';
import { folderOf, formatBytes, formatCount, formatDuration, formatSpeed, percentOf } from '../../src/react/format.ts';
import { messagesEn } from '../../src/react/messages.ts';
import { messagesDe } from '../../src/react/messages-de.ts';

describe('formatBytes', () => {
  it('uses decimal units with one decimal below 100 and none above', () => {
    expect(formatBytes(0, 'en')).toBe('0 B');
    expect(formatBytes(999, 'en')).toBe('999 B');
    expect(formatBytes(1000, 'en')).toBe('1 KB');
    expect(formatBytes(1500, 'en')).toBe('1.5 KB');
    expect(formatBytes(12_345_678, 'en')).toBe('12.3 MB');
    expect(formatBytes(123_456_789, 'en')).toBe('123 MB');
    expect(formatBytes(5_000_000_000, 'en')).toBe('5 GB');
    expect(formatBytes(2_500_000_000_000, 'en')).toBe('2.5 TB');
  });

  it('moves up a unit instead of showing 1,000', () => {
    expect(formatBytes(999_960, 'en')).toBe('1 MB');
    expect(formatBytes(999_400, 'en')).toBe('999 KB');
  });

  it('stays in the largest unit for huge numbers', () => {
    expect(formatBytes(1_234_000_000_000_000, 'en')).toBe('1,234 TB');
  });

  it('formats numbers for the locale', () => {
    expect(formatBytes(1_500_000, 'de')).toBe('1,5 MB');
    expect(formatBytes(1_234_000_000_000_000, 'de')).toBe('1.234 TB');
  });

  it('treats negative and non-finite input as zero and survives a bad locale tag', () => {
    expect(formatBytes(-5, 'en')).toBe('0 B');
    expect(formatBytes(Number.NaN, 'en')).toBe('0 B');
    expect(formatBytes(Number.POSITIVE_INFINITY, 'en')).toBe('0 B');
    expect(formatBytes(1500, 'not a locale!')).toBe('1.5 KB');
  });

  it('writes kilobytes as German does: kB (in the German messages too), KB elsewhere', () => {
    expect(formatBytes(1500, 'de')).toBe('1,5 kB');
    expect(formatBytes(1500, 'de-AT')).toBe('1,5 kB');
    expect(formatBytes(1500, 'en')).toBe('1.5 KB');
    expect(formatBytes(262_144, messagesDe.locale, messagesDe.byteUnits)).toBe('262 kB');
    expect(formatSpeed(500_000, messagesDe)).toBe('500 kB/s');
    expect(formatBytes(98_800, messagesDe.locale, messagesDe.byteUnits)).toBe('98,8 kB');
  });

  it('takes other unit names', () => {
    expect(formatBytes(2000, 'fr', ['o', 'ko', 'Mo', 'Go', 'To'])).toBe('2 ko');
  });
});

describe('formatDuration', () => {
  it('is empty when unknown', () => {
    expect(formatDuration(undefined, messagesEn)).toBe('');
    expect(formatDuration(Number.NaN, messagesEn)).toBe('');
    expect(formatDuration(Number.POSITIVE_INFINITY, messagesEn)).toBe('');
    expect(formatDuration(-1, messagesEn)).toBe('');
  });

  it('rounds up to whole seconds and uses at most two units', () => {
    expect(formatDuration(0, messagesEn)).toBe('1 s');
    expect(formatDuration(0.2, messagesEn)).toBe('1 s');
    expect(formatDuration(45, messagesEn)).toBe('45 s');
    expect(formatDuration(59.5, messagesEn)).toBe('1 min');
    expect(formatDuration(180, messagesEn)).toBe('3 min');
    expect(formatDuration(200, messagesEn)).toBe('3 min 20 s');
    expect(formatDuration(750, messagesEn)).toBe('12 min');
    expect(formatDuration(3900, messagesEn)).toBe('1 h 5 min');
    expect(formatDuration(7200, messagesEn)).toBe('2 h');
    expect(formatDuration(100 * 3600 + 1, messagesEn)).toBe('100 h');
  });

  it('speaks German with the German messages', () => {
    expect(formatDuration(3900, messagesDe)).toBe('1 Std. 5 Min.');
    expect(formatDuration(200, messagesDe)).toBe('3 Min. 20 Sek.');
  });
});

describe('formatSpeed, formatCount, percentOf, folderOf', () => {
  it('formats speeds through the messages', () => {
    expect(formatSpeed(1_200_000, messagesEn)).toBe('1.2 MB/s');
    expect(formatSpeed(1_200_000, messagesDe)).toBe('1,2 MB/s');
    expect(formatSpeed(0, messagesEn)).toBe('0 B/s');
  });

  it('groups counts by locale', () => {
    expect(formatCount(10_000, 'en')).toBe('10,000');
    expect(formatCount(10_000, 'de')).toBe('10.000');
  });

  it('computes whole percent, never 100 before the end', () => {
    expect(percentOf(0, 100)).toBe(0);
    expect(percentOf(50, 100)).toBe(50);
    expect(percentOf(999, 1000)).toBe(99);
    expect(percentOf(1000, 1000)).toBe(99);
    expect(percentOf(1000, 1000, true)).toBe(100);
    expect(percentOf(0, 0)).toBe(0);
    expect(percentOf(0, 0, true)).toBe(100);
  });

  it('takes the folder from a relative path', () => {
    expect(folderOf(undefined)).toBe('');
    expect(folderOf('c.txt')).toBe('');
    expect(folderOf('/c.txt')).toBe('');
    expect(folderOf('/A/b/c.txt')).toBe('A/b');
    expect(folderOf('A/c.txt')).toBe('A');
  });
});
