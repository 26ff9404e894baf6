import { describe, expect, it } from 'vitest';
import { buildUploadMetadata, filterMetadata, splitRelativePath, type UploadContext } from '../../src/core/metadata.ts';

const personal: UploadContext = {
  space: { id: 'sid$uuid', name: 'Admin', driveAlias: 'personal/admin', driveType: 'personal' },
  folder: { path: '/Docs', id: 'sid$uuid!docs' },
  route: { name: 'files-spaces-generic', driveAliasAndItem: 'personal/admin/Docs' },
};
const lastModified = Date.UTC(2026, 0, 15, 9, 30, 0, 789);

describe('buildUploadMetadata', () => {
  it('a plain file in a folder: every field the web UI sends, none unset', () => {
    expect(
      buildUploadMetadata(
        {
          name: 'report.pdf',
          type: 'application/pdf',
          lastModified,
          uppyId: 'uppy-1',
          uploadId: 'u-1',
          tusEndpoint: 'https://s/x',
        },
        personal,
      ),
    ).toEqual({
      name: 'report.pdf',
      filename: 'report.pdf',
      type: 'application/pdf',
      filetype: 'application/pdf',
      mtime: String(Math.floor(lastModified / 1000)),
      spaceId: 'sid$uuid',
      spaceName: 'Admin',
      driveAlias: 'personal/admin',
      driveType: 'personal',
      currentFolder: '/Docs',
      currentFolderId: 'sid$uuid!docs',
      uppyId: 'uppy-1',
      uploadId: 'u-1',
      tusEndpoint: 'https://s/x',
      routeName: 'files-spaces-generic',
      routeDriveAliasAndItem: 'personal/admin/Docs',
    });
  });

  it('mtime is whole seconds, never a float', () => {
    expect(buildUploadMetadata({ name: 'a', lastModified: 1999 }, personal).mtime).toBe('1');
  });

  it('a file inside a dropped folder: relativePath with a leading slash, relativeFolder, topLevelFolderId', () => {
    const meta = buildUploadMetadata({ name: 'c.txt', relativePath: 'A/b/c.txt', topLevelFolderId: 'top-1' }, personal);
    expect(meta).toMatchObject({ relativePath: '/A/b/c.txt', relativeFolder: '/A/b', topLevelFolderId: 'top-1' });
  });

  it('a file at the top of a dropped folder has relativeFolder = that folder', () => {
    expect(
      buildUploadMetadata({ name: 'c.txt', relativePath: '/A/c.txt', topLevelFolderId: 't' }, personal),
    ).toMatchObject({
      relativePath: '/A/c.txt',
      relativeFolder: '/A',
    });
  });

  it('a share upload carries routeShareId and the share as space', () => {
    const meta = buildUploadMetadata(
      { name: 'x.txt' },
      {
        space: { id: 'sid$owner!node', name: 'Team Docs', driveType: 'mountpoint' },
        route: { name: 'files-shares-with-me', shareId: 'share-1' },
      },
    );
    expect(meta).toMatchObject({
      spaceId: 'sid$owner!node',
      spaceName: 'Team Docs',
      driveType: 'mountpoint',
      routeShareId: 'share-1',
      currentFolder: '/',
    });
  });

  it('missing context leaves keys out instead of sending "undefined"', () => {
    const meta = buildUploadMetadata(
      { name: 'a.bin', topLevelFolderId: 'ignored-without-relativePath' },
      { space: { id: 's$u' } },
    );
    expect(meta).toEqual({
      name: 'a.bin',
      filename: 'a.bin',
      type: 'application/octet-stream',
      filetype: 'application/octet-stream',
      spaceId: 's$u',
      currentFolder: '/',
    });
    expect(Object.values(meta)).not.toContain('undefined');
    expect(Object.values(meta)).not.toContain('');
  });

  it('leaves out an mtime it cannot trust', () => {
    expect(buildUploadMetadata({ name: 'a', lastModified: Number.NaN }, personal).mtime).toBeUndefined();
    expect(buildUploadMetadata({ name: 'a', lastModified: -5 }, personal).mtime).toBeUndefined();
  });

  it('the checksum is "SHA1 <hex>"', () => {
    expect(
      buildUploadMetadata({ name: 'a', sha1: 'A9993E364706816ABA3E25717850C26C9CD0D89D' }, personal).checksum,
    ).toBe('SHA1 a9993e364706816aba3e25717850c26c9cd0d89d');
  });

  it('names and paths are NFC-normalised', () => {
    const decomposed = 'Cafe\u0301.txt';
    const meta = buildUploadMetadata({ name: decomposed, relativePath: `Re\u0301sume\u0301/${decomposed}` }, personal);
    expect(meta.name).toBe('Caf\u00e9.txt');
    expect(meta.filename).toBe('Caf\u00e9.txt');
    expect(meta.relativePath).toBe('/R\u00e9sum\u00e9/Caf\u00e9.txt');
  });

  it('currentFolder is normalised to a leading slash', () => {
    expect(buildUploadMetadata({ name: 'a' }, { ...personal, folder: { path: 'Docs/Sub/' } }).currentFolder).toBe(
      '/Docs/Sub',
    );
  });
});

describe('splitRelativePath', () => {
  it.each([
    [undefined, {}],
    ['', {}],
    ['c.txt', {}],
    ['/c.txt', {}],
    ['A/c.txt', { relativePath: '/A/c.txt', relativeFolder: '/A' }],
    ['//A//b///c.txt', { relativePath: '/A/b/c.txt', relativeFolder: '/A/b' }],
  ])('%j → %j', (input, expected) => {
    expect(splitRelativePath(input)).toEqual(expected);
  });
  it('refuses a path that climbs out', () => {
    expect(() => splitRelativePath('A/../../etc/passwd')).toThrow(/\.\./);
  });
});

describe('filterMetadata', () => {
  it('keeps only the allowed keys, and filename always', () => {
    expect(filterMetadata({ name: 'a', filename: 'a', mtime: '1', spaceId: 's' }, ['mtime'])).toEqual({
      filename: 'a',
      mtime: '1',
    });
    expect(filterMetadata({ name: 'a', filename: 'a' }, true)).toEqual({ name: 'a', filename: 'a' });
  });
});
