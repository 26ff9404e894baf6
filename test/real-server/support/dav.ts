/**
 * WebDAV reads from Node for the checks after an upload: PROPFIND (file id, SHA-1 the server computed, last
 * modified, size) and downloads, waiting out the few moments a fresh file is "processing" (425, or its props
 * under a `425 TOO EARLY` propstat). `expectStored` is the check every upload test makes.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { davPath, type Graph } from './graph.ts';

export interface DavEntry {
  /** Decoded href. */
  href: string;
  /** Last segment of the href, decoded. */
  name: string;
  fileId: string | undefined;
  sha1: string | undefined;
  /** Seconds since the epoch. */
  lastModified: number | undefined;
  size: number | undefined;
  folder: boolean;
  /** The status of the propstat the props came under (200, or 425 while processing). */
  status: number;
}

const PROPFIND_BODY = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop>
<oc:fileid/><oc:checksums/><d:getlastmodified/><oc:size/><d:getcontentlength/><d:resourcetype/>
</d:prop></d:propfind>`;

const tag = (xml: string, name: string) => new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export function parseMultistatus(xml: string): DavEntry[] {
  return [...xml.matchAll(/<d:response>([\s\S]*?)<\/d:response>/g)].map(([, response = '']) => {
    const href = decodeURIComponent(unescapeXml(tag(response, 'd:href') ?? ''));
    // The props that were found: the propstat that carries oc:fileid (200, or 425 while processing).
    const propstats = [...response.matchAll(/<d:propstat>([\s\S]*?)<\/d:propstat>/g)].map((m) => m[1] ?? '');
    const found = propstats.find((p) => p.includes('<oc:fileid>')) ?? propstats[0] ?? '';
    const status = Number(/HTTP\/1\.1 (\d{3})/.exec(tag(found, 'd:status') ?? '')?.[1] ?? 0);
    const modified = tag(found, 'd:getlastmodified');
    const size = tag(found, 'oc:size') ?? tag(found, 'd:getcontentlength');
    return {
      href,
      name: href.replace(/\/$/, '').split('/').pop() ?? '',
      fileId: tag(found, 'oc:fileid'),
      sha1: /SHA1:([0-9a-f]{40})/i.exec(tag(found, 'oc:checksums') ?? '')?.[1]?.toLowerCase(),
      lastModified: modified ? Date.parse(modified) / 1000 : undefined,
      size: size === undefined ? undefined : Number(size),
      folder: /<d:collection\s*\/>/.test(found),
      status,
    };
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function propfind(graph: Graph, spaceId: string, path: string, depth: 0 | 1 = 0): Promise<DavEntry[]> {
  const res = await graph.call('PROPFIND', davPath(spaceId, path), PROPFIND_BODY, {
    Depth: String(depth),
    'Content-Type': 'application/xml',
  });
  if (res.status !== 207) throw new Error(`PROPFIND ${path} answered ${res.status}`);
  return parseMultistatus(res.text);
}

/** The file's props once it is no longer processing (its propstat 200 and a SHA-1 computed). */
export async function settledEntry(graph: Graph, spaceId: string, path: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [entry] = await propfind(graph, spaceId, path);
    if (entry && entry.status === 200 && (entry.sha1 || entry.size === 0)) return entry;
    if (Date.now() > deadline)
      throw new Error(`${path} still processing after ${timeoutMs} ms: ${JSON.stringify(entry)}`);
    await sleep(250);
  }
}

/** The file's bytes (a 425 while processing is waited out). */
export async function download(graph: Graph, spaceId: string, path: string, timeoutMs = 30_000): Promise<Buffer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await graph.call('GET', davPath(spaceId, path));
    if (res.status === 200) return res.body;
    if (res.status !== 425 || Date.now() > deadline) throw new Error(`GET ${path} answered ${res.status}`);
    await sleep(250);
  }
}

export const sha1 = (bytes: Buffer | string) => createHash('sha1').update(bytes).digest('hex');

export interface StoredExpectation {
  spaceId: string;
  /** Where it should be, in the space. */
  path: string;
  bytes: Buffer;
  /** The `fileId` the library reported. */
  fileId: string | undefined;
  /** The file's `lastModified` in the browser (ms). */
  lastModifiedMs: number;
  /**
   * `false`: the server is expected to have stamped the time of upload instead (a 0-byte file across origins,
   * where `X-OC-Mtime` is refused: README "Cross-origin"). Default `true`.
   */
  mtimeKept?: boolean;
}

/**
 * The file is where it should be, byte for byte (the server's SHA-1 and a download), under the id the library
 * reported, with the browser's modification time, and the only entry of its name in its folder (no `name (1)`).
 */
export async function expectStored(graph: Graph, expected: StoredExpectation) {
  const entry = await settledEntry(graph, expected.spaceId, expected.path);
  const localSha1 = sha1(expected.bytes);
  expect(entry.size, `size of ${expected.path}`).toBe(expected.bytes.length);
  if (expected.bytes.length > 0) expect(entry.sha1, `server SHA-1 of ${expected.path}`).toBe(localSha1);
  expect(sha1(await download(graph, expected.spaceId, expected.path)), `downloaded ${expected.path}`).toBe(localSha1);
  expect(expected.fileId, `fileId reported for ${expected.path}`).toBe(entry.fileId);
  if (expected.mtimeKept === false) {
    expect(entry.lastModified, `upload-time mtime of ${expected.path}`).toBeGreaterThan(Date.now() / 1000 - 600);
  } else {
    expect(entry.lastModified, `mtime of ${expected.path}`).toBe(Math.floor(expected.lastModifiedMs / 1000));
  }
  const segments = expected.path.split('/').filter(Boolean);
  const name = segments.pop() ?? '';
  const siblings = await propfind(graph, expected.spaceId, segments.join('/'), 1);
  const stem = name.replace(/\.[^.]*$/, '');
  const twins = siblings.slice(1).filter((s) => s.name === name || s.name.startsWith(`${stem} (`));
  expect(
    twins.map((s) => s.name),
    `entries named like ${name}`,
  ).toEqual([name]);
}
