/**
 * What is in a folder on the server: `PROPFIND` with `Depth: 1`, read into names, kinds, ids, sizes and
 * permissions. The XML is read with a few prefix-agnostic patterns rather than DOMParser, which Node and
 * workers lack; the multistatus vocabulary read here is small and fixed.
 */
import type { UploadError } from './errors.js';
import {
  type AuthorizedAnswer,
  discardBody,
  requestIdOf,
  sendAuthorized,
  unexpectedAnswer,
  unreachable,
} from './http.js';

export interface ListedItem {
  name: string;
  kind: 'file' | 'folder';
  fileId: string | undefined;
  etag: string | undefined;
  /** Bytes (a folder: its whole tree). */
  size: number | undefined;
  /** oCIS permission letters, e.g. `RDNVCKZP`; `undefined` when the server did not say. */
  permissions: string | undefined;
  /** `d:quota-available-bytes` when the server sent a usable one (folders). */
  quotaAvailable: number | undefined;
  /** The SHA-1 the server computed (lower-case hex), when asked for (`checksums`) and known. */
  sha1?: string;
  /** Some of its properties came under `425 TOO EARLY`: the server is still processing this file. */
  processing?: true;
}

export interface FolderListing {
  self: ListedItem;
  /** `X-Request-Id` of the PROPFIND that read it (for error reports that cite the refusal). */
  requestId?: string;
  /** By name as stored (NFC). */
  children: Map<string, ListedItem>;
  /** Some properties came under `425 TOO EARLY` (the server is still processing a file): ask again shortly. */
  tooEarly?: boolean;
}

/** The properties asked for (oCIS answers them all; others answer what they know). */
export const PROPFIND_BODY =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop>' +
  '<oc:fileid/><d:getetag/><oc:size/><d:getcontentlength/><d:resourcetype/><oc:permissions/>' +
  '<d:quota-available-bytes/></d:prop></d:propfind>';

/**
 * The same, plus `oc:checksums` (oCIS: `<oc:checksum>SHA1:<hex> MD5:<hex> ADLER32:<hex></oc:checksum>`, none for an
 * empty file). Only when asked: it adds some 110 bytes per entry to a listing that does not need it.
 */
export const PROPFIND_BODY_WITH_CHECKSUMS = PROPFIND_BODY.replace('</d:prop>', '<oc:checksums/></d:prop>');

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decodeXml = (text: string): string =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) => {
    if (code[0] === '#')
      return String.fromCodePoint(
        code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : Number(code.slice(1)),
      );
    return ENTITIES[code] ?? whole;
  });

const elements = (xml: string, local: string): string[] =>
  Array.from(
    xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?${local}\\b[^>]*?(?:/>|>([\\s\\S]*?)</(?:[\\w.-]+:)?${local}>)`, 'g')),
    (m) => m[1] ?? '',
  );
const first = (xml: string, local: string): string | undefined => {
  const found = elements(xml, local)[0];
  return found === undefined ? undefined : decodeXml(found.trim());
};
const toNumber = (text: string | undefined): number | undefined => {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
};

const decodedPath = (href: string): string => {
  let path = href;
  try {
    path = new URL(href, 'http://x').pathname;
  } catch {}
  return path
    .split('/')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .join('/')
    .replace(/\/+$/, '');
};

/** Reads a multistatus body. `requestPath` (the folder's URL path) tells the folder itself from its children. */
export function parseFolderListing(xml: string, requestPath: string): FolderListing {
  const target = decodedPath(requestPath);
  const items: Array<{ path: string; item: ListedItem }> = [];
  let tooEarly = false;
  for (const response of elements(xml, 'response')) {
    const href = first(response, 'href');
    if (href === undefined) continue;
    // Only the properties the server found: a 404 propstat lists the ones it does not have, a 425 those it
    // cannot tell yet.
    const propstats = elements(response, 'propstat');
    const props = propstats.filter((propstat) => statusOf(propstat) === 200).join('');
    const processing = propstats.some((propstat) => statusOf(propstat) === 425);
    if (processing) tooEarly = true;
    const path = decodedPath(href);
    const resourcetype = elements(props, 'resourcetype')[0] ?? '';
    const kind = /<(?:[\w.-]+:)?collection\b/.test(resourcetype) ? 'folder' : 'file';
    const quota = toNumber(first(props, 'quota-available-bytes'));
    const sha1 = /\bSHA1:([0-9a-f]{40})\b/i.exec(elements(props, 'checksums')[0] ?? '')?.[1]?.toLowerCase();
    items.push({
      path,
      item: {
        name: (path.split('/').pop() ?? '').normalize('NFC'),
        kind,
        fileId: first(props, 'fileid') || first(props, 'id') || undefined,
        etag: first(props, 'getetag') || undefined,
        size: toNumber(first(props, 'size')) ?? toNumber(first(props, 'getcontentlength')),
        permissions: first(props, 'permissions'),
        // oCIS uses negative values for "unknown" and "unlimited".
        quotaAvailable: quota !== undefined && quota >= 0 ? quota : undefined,
        ...(sha1 ? { sha1 } : {}),
        ...(processing ? { processing: true as const } : {}),
      },
    });
  }
  const selfIndex = Math.max(
    0,
    items.findIndex((i) => i.path === target),
  );
  const self = items[selfIndex];
  if (!self) throw new TypeError('the listing has no entries');
  const children = new Map<string, ListedItem>();
  items.forEach((entry, index) => {
    if (index !== selfIndex) children.set(entry.item.name, entry.item);
  });
  return tooEarly ? { self: self.item, children, tooEarly } : { self: self.item, children };
}

/** The status code of a propstat (`HTTP/1.1 425 TOO EARLY` → 425). */
const statusOf = (propstat: string): number | undefined => {
  const code = /\s(\d{3})(?:\s|$)/.exec(` ${first(propstat, 'status') ?? ''} `)?.[1];
  return code === undefined ? undefined : Number(code);
};

/** oCIS: `C` create file, `K` create folder (the share marker `S`/`M` and a viewer's letters lack both). */
export const canCreateIn = (folder: ListedItem): boolean =>
  folder.permissions === undefined || /[CK]/.test(folder.permissions);
/** `W`: may write (replace) the file. */
export const canReplace = (file: ListedItem): boolean =>
  file.permissions === undefined || file.permissions.includes('W');

export interface ListFolderOptions {
  headers: () => Promise<Record<string, string>>;
  onUnauthorized?: (failedAuthorization: string | undefined) => Promise<void>;
  /**
   * Across origins, after a request got no answer even after its refresh: whether the token was refused (an
   * `UploadError` of kind `unauthorized` to report instead of a network failure). The uploader's request client
   * passes its own (`explainSilence`).
   */
  explainSilence?: (failedAuthorization: string | undefined) => Promise<UploadError | undefined>;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** How long a listing waits out the server's processing state (`425 TOO EARLY` propstats), in all, by default. */
const TOO_EARLY_BUDGET_MS = 15_000;

export interface ListFolderRequest extends ListFolderOptions {
  depth?: '0' | '1';
  /** Ask again while properties come under `425 TOO EARLY` (see `listFolder`). */
  untilProcessed?: boolean;
  /** How long `untilProcessed` waits in all (default 15 s). */
  processingWaitMs?: number;
  /** Also ask for `oc:checksums` (read into `sha1`). */
  checksums?: boolean;
}

/**
 * PROPFIND Depth 1 of a folder URL; `undefined` when the folder does not exist (404). Right after a file's last
 * byte oCIS answers its properties under a `425 TOO EARLY` propstat while it processes the file: with
 * `untilProcessed` it is asked again (backing off) until they come under `200`, for up to 15 s.
 */
export async function listFolder(url: string, options: ListFolderRequest): Promise<FolderListing | undefined> {
  if (!options.untilProcessed) return propfind(url, options);
  const deadline = Date.now() + (options.processingWaitMs ?? TOO_EARLY_BUDGET_MS);
  for (let attempt = 0; ; attempt++) {
    const listing = await propfind(url, options);
    if (!listing?.tooEarly || Date.now() >= deadline) return listing;
    const pause = Math.min(1000, 100 * 2 ** attempt, Math.max(0, deadline - Date.now()));
    await new Promise((resolve) => setTimeout(resolve, pause));
    if (options.signal?.aborted) return listing;
  }
}

async function propfind(url: string, options: ListFolderRequest): Promise<FolderListing | undefined> {
  let sent: AuthorizedAnswer;
  try {
    sent = await sendAuthorized(
      url,
      {
        method: 'PROPFIND',
        headers: { Depth: options.depth ?? '1', 'Content-Type': 'application/xml; charset=utf-8' },
        body: options.checksums ? PROPFIND_BODY_WITH_CHECKSUMS : PROPFIND_BODY,
      },
      options,
    );
  } catch (cause) {
    throw unreachable('PROPFIND', url, cause);
  }
  const { response } = sent;
  if (response.status === 404) {
    await discardBody(response);
    return undefined;
  }
  if (response.status !== 207) {
    await discardBody(response);
    throw unexpectedAnswer('listing the folder', 'PROPFIND', url, sent);
  }
  const listing = parseFolderListing(await response.text(), new URL(url, 'http://x').pathname);
  const requestId = requestIdOf(sent);
  return requestId ? { ...listing, requestId } : listing;
}
