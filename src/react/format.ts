/**
 * Pure formatters for sizes, speeds, durations and counts. Locale-aware through `Intl.NumberFormat`; the
 * words (units, "left", …) come from the messages, so every string stays replaceable.
 */
import type { SpaceUploaderMessages } from './messages.js';

/** Decimal units, smallest first (1 KB = 1,000 B). */
export const DEFAULT_BYTE_UNITS: readonly string[] = ['B', 'KB', 'MB', 'GB', 'TB'];
/** German writes the SI prefix: `kB` (DIN 1301), not `KB`. */
export const GERMAN_BYTE_UNITS: readonly string[] = ['B', 'kB', 'MB', 'GB', 'TB'];

/** The units for a locale when none are given: German's `kB`, else `KB`. */
export function byteUnitsFor(locale: string): readonly string[] {
  return /^de(?:-|$)/i.test(locale) ? GERMAN_BYTE_UNITS : DEFAULT_BYTE_UNITS;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** One cached `Intl.NumberFormat` per locale and digits (a list of 10,000 rows formats a lot). */
function numberFormat(locale: string, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${locale}|${maximumFractionDigits}`;
  let format = formatters.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, { maximumFractionDigits });
    } catch {
      // An invalid locale tag must not break rendering.
      format = new Intl.NumberFormat('en', { maximumFractionDigits });
    }
    formatters.set(key, format);
  }
  return format;
}

function finite(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** A whole number with the locale's grouping, e.g. `10,000` (en) or `10.000` (de). */
export function formatCount(n: number, locale: string): string {
  return numberFormat(locale, 0).format(Math.round(finite(n)));
}

/**
 * A byte count in decimal units: `999 B`, `1.5 KB`, `12.3 MB`, `250 GB` (one decimal below 100, none above);
 * without `units`, the locale's (`1,5 kB` in German). Negative or non-finite input counts as 0.
 */
export function formatBytes(n: number, locale: string, units: readonly string[] = byteUnitsFor(locale)): string {
  const bytes = finite(n);
  const last = Math.max(0, units.length - 1);
  let exponent = bytes < 1000 ? 0 : Math.min(last, Math.floor(Math.log10(bytes) / 3));
  let value = bytes / 1000 ** exponent;
  let digits = exponent === 0 ? 0 : value < 100 ? 1 : 0;
  // 999,960 B is 1,000.0 KB after rounding: show 1 MB instead.
  if (exponent < last && Number(value.toFixed(digits)) >= 1000) {
    exponent += 1;
    value = bytes / 1000 ** exponent;
    digits = 1;
  }
  return `${numberFormat(locale, digits).format(value)} ${units[exponent] ?? ''}`.trimEnd();
}

/** `1.2 MB/s`, through the messages' `perSecond`. */
export function formatSpeed(bytesPerSecond: number, messages: SpaceUploaderMessages): string {
  return messages.perSecond(formatBytes(bytesPerSecond, messages.locale, messages.byteUnits));
}

/**
 * A duration in at most two units, rounded up to whole seconds: `45 s`, `3 min 20 s`, `12 min`, `1 h 5 min`.
 * Returns `''` for an unknown (`undefined`, negative, non-finite) duration.
 */
export function formatDuration(seconds: number | undefined, messages: SpaceUploaderMessages): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '';
  const total = Math.max(1, Math.ceil(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const n = (value: number) => formatCount(value, messages.locale);
  if (hours > 0) {
    return minutes > 0
      ? `${messages.durationHours(n(hours))} ${messages.durationMinutes(n(minutes))}`
      : messages.durationHours(n(hours));
  }
  if (minutes >= 10 || (minutes > 0 && secs === 0)) return messages.durationMinutes(n(minutes));
  if (minutes > 0) return `${messages.durationMinutes(n(minutes))} ${messages.durationSeconds(n(secs))}`;
  return messages.durationSeconds(n(secs));
}

/** Whole percent (0–100) of `done` in `total`; a finished empty file is 100. Never 100 before the end. */
/**
 * The style of a progress bar's fill: moved, not resized. A transform is composited, a width change lays out and
 * repaints the row on every update (on 2 cores that cost uploads ~15 % of their throughput, see bench/results.md).
 */
export const progressFillStyle = (percent: number) => ({ transform: `translateX(${percent - 100}%)` });

export function percentOf(done: number, total: number, finished = false): number {
  if (finished) return 100;
  if (!(total > 0)) return 0;
  const value = Math.floor((finite(done) / total) * 100);
  return Math.min(99, Math.max(0, value));
}

/** The folder part of a relative path: `/A/b/c.txt` → `A/b`; `c.txt` → `''`. */
export function folderOf(relativePath: string | undefined): string {
  if (!relativePath) return '';
  const trimmed = relativePath.replace(/^\/+/, '');
  const slash = trimmed.lastIndexOf('/');
  return slash > 0 ? trimmed.slice(0, slash) : '';
}
