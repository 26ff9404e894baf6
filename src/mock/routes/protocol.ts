/** Wire-level constants and parsers shared by the tus and WebDAV routes. */
import { fromBase64, fromUtf8, utf8 } from '../util.js';

export const TUS_EXTENSION_ON_CREATE = 'creation,creation-with-upload,checksum,expiration';
export const TUS_EXTENSION_ON_OPTIONS = 'creation,creation-with-upload,termination,concatenation,creation-defer-length';
export const TUS_CHECKSUM_ALGORITHMS = 'md5,sha1,crc32';
export const OFFSET_STREAM = 'application/offset+octet-stream';
const MAX_FILENAME_BYTES = 255;

/** tusd's `Upload-Metadata` parsing: `key base64,key base64,key`. `undefined` if a value is not base64. */
export function parseMetadata(header: string | null): { values: Record<string, string>; keys: string[] } | undefined {
  const values: Record<string, string> = {};
  const keys: string[] = [];
  if (!header) return { values, keys };
  for (const element of header.split(',')) {
    const parts = element.trim().split(' ');
    const key = parts[0] ?? '';
    if (!key || parts.length > 2) {
      if (!key && parts.length === 1) continue;
      return undefined;
    }
    let value = '';
    if (parts.length === 2) {
      const bytes = fromBase64(parts[1] ?? '');
      if (!bytes) return undefined;
      value = fromUtf8(bytes);
    }
    if (!(key in values)) keys.push(key);
    values[key] = value;
  }
  return { values, keys };
}

/** reva reads `a.b` as a seconds and b *nanoseconds* (so a float from the web UI loses its fraction). */
export function parseMtime(value: string | undefined | null): number | undefined {
  if (!value || !/^\d+(\.\d+)?$/.test(value)) return undefined;
  const [sec = '0', frac] = value.split('.');
  return Number(sec) + (frac ? Number(frac) / 1e9 : 0);
}

export function invalidFilename(name: string | undefined): boolean {
  if (name === undefined || name.trim() === '' || name === '.' || name === '..') return true;
  if (/[\r\n\f\\/]/.test(name)) return true;
  return utf8(name).length > MAX_FILENAME_BYTES;
}

export const stripQuotes = (etag: string): string => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');

export const UINT = /^\d+$/;
