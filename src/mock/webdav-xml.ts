/** The XML bodies oCIS's WebDAV service answers with (PROPFIND multistatus and Sabre-style errors). */
import { fileIdOf, type Mount, pathOf, permissionsOf, type TreeNode, treeSize } from './tree.js';
import { encodePath, httpDate } from './util.js';

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

const EXCEPTIONS: Record<number, string> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  412: 'PreconditionFailed',
  415: 'UnsupportedMediaType',
  423: 'Locked',
  425: 'TooEarly',
  507: 'InsufficientStorage',
};

export function davErrorXml(status: number, message: string): string {
  const exception = `Sabre\\DAV\\Exception\\${EXCEPTIONS[status] ?? 'ServiceUnavailable'}`;
  // Exactly as ocdav writes it (its `xmlns:d="DAV"` lacks the colon).
  return `<?xml version="1.0" encoding="UTF-8"?>\n<d:error xmlns:d="DAV" xmlns:s="http://sabredav.org/ns"><s:exception>${escapeXml(exception)}</s:exception><s:message>${escapeXml(message)}</s:message><s:errorcode></s:errorcode></d:error>`;
}

/** The proxy's 401 body for a PROPFIND (capitalised elements, as the proxy writes them). */
export const unauthorizedXml =
  '<?xml version="1.0" encoding="UTF-8"?>\n<d:error xmlns:d="DAV" xmlns:s="http://sabredav.org/ns"><s:Exception>Sabre\\DAV\\Exception\\PermissionDenied</s:Exception><s:Message>Authentication error</s:Message></d:error>';

export const contentTypeOf = (name: string): string => {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  const types: Record<string, string> = {
    txt: 'text/plain',
    md: 'text/markdown',
    html: 'text/html',
    json: 'application/json',
    pdf: 'application/pdf',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    svg: 'image/svg+xml',
    zip: 'application/zip',
    mp4: 'video/mp4',
    csv: 'text/csv',
  };
  return types[ext] ?? 'application/octet-stream';
};

const NAMESPACES: Record<string, string> = { 'DAV:': 'd', 'http://owncloud.org/ns': 'oc' };

/** A property asked for: its prefixed name when the mock knows the namespace, else the element to echo back. */
export interface PropName {
  /** `d:getetag`, `oc:size`, or `x:name` for an unknown namespace. */
  name: string;
  /** Namespace declaration for an unknown namespace. */
  xmlns?: string;
}

/**
 * The properties a PROPFIND body asks for, or `'all'` (no body, `allprop`, or a body the mock cannot read).
 * Prefixes are resolved through the body's own `xmlns` declarations.
 */
export function requestedProps(body: string): PropName[] | 'all' {
  const prop = /<(?:[\w.-]+:)?prop(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?prop>/.exec(body);
  if (!prop) return 'all';
  const spaces = new Map<string, string>();
  for (const m of body.matchAll(/xmlns(?::([\w.-]+))?="([^"]*)"/g)) spaces.set(m[1] ?? '', m[2] ?? '');
  const props: PropName[] = [];
  for (const m of (prop[1] ?? '').matchAll(/<([\w.-]+:)?([\w.-]+)[^>]*?\/?>/g)) {
    if (m[0].startsWith('</')) continue;
    const uri = spaces.get((m[1] ?? '').replace(/:$/, '')) ?? '';
    const known = NAMESPACES[uri];
    props.push(known ? { name: `${known}:${m[2]}` } : { name: `x:${m[2]}`, xmlns: uri });
  }
  return props.length ? props : 'all';
}

/** What `allprop` answers for a folder and a file (oCIS: folders tell `oc:size`, files do not). */
const ALL_FOLDER = [
  'oc:id',
  'oc:fileid',
  'oc:spaceid',
  'oc:file-parent',
  'oc:name',
  'd:displayname',
  'd:getetag',
  'oc:permissions',
  'd:resourcetype',
  'oc:size',
  'd:getlastmodified',
  'oc:tags',
  'oc:favorite',
];
const ALL_FILE = [
  'oc:id',
  'oc:fileid',
  'oc:spaceid',
  'oc:file-parent',
  'oc:name',
  'd:displayname',
  'd:getetag',
  'oc:permissions',
  'd:resourcetype',
  'd:getcontentlength',
  'd:getcontenttype',
  'd:getlastmodified',
  'oc:checksums',
  'oc:tags',
  'oc:favorite',
];
/** `allprop` always lists these as not found. */
const ALL_MISSING = ['oc:audio', 'oc:location', 'oc:image', 'oc:photo'];

/** A property's XML content for a node, or `undefined` when the node does not have it (404 propstat). */
function propValue(name: string, node: TreeNode, mount: Mount, quota: Quota | undefined): string | undefined {
  const folder = node.kind === 'folder';
  const id = fileIdOf(node);
  switch (name) {
    case 'oc:id':
    case 'oc:fileid':
      return escapeXml(id);
    case 'oc:spaceid':
      return escapeXml(`${node.space.storageId}$${node.space.uuid}`);
    case 'oc:file-parent':
      return node.parent ? escapeXml(fileIdOf(node.parent)) : undefined;
    case 'oc:name':
    case 'd:displayname':
      return escapeXml(node === mount.root ? (mount.share?.name ?? node.space.name) : node.name);
    case 'd:getetag':
      return escapeXml(node.etag);
    case 'oc:permissions':
      return permissionsOf(node, mount);
    case 'd:resourcetype':
      return folder ? '<d:collection/>' : '';
    case 'oc:size':
      return String(treeSize(node));
    case 'd:getlastmodified':
      return httpDate(node.mtime * 1000);
    case 'oc:tags':
      return '';
    case 'oc:favorite':
      return '0';
    case 'd:getcontentlength':
      return folder ? undefined : String(node.size);
    case 'd:getcontenttype':
      return folder ? undefined : contentTypeOf(node.name);
    case 'oc:checksums':
      // oCIS has no checksum for an empty file.
      return folder || node.size === 0 ? undefined : `<oc:checksum>SHA1:${node.sha1}</oc:checksum>`;
    case 'd:quota-used-bytes':
      return folder && quota ? String(quota.used) : undefined;
    case 'd:quota-available-bytes':
      return folder && quota ? String(quota.remaining) : undefined;
    default:
      return undefined;
  }
}

const element = (prop: PropName, content: string) =>
  `<${prop.name}${prop.xmlns === undefined ? '' : ` xmlns:x="${escapeXml(prop.xmlns)}"`}>${content}</${prop.name}>`;

function responseXml(
  node: TreeNode,
  mount: Mount,
  hrefBase: string,
  quota: Quota | undefined,
  asked: PropName[] | 'all',
  now: number,
): string {
  const rel = pathOf(node, mount.root);
  const href = `${hrefBase}${encodePath(rel)}${node.kind === 'folder' && rel !== '/' ? '/' : ''}`;
  const props: PropName[] =
    asked === 'all' ? (node.kind === 'folder' ? ALL_FOLDER : ALL_FILE).map((name) => ({ name })) : asked;
  const found: string[] = [];
  const missing: PropName[] = asked === 'all' ? ALL_MISSING.map((name) => ({ name })) : [];
  for (const prop of props) {
    const value = prop.xmlns === undefined ? propValue(prop.name, node, mount, quota) : undefined;
    if (value === undefined) {
      if (asked !== 'all') missing.push(prop);
    } else found.push(element(prop, value));
  }
  const propstat = (content: string, status: string) =>
    `<d:propstat><d:prop>${content}</d:prop><d:status>HTTP/1.1 ${status}</d:status></d:propstat>`;
  // A file still processing after its last byte: oCIS sends what it found under `425 TOO EARLY`.
  return `<d:response><d:href>${escapeXml(href)}</d:href>${found.length ? propstat(found.join(''), node.processingUntil > now ? '425 TOO EARLY' : '200 OK') : ''}${missing.length ? propstat(missing.map((p) => element(p, '')).join(''), '404 Not Found') : ''}</d:response>`;
}

/** The space's quota (also for a share: its owner's space), as oCIS reports it on folders. */
interface Quota {
  used: number;
  remaining: number;
}

export function multistatusXml(
  nodes: readonly TreeNode[],
  mount: Mount,
  hrefBase: string,
  quota: Quota | undefined,
  asked: PropName[] | 'all',
  now = 0,
): string {
  return `<d:multistatus xmlns:s="http://sabredav.org/ns" xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">${nodes.map((n) => responseXml(n, mount, hrefBase, quota, asked, now)).join('')}</d:multistatus>`;
}
