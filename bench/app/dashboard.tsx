/** The baseline page: Uppy's Dashboard through @uppy/react (inline, no upload plugin, nothing auto-proceeds). */
import Uppy from '@uppy/core';
import Dashboard from '@uppy/react/dashboard';
import { createRoot } from 'react-dom/client';
import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';
import type { DashboardApi } from './api.ts';
import { firstFrameWhen, longTaskRecorder, onFileInputChange } from './common.ts';

let state: ReturnType<DashboardApi['state']> = {};
let uppy: Uppy | undefined;
let expected = Number.POSITIVE_INFINITY;

/** The Dashboard's own title says how many files it lists ("10000 files selected"). */
const listed = () => {
  const title = document.querySelector('.uppy-DashboardContent-title')?.textContent ?? '';
  return (
    uppy !== undefined &&
    uppy.getFiles().length >= expected &&
    title.includes(String(expected)) &&
    document.querySelector('.uppy-Dashboard-Item') !== null
  );
};

onFileInputChange((at) => {
  state.changeAt ??= at;
  firstFrameWhen(listed).then((listedAt) => {
    state.listedAt = listedAt;
    state.files = uppy?.getFiles().length ?? 0;
  });
});

window.dashboardBench = {
  async mount({ expect }) {
    state = {};
    expected = expect;
    uppy = new Uppy({ autoProceed: false, restrictions: { maxNumberOfFiles: null } });
    const host = document.getElementById('root') as HTMLElement;
    createRoot(host).render(<Dashboard uppy={uppy} height={550} width="100%" proudlyDisplayPoweredByUppy={false} />);
    await firstFrameWhen(() => host.querySelector('.uppy-Dashboard-input') !== null);
  },
  state: () => ({ ...state }),
  longTasks: longTaskRecorder(),
};
document.body.dataset.ready = 'true';
