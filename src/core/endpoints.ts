/**
 * Every URL the uploader talks to is built here, so each path segment is encoded exactly once. Ids keep `$`
 * and `!` raw, as oCIS writes them; names are percent-encoded (spaces, `#`, `%`, `?`, `&`, `+`, unicode).
 */

/** Normalised server URLs by input: every file's endpoint is built from one, and URL parsing is not free. */
const normalizedUrls = new Map<string, string>();

/** The server's base URL without a trailing slash; relative URLs resolve against the page. */
export function normalizeServerUrl(serverUrl: string): string {
  // Keyed by the page too: a relative server URL resolves against it.
  const key = `${globalThis.location?.href ?? ''}\n${serverUrl}`;
  const known = normalizedUrls.get(key);
  if (known !== undefined) return known;
  const normalized = parseServerUrl(serverUrl);
  if (normalizedUrls.size >= 64) normalizedUrls.clear();
  normalizedUrls.set(key, normalized);
  return normalized;
}

function parseServerUrl(serverUrl: string): string {
  let url: URL;
  try {
    url = new URL(serverUrl, globalThis.location?.href);
  } catch {
    throw new TypeError(`serverUrl must be an http(s) URL, got "${serverUrl}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`serverUrl must be an http(s) URL, got "${serverUrl}"`);
  if (url.search || url.hash) throw new TypeError(`serverUrl must not have a query or fragment, got "${serverUrl}"`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** One name, percent-encoded (`/` too: a name is never a path). */
export const encodeSegment = (name: string): string => encodeURIComponent(name);

/** A space, share or item id: `{storageId}${spaceUuid}[!{nodeUuid}]`, `$`/`!` kept raw. */
export const encodeId = (id: string): string => encodeURIComponent(id).replace(/%24/g, '$').replace(/%21/g, '!');

/** `/A/b/`, `A//b`, `''` → the segments `['A', 'b']` (`.` dropped; `..` refused: a path never climbs out). */
export function pathSegments(path: string): string[] {
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new TypeError(`a path must not contain "..": "${path}"`);
  return segments;
}

/**
 * `folder` and `names` joined as given: no normalising and no `..` check. For a name the checks will refuse (shown
 * as given until then), and for plain names where `joinPath`'s normalising would be wasted.
 */
export const joinAsIs = (folder: string, ...names: string[]): string =>
  names.length === 0 ? folder : `${folder === '/' ? '' : folder}/${names.join('/')}`;

/** The paths on the way to a file or folder: `['A', 'b']` → `['/A', '/A/b']`. */
export const pathPrefixes = (segments: readonly string[]): string[] =>
  segments.map((_, i) => `/${segments.slice(0, i + 1).join('/')}`);

/** Joins paths into one with a leading `/` and no trailing one (`/` for the root). */
export const joinPath = (...parts: string[]): string => `/${parts.flatMap(pathSegments).join('/')}`;

export const spaceUrl = (serverUrl: string, spaceId: string): string =>
  `${normalizeServerUrl(serverUrl)}/remote.php/dav/spaces/${encodeId(spaceId)}`;

/** The WebDAV URL of a folder in a space (the tus creation endpoint for files going there). */
export function folderUrl(serverUrl: string, spaceId: string, folderPath: string): string {
  const segments = pathSegments(folderPath);
  return `${spaceUrl(serverUrl, spaceId)}${segments.map((s) => `/${encodeSegment(s)}`).join('')}`;
}

export const fileUrl = (serverUrl: string, spaceId: string, folderPath: string, fileName: string): string =>
  `${folderUrl(serverUrl, spaceId, folderPath)}/${encodeSegment(fileName)}`;

export const capabilitiesUrl = (serverUrl: string, apiVersion: 1 | 2 = 1): string =>
  `${normalizeServerUrl(serverUrl)}/ocs/v${apiVersion}.php/cloud/capabilities?format=json`;

export const driveUrl = (serverUrl: string, driveId: string): string =>
  `${normalizeServerUrl(serverUrl)}/graph/v1.0/drives/${encodeId(driveId)}`;

export const myDrivesUrl = (serverUrl: string): string => `${normalizeServerUrl(serverUrl)}/graph/v1.0/me/drives`;
