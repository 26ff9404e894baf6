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
  return `<?xml version="1.0" encoding="UTF-8"?>\n<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns"><s:exception>${escapeXml(exception)}</s:exception><s:message>${escapeXml(message)}</s:message></d:error>`;
}

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

function responseXml(node: TreeNode, mount: Mount, hrefBase: string, quota: Quota | undefined): string {
  const rel = pathOf(node, mount.root);
  const href = `${hrefBase}${encodePath(rel)}${node.kind === 'folder' && rel !== '/' ? '/' : ''}`;
  const id = fileIdOf(node);
  const props = [
    `<oc:id>${escapeXml(id)}</oc:id>`,
    `<oc:fileid>${escapeXml(id)}</oc:fileid>`,
    `<oc:spaceid>${escapeXml(`${node.space.storageId}$${node.space.uuid}`)}</oc:spaceid>`,
    `<oc:name>${escapeXml(node === mount.root ? (mount.share?.name ?? node.space.name) : node.name)}</oc:name>`,
    `<d:getetag>${escapeXml(node.etag)}</d:getetag>`,
    `<oc:permissions>${permissionsOf(node, mount)}</oc:permissions>`,
    `<oc:size>${treeSize(node)}</oc:size>`,
    `<d:getlastmodified>${httpDate(node.mtime * 1000)}</d:getlastmodified>`,
    node.kind === 'folder'
      ? `<d:resourcetype><d:collection/></d:resourcetype>${quota ? `<d:quota-used-bytes>${quota.used}</d:quota-used-bytes><d:quota-available-bytes>${quota.remaining}</d:quota-available-bytes>` : ''}`
      : `<d:resourcetype/><d:getcontentlength>${node.size}</d:getcontentlength><d:getcontenttype>${contentTypeOf(node.name)}</d:getcontenttype><oc:checksums><oc:checksum>SHA1:${node.sha1}</oc:checksum></oc:checksums>`,
  ];
  return `<d:response><d:href>${escapeXml(href)}</d:href><d:propstat><d:prop>${props.join('')}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
}

/** The space's quota (also for a share: its owner's space), as oCIS reports it on folders. */
interface Quota {
  used: number;
  remaining: number;
}

export function multistatusXml(nodes: readonly TreeNode[], mount: Mount, hrefBase: string, quota?: Quota): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns">${nodes.map((n) => responseXml(n, mount, hrefBase, quota)).join('')}</d:multistatus>`;
}
