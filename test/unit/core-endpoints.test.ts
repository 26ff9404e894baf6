import { describe, expect, it } from 'vitest';
import {
  capabilitiesUrl,
  driveUrl,
  fileUrl,
  folderUrl,
  joinPath,
  normalizeServerUrl,
  spaceUrl,
} from '../../src/core/endpoints.ts';

const id = '8d72036d-14a5-490f-889e-414064156402$196ac304-7b88-44ce-a4db-c4becef0d2e0';

describe('URLs', () => {
  it('keeps $ and ! of ids raw', () => {
    expect(spaceUrl('https://ocis.test', id)).toBe(`https://ocis.test/remote.php/dav/spaces/${id}`);
    expect(spaceUrl('https://ocis.test', `${id}!node`)).toBe(`https://ocis.test/remote.php/dav/spaces/${id}!node`);
  });

  it.each([
    ['/', ''],
    ['', ''],
    ['/Docs', '/Docs'],
    ['Docs/Sub/', '/Docs/Sub'],
    ['/My Files/a b', '/My%20Files/a%20b'],
    ['/50% off', '/50%25%20off'],
    ['/C# & C++', '/C%23%20%26%20C%2B%2B'],
    ['/what?', '/what%3F'],
    ['/日本語/Ünïcödé', '/%E6%97%A5%E6%9C%AC%E8%AA%9E/%C3%9Cn%C3%AFc%C3%B6d%C3%A9'],
  ])('folder %j → …%s', (path, suffix) => {
    expect(folderUrl('https://ocis.test', id, path)).toBe(`https://ocis.test/remote.php/dav/spaces/${id}${suffix}`);
  });

  it('encodes each name exactly once (an already-escaped-looking name stays literal)', () => {
    expect(fileUrl('https://ocis.test', id, '/a%20b', '%41.txt')).toBe(
      `https://ocis.test/remote.php/dav/spaces/${id}/a%2520b/%2541.txt`,
    );
  });

  it('a file name with a slash is one segment, not a path', () => {
    expect(fileUrl('https://o.test', 's$u', '/', 'a/b.txt')).toBe('https://o.test/remote.php/dav/spaces/s$u/a%2Fb.txt');
  });

  it('refuses a folder path that climbs out', () => {
    expect(() => folderUrl('https://o.test', 's$u', '/a/../../b')).toThrow(/\.\./);
  });

  it('keeps a server path prefix and drops trailing slashes', () => {
    expect(normalizeServerUrl('https://o.test/ocis///')).toBe('https://o.test/ocis');
    expect(capabilitiesUrl('https://o.test/ocis/', 2)).toBe(
      'https://o.test/ocis/ocs/v2.php/cloud/capabilities?format=json',
    );
    expect(driveUrl('https://o.test', id)).toBe(`https://o.test/graph/v1.0/drives/${id}`);
  });

  it.each(['ftp://o.test', 'not a url', 'https://o.test/?x=1', 'https://o.test/#h'])('refuses serverUrl %j', (url) => {
    expect(() => normalizeServerUrl(url)).toThrow(/serverUrl must/);
  });

  it('joinPath', () => {
    expect(joinPath('/', '')).toBe('/');
    expect(joinPath('/Docs/', '/A/b', 'c.txt')).toBe('/Docs/A/b/c.txt');
  });
});
