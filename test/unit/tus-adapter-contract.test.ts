/**
 * What `src/core/uploader/tus-adapter.ts` relies on inside @uppy/tus, checked against the installed @uppy/tus
 * itself. If an Uppy update changes one of these, this fails and names the place to mend (resume records, quiet
 * terminations, restart detection), instead of uploads misbehaving quietly.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Uppy from '@uppy/core';
import Tus from '@uppy/tus';
import { describe, expect, it } from 'vitest';
import { TUS_PLUGIN_ID, terminationOf, tusFingerprint, tusUploadUrlOf } from '../../src/core/uploader/tus-adapter.ts';

const require = createRequire(import.meta.url);
const tusDir = require.resolve('@uppy/tus').replace(/lib[/\\]index\.js$/, '');

describe('@uppy/tus internals the adapter relies on', () => {
  it('fingerprints an upload as tus-{file id}-{endpoint} (resume records are keyed by it)', async () => {
    const { default: getFingerprint } = (await import(`${tusDir}lib/getFingerprint.js`)) as {
      default: (file: { id: string }) => (blob: unknown, options: { endpoint: string }) => Promise<string>;
    };
    const endpoint = 'https://ocis.test/remote.php/dav/spaces/s/Docs';
    const made = await getFingerprint({ id: 'uppy-a/b.txt-1e' })(new Blob(['x']), { endpoint });
    expect(made, 'update tusFingerprint() in tus-adapter.ts').toBe(tusFingerprint('uppy-a/b.txt-1e', endpoint));
  });

  it('keeps each file’s tus upload in plugin.uploaders[file id] and ends it there with abort(terminate)', () => {
    const source = readFileSync(`${tusDir}lib/index.js`, 'utf8');
    expect(source, 'terminationOf() in tus-adapter.ts patches uploaders[id].abort').toMatch(
      /const uploader = this\.uploaders\[fileID\];\s*uploader\?\.abort\(terminate\)/,
    );
    expect(source).toMatch(/this\.uploaders\[file\.id\] = upload;/);
    const uppy = new Uppy();
    uppy.use(Tus, { id: TUS_PLUGIN_ID, endpoint: 'https://ocis.test/tus' });
    const plugin = uppy.getPlugin(TUS_PLUGIN_ID) as unknown as { uploaders: Record<string, unknown> };
    expect(typeof plugin.uploaders).toBe('object');
    let ended: boolean | undefined;
    plugin.uploaders['f-1'] = {
      abort: (terminate?: boolean) => {
        ended = terminate;
        return Promise.reject(new Error('404: already gone'));
      },
    };
    terminationOf(uppy as never, 'f-1')?.quiet();
    const upload = plugin.uploaders['f-1'] as { abort(terminate?: boolean): Promise<void> };
    return expect(upload.abort(true).then(() => ended)).resolves.toBe(true);
  });

  it('stores the upload URL in the file’s state as tus.uploadUrl (a new one there is a restart)', () => {
    const uppy = new Uppy();
    uppy.use(Tus, { id: TUS_PLUGIN_ID, endpoint: 'https://ocis.test/tus' });
    const id = uppy.addFile({ name: 'a.txt', data: new Blob(['abc']) });
    const plugin = uppy.getPlugin(TUS_PLUGIN_ID) as unknown as {
      onReceiveUploadUrl(file: unknown, url: string): void;
    };
    expect(tusUploadUrlOf(uppy as never, id)).toBeUndefined();
    plugin.onReceiveUploadUrl(uppy.getFile(id), 'https://ocis.test/data/abc');
    expect(tusUploadUrlOf(uppy as never, id), 'update tusUploadUrlOf() in tus-internals.ts').toBe(
      'https://ocis.test/data/abc',
    );
  });

  it('takes per-file options from the file’s state (transport.ts sets each file’s endpoint and metadata keys there)', () => {
    const source = readFileSync(`${tusDir}lib/index.js`, 'utf8');
    // The upload's options are the plugin's, then the file's own `tus` over them.
    expect(source, 'transport.ts sets { tus: { endpoint, allowedMetaFields } } per file').toMatch(
      /if \(file\.tus\) \{[\s\S]{0,120}Object\.assign\(opts, file\.tus\)/,
    );
  });
});
