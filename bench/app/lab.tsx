/**
 * The main bench page: `<SpaceUploader>`, the core uploader, raw tus-js-client (its browser build), plain
 * fetch/XHR POSTs and `sha1OfBlob`, each driven from Node through `window.bench` (see api.ts).
 */
import { type ReactNode, useEffect } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { Upload } from 'tus-js-client';
import { sha1OfBlob } from '../../src/core/checksum.ts';
import { createSpaceUploader } from '../../src/core/uploader/index.ts';
import { useUploaderContext } from '../../src/react/context.ts';
import { SpaceUploader } from '../../src/react/SpaceUploader.tsx';
import '../../src/react/styles/index.css';
import type { LabApi, Phases, Timed } from './api.ts';
import { firstFrameWhen, longTaskRecorder, onFileInputChange, pickedFiles } from './common.ts';

let root: Root | undefined;
let pageState: ReturnType<LabApi['state']> = {};
let committed = 0;
let expected = Number.POSITIVE_INFINITY;

onFileInputChange((at) => {
  pageState.changeAt ??= at;
  firstFrameWhen(() => committed >= expected && document.querySelector('.su-file') !== null).then((listedAt) => {
    pageState.listedAt = listedAt;
    pageState.rows = document.querySelectorAll('.su-file').length;
  });
});

/** Counts the items React committed (what the list renders from). */
function Probe(): ReactNode {
  const { snapshot } = useUploaderContext();
  const count = snapshot.items.length;
  const measured = count >= expected && snapshot.items.every((item) => item.measured);
  useEffect(() => {
    committed = count;
  }, [count]);
  useEffect(() => {
    if (measured) pageState.measuredAt ??= performance.now();
  }, [measured]);
  return null;
}

const bench: LabApi = {
  async mountSpaceUploader({ serverUrl, token, spaceId, transfer, autoStart, expect }) {
    bench.unmount();
    pageState = {};
    committed = 0;
    expected = expect;
    const host = document.getElementById('root') as HTMLElement;
    root = createRoot(host);
    root.render(
      <SpaceUploader
        serverUrl={serverUrl}
        accessToken={token}
        space={{ id: spaceId }}
        autoStart={autoStart}
        warnBeforeUnload={false}
        {...(transfer ? { transfer } : {})}
        onUploadComplete={({ failed }) => {
          pageState.completeAt = performance.now();
          pageState.failed = failed.length;
        }}
      >
        <Probe />
      </SpaceUploader>,
    );
    await firstFrameWhen(() => host.querySelector('.su-dropzone__input') !== null);
  },
  unmount() {
    root?.unmount();
    root = undefined;
  },
  state: () => ({ ...pageState }),
  async runCore({ serverUrl, token, spaceId, transfer, phases }) {
    const files = pickedFiles();
    const uploader = createSpaceUploader({ serverUrl, accessToken: token, ...(transfer ? { transfer } : {}) });
    const seen: Phases = {};
    try {
      const t0 = performance.now();
      if (phases)
        uploader.subscribe(() => {
          const { items } = uploader.getSnapshot();
          if (items.some((i) => i.status === 'uploading')) seen.sendingAt ??= performance.now() - t0;
          if (items.length > 0 && items.every((i) => i.status === 'finalizing' || i.status === 'done'))
            seen.sentAt ??= performance.now() - t0;
        });
      uploader.addFiles(files, { space: { id: spaceId } });
      const { successful, failed } = await uploader.upload();
      const ms = performance.now() - t0;
      return {
        ms,
        ...(phases ? { phases: seen } : {}),
        failed: failed.length + (files.length - successful.length - failed.length),
        ...(failed[0] ? { error: failed[0].error.message } : {}),
      };
    } finally {
      uploader.destroy();
    }
  },
  async runTus({ endpoint, token, chunkSize }) {
    const files = pickedFiles();
    let failed = 0;
    let error: string | undefined;
    const t0 = performance.now();
    for (const file of files) {
      await new Promise<void>((resolve) => {
        const upload = new Upload(file, {
          endpoint,
          chunkSize,
          headers: { Authorization: `Bearer ${token}` },
          metadata: { filename: file.name, filetype: file.type || 'application/octet-stream' },
          storeFingerprintForResuming: false,
          onSuccess: () => resolve(),
          onError: (e) => {
            failed++;
            error ??= String(e);
            resolve();
          },
        });
        upload.start();
      });
    }
    return { ms: performance.now() - t0, failed, ...(error ? { error } : {}) };
  },
  async runFetchPost() {
    const files = pickedFiles();
    let failed = 0;
    const t0 = performance.now();
    for (const file of files) {
      const response = await fetch('/__sink', { method: 'POST', body: file });
      if (response.status !== 204) failed++;
    }
    return { ms: performance.now() - t0, failed };
  },
  async runXhrPost() {
    const files = pickedFiles();
    let failed = 0;
    const t0 = performance.now();
    for (const file of files) {
      await new Promise<void>((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', '/__sink');
        xhr.onload = () => {
          if (xhr.status !== 204) failed++;
          resolve();
        };
        xhr.onerror = () => {
          failed++;
          resolve();
        };
        xhr.send(file);
      });
    }
    return { ms: performance.now() - t0, failed };
  },
  async runSha1() {
    const file = pickedFiles()[0];
    if (!file) throw new Error('no file picked');
    let thread = 'unknown';
    const t0 = performance.now();
    const hex = await sha1OfBlob(file, {
      onThread: (t) => {
        thread = t;
      },
    });
    return { ms: performance.now() - t0, failed: 0, hex, thread } satisfies Timed & { hex: string; thread: string };
  },
  longTasks: longTaskRecorder(),
};

window.bench = bench;
document.body.dataset.ready = 'true';
