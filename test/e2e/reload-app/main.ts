/**
 * The page of the reload end-to-end test: one uploader with resume records in localStorage (user `einstein`),
 * a file input that uploads to the personal space root, and what the test reads back:
 * - `#interrupted`: `uploader.interrupted()` as JSON, written once on load;
 * - `#status[data-status]`: the file's status (`idle` before a file is chosen), `data-bytes` its bytes uploaded,
 *   `data-error` an error message; `window.__progress` the bytes too;
 * - `body[data-ready]`: the page is wired up.
 * `?serverUrl=` names the mock instance.
 */
import { createSpaceUploader } from '../../../src/core/index.ts';
import { mockFixtures } from '../../../src/mock/fixtures.ts';

declare global {
  interface Window {
    __progress: number;
  }
}

const element = <T extends HTMLElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing`);
  return found as T;
};

const serverUrl = new URLSearchParams(location.search).get('serverUrl');
if (!serverUrl) throw new Error('?serverUrl= is missing');

const uploader = createSpaceUploader({
  serverUrl,
  accessToken: mockFixtures.token,
  resume: { userId: 'einstein' },
  transfer: { chunkSize: 256 * 1024 },
});

element('interrupted').textContent = JSON.stringify(uploader.interrupted());

const status = element<HTMLOutputElement>('status');
window.__progress = 0;
uploader.subscribe(() => {
  const item = uploader.getSnapshot().items[0];
  if (!item) return;
  window.__progress = item.bytesUploaded;
  status.dataset.status = item.status;
  status.dataset.bytes = String(item.bytesUploaded);
  status.dataset.restarts = String(item.restarts);
  if (item.error) status.dataset.error = item.error.message;
  status.textContent = `${item.name}: ${item.status} ${item.bytesUploaded}/${item.size}`;
});

const input = element<HTMLInputElement>('file');
input.addEventListener('change', () => {
  const file = input.files?.[0];
  if (!file) return;
  uploader.addFiles([file], { space: { id: mockFixtures.personal.id } });
  uploader.start();
});

document.body.dataset.ready = 'true';
