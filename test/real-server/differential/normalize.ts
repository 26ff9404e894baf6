/**
 * A response reduced to what a client can read or branch on, with ids, tokens, etags and dates replaced by
 * placeholders: two servers answering alike give equal snapshots.
 */
import type { RawResponse } from '../support/server.ts';
import { errorShape, multistatusShape } from './xml.ts';

/** Response headers compared (lower-case); every other header is ignored on both sides. */
export const COMPARED_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-allow-credentials',
  'access-control-expose-headers',
  'access-control-max-age',
  'vary',
  'www-authenticate',
  'location',
  'tus-resumable',
  'tus-version',
  'tus-extension',
  'tus-checksum-algorithm',
  'tus-max-size',
  'upload-offset',
  'upload-length',
  'upload-expires',
  'oc-fileid',
  'oc-etag',
  'etag',
  'oc-perm',
  'oc-checksum',
  'x-oc-mtime',
  'last-modified',
  'content-type',
  'cache-control',
  'retry-after',
  'allow',
  'dav',
] as const;

/** Comma lists whose order and case a client ignores. */
const LIST_HEADERS = new Set([
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'vary',
  'allow',
  'dav',
  'tus-extension',
  'tus-checksum-algorithm',
]);

const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function normalizeValue(name: string, value: string, selfOrigin: string): string {
  if (LIST_HEADERS.has(name))
    return [
      ...new Set(
        value
          .split(',')
          .map((v) => v.trim().toLowerCase())
          .filter(Boolean),
      ),
    ]
      .sort()
      .join(', ');
  let v = value.split(selfOrigin).join('<self>');
  v = v.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '<jwt>').replace(ID, '<uuid>');
  v = v.replace(/"[0-9a-f]{32}"/g, '"<etag>"').replace(/\b[0-9a-f]{40}\b/g, '<sha1>');
  v = v.replace(/realm="[^"]*"/g, 'realm="<host>"');
  v = v.replace(/\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2}/, '<date>');
  if (name === 'upload-expires' && /^\d+$/.test(v)) return '<unix seconds>';
  return v;
}

export type BodyShape = 'empty' | string | Record<string, unknown> | unknown[];

/** Types and keys of a JSON value, recursively (arrays: the shape of their first element). */
export function jsonShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [jsonShape(value[0])] : [];
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, jsonShape((value as Record<string, unknown>)[k])]),
    );
  return value === null ? 'null' : typeof value;
}

export interface Snapshot {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type BodyView = (json: unknown) => unknown;

export function snapshot(
  res: RawResponse,
  options: { selfOrigin: string; selfHref: string; view?: BodyView; ignoreHeaders?: readonly string[] },
): Snapshot {
  const headers: Record<string, string> = {};
  for (const name of COMPARED_HEADERS) {
    if (options.ignoreHeaders?.includes(name)) continue;
    const raw = res.headers[name];
    if (raw === undefined) continue;
    headers[name] = normalizeValue(name, Array.isArray(raw) ? raw.join(', ') : raw, options.selfOrigin);
  }
  return { status: res.status, headers, body: bodyShape(res, options) };
}

function bodyShape(res: RawResponse, options: { selfHref: string; view?: BodyView }): unknown {
  if (res.body.length === 0) return 'empty';
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('json')) {
    const value: unknown = JSON.parse(res.text);
    return options.view ? options.view(value) : jsonShape(value);
  }
  if (type.includes('xml')) {
    return res.text.includes('multistatus') ? multistatusShape(res.text, options.selfHref) : errorShape(res.text);
  }
  return `${type || 'untyped'} body`;
}
