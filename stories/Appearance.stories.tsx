import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { mockFixtures } from '../src/mock/fixtures.ts';
import type { MockRuntimeConfig } from '../src/mock/types.ts';
import { messagesEn, SpaceUploader } from '../src/react/index.ts';
import { messagesDe } from '../src/react/messages-de.ts';
import '../src/react/styles/index.css';
import {
  expectMetadata,
  expectStoredSha1,
  fileInputOf,
  fileRow,
  findInspectorUpload,
  luminance,
  mockState,
  requestsOf,
  storyMockOf,
  storyThemeOf,
  waitForMockState,
  waitForRowStatus,
  waitForUpload,
} from './support/index.ts';

// Appearance: the uploader in German, in the dark theme, and every file state in one list for designers.

const { personal } = mockFixtures;
const documents = personal.items[0];
const space = { id: personal.id, name: personal.name, driveAlias: personal.driveAlias, driveType: personal.driveType };
const folder = { path: documents.path, id: `${personal.id}!${documents.nodeId}` };

const file = (text: string | Uint8Array<ArrayBuffer>, name: string, type: string) =>
  new File([text], name, { type, lastModified: mockFixtures.mtime * 1000 });

const meta = {
  title: 'SpaceUploader/Appearance',
  parameters: { layout: 'padded' },
} satisfies Meta;

export default meta;

type Story = StoryObj<typeof meta>;

// ---- German ---------------------------------------------------------------------------------------------------------

export const German: Story = {
  tags: ['screenshot'],
  parameters: {
    docs: {
      description: {
        story:
          'Every string from `messagesDe` (`messages={messagesDe}`), and `language="de"` asks the server for German ' +
          'too (`Accept-Language: de` on every upload request).',
      },
    },
  },
  render: (_args, { loaded, globals }) => {
    const mock = storyMockOf(loaded);
    return (
      <SpaceUploader
        serverUrl={mock.serverUrl}
        accessToken={mock.token}
        space={space}
        folder={folder}
        messages={messagesDe}
        language="de"
        theme={storyThemeOf(globals)}
      ></SpaceUploader>
    );
  },
  play: async ({ canvasElement, loaded }) => {
    const de = messagesDe;
    const canvas = within(canvasElement);
    // Before anything is picked: the drop zone in German, alone (no empty summary and list cards under it).
    await expect(canvas.getByText(de.dropTitle)).toBeVisible();
    await expect(canvas.getByText(de.dropHint)).toBeVisible();
    await expect(canvas.getByRole('button', { name: de.chooseFolder })).toBeVisible();
    await expect(canvas.queryByText(de.noUploads)).toBeNull();
    await expect(canvas.queryByText(de.noFiles)).toBeNull();

    const files = [
      file('Überblick über das Quartal\n', 'Übersicht.txt', 'text/plain'),
      file(new Uint8Array(3000).fill(80), 'Präsentation.pdf', 'application/pdf'),
    ];
    await userEvent.upload(fileInputOf(canvasElement), files);
    await expect(await canvas.findByText(de.filesAdded(2, 0))).toBeInTheDocument();

    for (const { name } of files) await waitForRowStatus(canvasElement, name, 'done', { messages: de });
    const summary = canvas.getByRole('region', { name: de.summaryLabel });
    await waitFor(() => expect(within(summary).getByText(de.batchStatus.done)).toBeVisible());
    await expect(within(summary).getByText(de.filesProgress(2, 2))).toBeVisible();
    await expect(within(summary).getByText(de.statusCount('done', 2))).toBeVisible();
    await expect(within(summary).getByRole('button', { name: de.clearFinished })).toBeVisible();
    await expect(within(summary).getByRole('progressbar', { name: de.totalProgress })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
    // Finished: still read out at 100 %, but not drawn (the row's check mark says it).
    await expect(canvas.getByRole('progressbar', { name: de.progressLabel('Übersicht.txt') })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
    await expect(canvas.getByRole('progressbar', { name: de.progressLabel('Übersicht.txt') })).not.toBeVisible();

    // The server got the files and was asked for German.
    for (const f of files) await expectStoredSha1(loaded, `/Documents/${f.name}`, f);
    const upload = await waitForUpload(loaded, '/Documents/Übersicht.txt', { status: 'complete' });
    await expectMetadata(upload, { filename: 'Übersicht.txt', currentFolder: '/Documents' });
    const uploadRequests = (await mockState(loaded)).requests.filter((r) => r.route.startsWith('tus-'));
    await expect(uploadRequests.length).toBeGreaterThanOrEqual(2);
    for (const request of uploadRequests) await expect(request.headers['accept-language']).toBe('de');
  },
};

// ---- dark theme -----------------------------------------------------------------------------------------------------

const darkConfig = {
  // The second upload's creation is refused: one file done, one failed.
  faults: { rules: [{ type: 'status', status: 403, route: 'tus-create', nth: 2 }] },
} satisfies MockRuntimeConfig;

export const DarkTheme: Story = {
  name: 'Dark theme',
  tags: ['screenshot'],
  parameters: {
    mockOcis: darkConfig,
    docs: {
      description: {
        story:
          '`theme="dark"`: the same parts on dark colours (CSS custom properties on `.space-uploader[data-theme="dark"]`), ' +
          'with one file uploaded and one refused by the server, whatever the page around it.',
      },
    },
  },
  render: (_args, { loaded }) => {
    const mock = storyMockOf(loaded);
    return (
      <SpaceUploader
        serverUrl={mock.serverUrl}
        accessToken={mock.token}
        space={space}
        folder={folder}
        theme="dark"
        style={{ padding: 16 }}
      ></SpaceUploader>
    );
  },
  play: async ({ canvasElement, loaded }) => {
    const m = messagesEn;
    const canvas = within(canvasElement);
    const root = canvasElement.querySelector<HTMLElement>('.space-uploader');
    await expect(root).toHaveAttribute('data-theme', 'dark');
    const style = getComputedStyle(root as HTMLElement);
    // The root paints nothing: no dark square behind the rounded cards on a page of another colour.
    await expect(style.backgroundColor).toBe('rgba(0, 0, 0, 0)');
    await expect(luminance(style.color)).toBeGreaterThan(0.7);
    const report = file('Quarterly numbers: all good.\n', 'Quarterly report.txt', 'text/plain');
    await userEvent.upload(fileInputOf(canvasElement), report);
    await waitForRowStatus(canvasElement, report.name, 'done');
    const budget = file(new Uint8Array(2048).fill(66), 'Budget 2026.xlsx', 'application/vnd.ms-excel');
    await userEvent.upload(fileInputOf(canvasElement), budget);
    const failedRow = await waitForRowStatus(canvasElement, budget.name, 'failed');
    await expect(within(failedRow).getByText(m.errors.forbidden)).toBeVisible();
    await expect(within(failedRow).getByRole('button', { name: m.retryFile(budget.name) })).toBeVisible();

    // The errors panel names the refused request.
    const state = await waitForMockState(
      loaded,
      (s) => requestsOf(s, { route: 'tus-create', status: 403 }).length === 1,
    );
    const [refused] = requestsOf(state, { route: 'tus-create', status: 403 });
    await expect(refused).toMatchObject({ fault: 'status' });
    const errors = canvas.getByRole('region', { name: m.errorsTitle(1) });
    await expect(within(errors).getByText(m.httpStatus(403))).toBeVisible();
    await expect(within(errors).getByText(refused?.requestId ?? '-')).toBeVisible();
    const summary = canvas.getByRole('region', { name: m.summaryLabel });
    await expect(within(summary).getByText(m.batchStatus.failed)).toBeVisible();

    // Only the first file was stored.
    await expectStoredSha1(loaded, `/Documents/${report.name}`, report);
    await expect(state.uploads.map((u) => u.targetPath)).toEqual([`/Documents/${report.name}`]);
    // The cards are dark after the updates (the a11y addon then checks contrast on these colours).
    await expect(luminance(getComputedStyle(summary).backgroundColor)).toBeLessThan(0.05);
    await expect(luminance(getComputedStyle(errors).backgroundColor)).toBeLessThan(0.1);
  },
};

// ---- every state at once --------------------------------------------------------------------------------------------

const allStatesConfig = {
  faults: {
    // Slow enough that big files stay on the wire while the story is looked at.
    bandwidthBytesPerSecond: 32_000,
    // The second creation (Budget 2026.xlsx) is refused.
    rules: [{ type: 'status', status: 403, route: 'tus-create', nth: 2 }],
  },
} satisfies MockRuntimeConfig;

const KiB = 1024;

export const AllStates: Story = {
  name: 'All states at a glance',
  tags: ['screenshot'],
  parameters: {
    mockOcis: allStatesConfig,
    docs: {
      description: {
        story:
          'One list with a file in every state: uploaded, failed, uploading (on a slow line), paused, canceled and ' +
          'waiting (two files upload at a time here), with the summary counting them.',
      },
    },
  },
  render: (_args, { loaded, globals }) => {
    const mock = storyMockOf(loaded);
    return (
      <SpaceUploader
        serverUrl={mock.serverUrl}
        accessToken={mock.token}
        space={space}
        folder={folder}
        transfer={{ limit: 2, chunkSize: 32 * KiB }}
        theme={storyThemeOf(globals)}
      ></SpaceUploader>
    );
  },
  play: async ({ canvasElement, loaded }) => {
    const m = messagesEn;
    const canvas = within(canvasElement);
    const input = () => fileInputOf(canvasElement);
    const report = file('Quarterly numbers: all good.\n', 'Quarterly report.txt', 'text/plain');
    await userEvent.upload(input(), report);
    await waitForRowStatus(canvasElement, report.name, 'done');

    const budget = file(new Uint8Array(2 * KiB).fill(66), 'Budget 2026.xlsx', 'application/vnd.ms-excel');
    await userEvent.upload(input(), budget);
    await waitForRowStatus(canvasElement, budget.name, 'failed');

    // Four at once; two upload at a time.
    const video = file(new Uint8Array(768 * KiB).fill(86), 'Holiday video.mp4', 'video/mp4');
    const photo = file(new Uint8Array(512 * KiB).fill(80), 'Team photo.jpg', 'image/jpeg');
    const draft = file(new Uint8Array(2 * KiB).fill(68), 'Old draft.docx', 'application/msword');
    const slides = file(new Uint8Array(3 * KiB).fill(83), 'Slides.pptx', 'application/vnd.ms-powerpoint');
    await userEvent.upload(input(), [video, photo, draft, slides]);
    await waitForRowStatus(canvasElement, photo.name, 'uploading');
    // Paused once its bytes are on the wire (the mock has the upload).
    await waitForUpload(loaded, `/Documents/${photo.name}`, { status: 'in-progress' });
    await userEvent.click(canvas.getByRole('button', { name: m.pauseFile(photo.name) }));
    await waitForRowStatus(canvasElement, photo.name, 'paused');
    await userEvent.click(canvas.getByRole('button', { name: m.cancelFile(draft.name) }));
    await waitForRowStatus(canvasElement, draft.name, 'canceled');
    // The video moves on (32 KiB chunks on a 32 KB/s line): wait until its bar shows some progress.
    const videoBar = canvas.getByRole('progressbar', { name: m.progressLabel(video.name) });
    await waitFor(() => expect(Number(videoBar.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(10), {
      timeout: 10_000,
    });

    // A finished row shows its check mark, not a full green bar.
    const reportBar = canvas.getByRole('progressbar', { name: m.progressLabel(report.name) });
    await expect(getComputedStyle(reportBar).opacity).toBe('0');

    // Every state at once, in the list…
    const expected: Array<[File, keyof typeof m.fileStatus]> = [
      [report, 'done'],
      [budget, 'failed'],
      [video, 'uploading'],
      [photo, 'paused'],
      [draft, 'canceled'],
      [slides, 'queued'],
    ];
    for (const [f, status] of expected) {
      const row = fileRow(canvasElement, f.name); // the `.su-file` element itself
      await expect(within(row).getByText(m.fileStatus[status])).toBeVisible();
      await expect(row).toHaveAttribute('data-status', status);
    }
    await expect(canvas.getByRole('button', { name: m.resumeFile(photo.name) })).toBeVisible();
    await expect(canvas.getByRole('button', { name: m.retryFile(budget.name) })).toBeVisible();
    await expect(canvas.getByRole('button', { name: m.pauseFile(video.name) })).toBeVisible();
    // …and counted in the summary.
    const summary = canvas.getByRole('region', { name: m.summaryLabel });
    for (const [, status] of expected) {
      await expect(within(summary).getByText(m.statusCount(status, 1))).toBeVisible();
    }
    await expect(within(summary).getByText(m.batchStatus.uploading)).toBeVisible();
    // The count agrees with the six rows; while files move "Pause all", not "Resume all" too; the one primary is
    // "Retry failed" (for the refused budget), not a resume.
    await expect(within(summary).getByText(m.filesProgress(1, 6))).toBeVisible();
    await expect(within(summary).getByRole('button', { name: m.pauseAll })).toBeVisible();
    await expect(within(summary).queryByRole('button', { name: m.resumeAll })).toBeNull();
    const primaries = Array.from(summary.querySelectorAll('.su-button--primary'));
    await expect(primaries.map((b) => b.getAttribute('data-action'))).toEqual(['retry']);

    // The mock: the report stored, the budget refused, video and photo under way, draft and slides never created.
    await expectStoredSha1(loaded, `/Documents/${report.name}`, report);
    const state = await waitForMockState(loaded, (s) => s.uploads.length === 3);
    await expect(requestsOf(state, { route: 'tus-create', status: 403 })).toHaveLength(1);
    await expect(state.uploads.map((u) => u.targetPath).sort()).toEqual(
      [`/Documents/${report.name}`, `/Documents/${video.name}`, `/Documents/${photo.name}`].sort(),
    );
    for (const upload of state.uploads.slice(1)) await expect(upload.complete).toBe(false);
    await findInspectorUpload(canvasElement, `/Documents/${photo.name}`, 'in-progress');
  },
};
