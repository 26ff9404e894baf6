import type { Meta, StoryObj } from '@storybook/react-vite';
import Dashboard from '@uppy/react/dashboard';
import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';
import { type ChangeEvent, useId } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { DEFAULT_LIMIT } from '../src/core/transfer.ts';
import { mockFixtures } from '../src/mock/fixtures.ts';
import type { MockRuntimeConfig } from '../src/mock/types.ts';
import {
  FileList,
  messagesEn,
  SpaceUploader,
  SpaceUploaderProvider,
  UploadSummary,
  useSpaceUploader,
  useUploaderContext,
} from '../src/react/index.ts';
import '../src/react/styles/index.css';
import {
  expectMetadata,
  expectStoredSha1,
  findInspectorUpload,
  mockState,
  requestsOf,
  type ServerInspectorParameter,
  type StoryTheme,
  storyMockOf,
  storyThemeOf,
  waitForMockState,
  waitForUpload,
} from './support/index.ts';

// Integration: what an app team builds on. 10,000 files through <SpaceUploader>, a UI of its own over the headless
// hook, and Uppy's Dashboard mounted on the uploader's own Uppy instance (the escape hatch).

const m = messagesEn;
const { personal } = mockFixtures;
const documents = personal.items[0];
const space = { id: personal.id, name: personal.name, driveAlias: personal.driveAlias, driveType: personal.driveType };
const folder = { path: documents.path, id: `${personal.id}!${documents.nodeId}` };
const target = { space, folder };

/** The drop zone's file picker (not the folder picker). */
function fileInputOf(root: HTMLElement, selector = 'input[type="file"]:not([webkitdirectory])'): HTMLInputElement {
  const input = root.querySelector<HTMLInputElement>(selector);
  if (!input) throw new Error(`no file input (${selector}) in the story`);
  return input;
}

const count = (text: string | null | undefined): number => Number((text ?? '').replace(/\D/g, '')) || 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const meta = {
  title: 'SpaceUploader/Integration',
  parameters: { layout: 'padded' },
} satisfies Meta;

export default meta;

type Story = StoryObj<typeof meta>;

// ---- 10,000 files -------------------------------------------------------------------------------------------------

const MANY = 10_000;

/** `file-00001.txt` … : a few bytes each. */
function manySmallFiles(n: number): File[] {
  const files: File[] = new Array(n);
  const lastModified = mockFixtures.mtime * 1000;
  for (let i = 0; i < n; i++) {
    const name = `file-${String(i + 1).padStart(5, '0')}.txt`;
    files[i] = new File([`#${i + 1}\n`], name, { type: 'text/plain', lastModified });
  }
  return files;
}

export const TenThousandFiles: Story = {
  name: '10,000 files',
  parameters: {
    docs: {
      description: {
        story:
          '10,000 files picked at once: the summary counts all of them at once, the list renders only the rows in view ' +
          '(scroll it), uploads start at once five at a time, and "Cancel all" stops the rest.',
      },
    },
    // The mock's state grows with every file: poll it rarely, show few rows.
    serverInspector: { intervalMs: 2000, rowLimit: 50 } satisfies ServerInspectorParameter,
  },
  render: (_args, { loaded, globals }) => {
    const mock = storyMockOf(loaded);
    return (
      <SpaceUploader
        serverUrl={mock.serverUrl}
        accessToken={mock.token}
        space={space}
        folder={folder}
        theme={storyThemeOf(globals)}
      ></SpaceUploader>
    );
  },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    const files = manySmallFiles(MANY);
    await userEvent.upload(fileInputOf(canvasElement), files);

    // All 10,000 are counted and announced at once…
    const summary = await canvas.findByRole('region', { name: m.summaryLabel });
    const ofAll = m.filesProgress(0, MANY).replace(/^0/, ''); // " of 10,000 files"
    await waitFor(() => expect(summary.querySelector('.su-summary__files')?.textContent).toContain(ofAll), {
      timeout: 5000,
    });
    await expect(canvas.getByText(m.filesAdded(MANY, 0))).toBeInTheDocument();
    // …but the list holds only the rows in view.
    const list = canvas.getByRole('list', { name: m.fileListLabel });
    await expect(list.querySelectorAll('li').length).toBeLessThan(60);
    await expect(list.querySelector('li')).toHaveAttribute('aria-setsize', String(MANY));

    // Uploading has started: at least 100 files stored.
    await waitForMockState(loaded, (s) => s.uploads.filter((u) => u.complete).length >= 100, {
      timeout: 10_000,
      interval: 250,
    });
    await waitFor(() => expect(within(summary).getByText(m.batchStatus.uploading)).toBeVisible());
    await userEvent.click(within(summary).getByRole('button', { name: m.cancelAll }));

    // Nothing waits or moves any more: every file is either uploaded or canceled.
    await waitFor(
      () => {
        for (const status of ['queued', 'uploading', 'finalizing'])
          expect(summary.querySelector(`li[data-status="${status}"]`)).toBeNull();
        expect(summary.querySelector('li[data-status="canceled"]')).not.toBeNull();
      },
      { timeout: 5000 },
    );
    const done = count(summary.querySelector('li[data-status="done"]')?.textContent);
    const canceled = count(summary.querySelector('li[data-status="canceled"]')?.textContent);
    await expect(summary.querySelector('li[data-status="done"]')).toHaveTextContent(m.statusCount('done', done));
    await expect(summary.querySelector('li[data-status="canceled"]')).toHaveTextContent(
      m.statusCount('canceled', canceled),
    );
    await expect(done).toBeGreaterThanOrEqual(100);
    await expect(done + canceled).toBe(MANY);
    await expect(canvas.queryByRole('button', { name: m.cancelAll })).toBeNull();

    // The last rows of the list say so, and scrolling there still renders only a few rows.
    const viewport = list.parentElement as HTMLElement;
    viewport.scrollTop = viewport.scrollHeight;
    await waitFor(() => {
      const last = list.querySelector(`li[aria-posinset="${MANY}"]`) as HTMLElement;
      expect(last).not.toBeNull();
      expect(within(last).getByText(m.fileStatus.canceled)).toBeVisible();
      expect(within(last).getByText(`file-${MANY}.txt`)).toBeVisible();
    });
    await expect(list.querySelectorAll('li').length).toBeLessThan(60);
    // The mock stops receiving creations. A file whose creation (with its bytes) was on the wire when "Cancel all"
    // was clicked may still land (at most one per parallel upload): the client aborts its request, but has no
    // upload URL yet to send a tus DELETE to.
    await sleep(200);
    const creations = requestsOf(await mockState(loaded), { route: 'tus-create' }).length;
    await sleep(800);
    const after = await mockState(loaded);
    await expect(requestsOf(after, { route: 'tus-create' }).length).toBe(creations);
    await expect(creations).toBeLessThanOrEqual(done + DEFAULT_LIMIT);
    const stored = after.uploads.filter((u) => u.complete).length;
    await expect(stored).toBeGreaterThanOrEqual(done);
    await expect(stored).toBeLessThanOrEqual(done + DEFAULT_LIMIT);
    await expectStoredSha1(loaded, '/Documents/file-00001.txt', '#1\n');
  },
};

// ---- headless hooks only --------------------------------------------------------------------------------------------

const headlessStyles = {
  root: { fontFamily: 'system-ui, sans-serif', color: 'var(--story-fg)', maxWidth: 560, display: 'grid', gap: 12 },
  list: { margin: 0, paddingLeft: 20 },
} as const;

/** An app's own uploader UI: no component of ours, only `useSpaceUploader`. */
function HeadlessUploader({ serverUrl, token }: { serverUrl: string; token: string }) {
  const { items, totals, status, actions, uploader } = useSpaceUploader({ serverUrl, accessToken: token, target });
  const headingId = useId();
  const percent = totals.bytesTotal > 0 ? Math.round((totals.bytesUploaded / totals.bytesTotal) * 100) : 0;
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    actions.addFiles([...(input.files ?? [])]);
    input.value = '';
  };
  return (
    <section aria-labelledby={headingId} style={headlessStyles.root} data-status={status}>
      <h2 id={headingId} style={{ margin: 0 }}>
        My own uploader
      </h2>
      <label>
        Files for “Documents”: <input type="file" multiple disabled={!uploader} onChange={onChange} />
      </label>
      <p style={{ margin: 0 }}>
        Total: <output aria-label="Total progress">{percent}%</output> ({status})
      </p>
      <ul aria-label="My upload queue" style={headlessStyles.list}>
        {items.map((item) => (
          <li key={item.id} data-status={item.status}>
            {item.name}: {item.status}
          </li>
        ))}
      </ul>
    </section>
  );
}

const headlessFiles = () => [
  new File(['Minutes of the board meeting\n'], 'minutes.txt', { type: 'text/plain', lastModified: 1_767_225_600_000 }),
  new File([new Uint8Array(4096).fill(7)], 'data.bin', { type: 'application/octet-stream' }),
];

export const HeadlessHooksOnly: Story = {
  name: 'Headless hooks only',
  parameters: {
    docs: {
      description: {
        story:
          'No component of ours: a plain file input, a list and a percentage built on `useSpaceUploader` (files, ' +
          'totals, status, actions), to show integrators the headless API.',
      },
    },
  },
  render: (_args, { loaded }) => {
    const mock = storyMockOf(loaded);
    return <HeadlessUploader serverUrl={mock.serverUrl} token={mock.token} />;
  },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    const input = canvas.getByLabelText(/Files for/);
    await waitFor(() => expect(input).toBeEnabled());
    const files = headlessFiles();
    await userEvent.upload(input, files);

    const queue = canvas.getByRole('list', { name: 'My upload queue' });
    await waitFor(
      () => {
        expect(within(queue).getByText('minutes.txt: done')).toBeVisible();
        expect(within(queue).getByText('data.bin: done')).toBeVisible();
      },
      { timeout: 10_000 },
    );
    await expect(canvas.getByRole('status', { name: 'Total progress' })).toHaveTextContent('100%');
    await expect(canvasElement.querySelector('section')).toHaveAttribute('data-status', 'done');

    for (const file of files) await expectStoredSha1(loaded, `/Documents/${file.name}`, file);
    const upload = await waitForUpload(loaded, '/Documents/minutes.txt', { status: 'complete' });
    await expectMetadata(upload, {
      filename: 'minutes.txt',
      spaceId: personal.id,
      currentFolder: '/Documents',
      currentFolderId: folder.id,
      mtime: '1767225600',
    });
  },
};

// ---- Uppy Dashboard on our configuration --------------------------------------------------------------------------

/** Uppy's Dashboard on the uploader's own Uppy instance (from the context of `SpaceUploaderProvider`). */
function DashboardOnOurUppy({ theme }: { theme: StoryTheme }) {
  const { uppy } = useUploaderContext();
  if (!uppy) return <p>Starting the uploader…</p>;
  return (
    <Dashboard
      uppy={uppy}
      theme={theme}
      width="100%"
      height={300}
      proudlyDisplayPoweredByUppy={false}
      // Pause and cancel go through our summary and list: the core does not follow Uppy's own pause-all and
      // cancel-all (a file canceled there would stay "Finalizing" in our list).
      hidePauseResumeButton
      hideCancelButton
    />
  );
}

function DashboardEscapeHatch({ serverUrl, token, theme }: { serverUrl: string; token: string; theme: StoryTheme }) {
  return (
    <SpaceUploaderProvider serverUrl={serverUrl} accessToken={token} target={target}>
      <div className="space-uploader" data-theme={theme} style={{ maxWidth: 720 }}>
        <DashboardOnOurUppy theme={theme} />
        <UploadSummary />
        <FileList />
      </div>
    </SpaceUploaderProvider>
  );
}

/** Records every distinct look of the Dashboard's file items and status bar (states can be short-lived). */
function watchDashboard(root: HTMLElement) {
  const looks: string[] = [];
  const record = () => {
    const items = [...root.querySelectorAll('.uppy-Dashboard-Item')].map((item) => item.className).join(' | ');
    const bar = root.querySelector('.uppy-StatusBar')?.className ?? '';
    const look = `${items} || ${bar}`;
    if (looks.at(-1) !== look) looks.push(look);
  };
  const observer = new MutationObserver(record);
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
  return {
    looks,
    saw: (pattern: RegExp) => looks.some((look) => pattern.test(look)),
    stop: () => observer.disconnect(),
  };
}

const dashboardConfig = {
  // Slow enough to see the upload move in the Dashboard.
  faults: { bandwidthBytesPerSecond: 40_000 },
} satisfies MockRuntimeConfig;

export const UppyDashboard: Story = {
  name: 'Uppy Dashboard on our configuration',
  parameters: {
    mockOcis: dashboardConfig,
    docs: {
      description: {
        story:
          "The escape hatch: `@uppy/react`'s Dashboard mounted on the uploader's own Uppy instance. A file picked in " +
          'the Dashboard joins our queue (target folder, oCIS metadata, token, tus settings) and starts at once, so ' +
          'there is no Upload button to press; the Dashboard shows it uploading and complete, then lets it go (Uppy ' +
          'only holds files while they upload), while our summary and list below keep the record. Pause and cancel ' +
          "go through our summary and list (the Dashboard's own pause/cancel-all buttons are hidden).",
      },
    },
  },
  render: (_args, { loaded, globals }) => {
    const mock = storyMockOf(loaded);
    return <DashboardEscapeHatch serverUrl={mock.serverUrl} token={mock.token} theme={storyThemeOf(globals)} />;
  },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvasElement.querySelector('.uppy-Dashboard-input')).not.toBeNull(), {
      timeout: 5000,
    });
    const dashboard = canvasElement.querySelector('.uppy-Dashboard') as HTMLElement;
    const watch = watchDashboard(dashboard);
    const file = new File([new Uint8Array(80_000).fill(42)], 'field-notes.bin', {
      type: 'application/octet-stream',
      lastModified: 1_767_225_600_000,
    });
    try {
      // The Dashboard's own "browse files" picker.
      await userEvent.upload(fileInputOf(dashboard, 'input.uppy-Dashboard-input:not([webkitdirectory])'), file);

      // Uppy's view: the file, uploading, then complete.
      await waitFor(() => expect(within(dashboard).getByText('field-notes.bin')).toBeInTheDocument());
      await waitFor(() => expect(watch.saw(/is-inprogress.*\|\|.*is-uploading/)).toBe(true), { timeout: 5000 });
      await expectStoredSha1(loaded, '/Documents/field-notes.bin', file);
      await waitFor(() => expect(watch.saw(/is-complete.*\|\|.*is-complete/)).toBe(true), { timeout: 5000 });
    } finally {
      watch.stop();
    }

    // Our view keeps the record.
    const list = canvas.getByRole('list', { name: m.fileListLabel });
    await waitFor(() => expect(within(list).getByText(m.fileStatus.done)).toBeVisible(), { timeout: 5000 });
    await expect(within(list).getByText('field-notes.bin')).toBeVisible();
    await expect(canvas.getByRole('region', { name: m.summaryLabel })).toHaveTextContent(m.batchStatus.done);

    // It went through our configuration: target folder, oCIS metadata, our token and headers.
    const upload = await waitForUpload(loaded, '/Documents/field-notes.bin', { status: 'complete' });
    await expectMetadata(upload, {
      filename: 'field-notes.bin',
      spaceId: personal.id,
      spaceName: personal.name,
      currentFolder: '/Documents',
      currentFolderId: folder.id,
      mtime: '1767225600',
    });
    await expect(upload.metadata.uploadId).toMatch(/^[0-9a-f-]{36}$/);
    const state = await mockState(loaded);
    const [creation] = requestsOf(state, { route: 'tus-create' });
    await expect(creation?.headers).toMatchObject({
      authorization: `Bearer ${mockFixtures.token}`,
      'x-request-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'initiator-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    await findInspectorUpload(canvasElement, '/Documents/field-notes.bin', 'complete');
  },
};
