import { describe, expect, it } from 'vitest';
import { canCreateIn, canReplace, parseFolderListing } from '../../src/core/listing.ts';

// The shape oCIS answers (ocdav): prefixes d:/oc:, a 404 propstat for unknown properties, encoded hrefs.
const OCIS_XML = `<?xml version="1.0" encoding="UTF-8"?>
<d:multistatus xmlns:s="http://sabredav.org/ns" xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">
<d:response><d:href>/remote.php/dav/spaces/s%24u/Docs/</d:href>
 <d:propstat><d:prop><oc:fileid>s$u!docs</oc:fileid><d:getetag>"e1"</d:getetag><oc:size>30</oc:size>
  <d:resourcetype><d:collection/></d:resourcetype><oc:permissions>SRDNVCK</oc:permissions>
  <d:quota-available-bytes>1000</d:quota-available-bytes></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
 <d:propstat><d:prop><d:getcontentlength/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>
</d:response>
<d:response><d:href>/remote.php/dav/spaces/s%24u/Docs/a%20%26%20b.txt</d:href>
 <d:propstat><d:prop><oc:fileid>s$u!f1</oc:fileid><d:getetag>&quot;e2&quot;</d:getetag><oc:size>10</oc:size>
  <d:resourcetype/><oc:permissions>RDNVW</oc:permissions></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
</d:response>
<d:response><d:href>/remote.php/dav/spaces/s%24u/Docs/Sub/</d:href>
 <d:propstat><d:prop><oc:fileid>s$u!sub</oc:fileid><d:resourcetype><d:collection/></d:resourcetype>
  <oc:size>20</oc:size><d:quota-available-bytes>-3</d:quota-available-bytes></d:prop>
  <d:status>HTTP/1.1 200 OK</d:status></d:propstat>
</d:response>
<d:response><d:href>/remote.php/dav/spaces/s%24u/Docs/Cafe%CC%81.md</d:href>
 <d:propstat><d:prop><oc:permissions>R</oc:permissions></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
</d:response>
</d:multistatus>`;

describe('parseFolderListing', () => {
  const listing = parseFolderListing(OCIS_XML, '/remote.php/dav/spaces/s$u/Docs');

  it('tells the folder itself from its children', () => {
    expect(listing.self).toMatchObject({
      name: 'Docs',
      kind: 'folder',
      fileId: 's$u!docs',
      etag: '"e1"',
      size: 30,
      permissions: 'SRDNVCK',
      quotaAvailable: 1000,
    });
    expect([...listing.children.keys()]).toEqual(['a & b.txt', 'Sub', 'Café.md']);
  });

  it('reads files and folders, decoding names (NFC) and entities', () => {
    expect(listing.children.get('a & b.txt')).toMatchObject({ kind: 'file', etag: '"e2"', size: 10, fileId: 's$u!f1' });
    expect(listing.children.get('Sub')).toMatchObject({ kind: 'folder', size: 20, quotaAvailable: undefined });
  });

  it('permissions: C/K create, W replace; none given means allowed', () => {
    expect(canCreateIn(listing.self)).toBe(true);
    expect(canCreateIn({ ...listing.self, permissions: 'SM' })).toBe(false);
    expect(canCreateIn({ ...listing.self, permissions: undefined })).toBe(true);
    // What oCIS sends: viewers (shared, mounted, shareable, no C/K) cannot upload; editors and owners can.
    for (const viewer of ['SRM', 'SMX', 'RX', ''])
      expect(canCreateIn({ ...listing.self, permissions: viewer }), viewer).toBe(false);
    for (const editor of ['RDNVCK', 'SRDNVCK', 'RDNVCKZP', 'SK'])
      expect(canCreateIn({ ...listing.self, permissions: editor }), editor).toBe(true);
    expect(canReplace(listing.children.get('a & b.txt') as never)).toBe(true);
    expect(canReplace(listing.children.get('Café.md') as never)).toBe(false);
  });

  it('works with other namespace prefixes', () => {
    const other = OCIS_XML.replace(/<(\/?)d:/g, '<$1D:').replace(/xmlns:d=/g, 'xmlns:D=');
    const parsed = parseFolderListing(other, '/remote.php/dav/spaces/s%24u/Docs/');
    expect(parsed.self.fileId).toBe('s$u!docs');
    expect(parsed.children.size).toBe(3);
  });
});
