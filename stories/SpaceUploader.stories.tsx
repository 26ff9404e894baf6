import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor, within } from 'storybook/test';
import { mockFixtures } from '../src/mock/fixtures.ts';
import type { MockRuntimeConfig, MockState } from '../src/mock/types.ts';
import { messagesEn, SpaceUploader, type SpaceUploaderProps } from '../src/react/index.ts';
import { messagesDe } from '../src/react/messages-de.ts';
import {
  directoryEntry,
  dragEvent,
  dropTransfer,
  expandFolder,
  expectMetadata,
  expectStoredSha1,
  fileEntry,
  fileRow,
  findInspectorUpload,
  pickFiles,
  requestsOf,
  storyMockOf,
  storyThemeOf,
  waitForMockState,
  waitForRowStatus,
  waitForUpload,
} from './support/index.ts';
import '../src/react/styles/index.css';

// Where files go: the personal space, a project space, a sub-folder, a received share (writable and read-only), a
// dropped folder tree, and the three ways the bytes travel (tus, tus with the method override, plain PUT) plus small
// chunks. Every story uploads against its own mock oCIS instance and checks what it stored.

const m = messagesEn;
const { personal, project, writeShare, readOnlyShare, shareOwner } = mockFixtures;

const personalSpace = {
  id: personal.id,
  name: personal.name,
  driveAlias: personal.driveAlias,
  driveType: personal.driveType,
} satisfies SpaceUploaderProps['space'];

/** The fixture folder at `path` in `space`, as the web UI names it: `{ path, id: '{spaceId}!{nodeId}' }`. */
function fixtureFolder(
  space: { id: string; items: ReadonlyArray<{ path: string; nodeId: string }> },
  path: string,
): NonNullable<SpaceUploaderProps['folder']> {
  const item = space.items.find((candidate) => candidate.path === path);
  if (!item) throw new Error(`no fixture folder ${path}`);
  return { path, id: `${space.id}!${item.nodeId}` };
}

/** A file whose mtime has milliseconds: the wire must carry whole seconds. */
const MTIME_MS = mockFixtures.mtime * 1000 + 789;

function textFile(name: string, text: string, type = 'text/plain'): File {
  return new File([text], name, { type, lastModified: MTIME_MS });
}

/** `size` bytes of a repeating, not-all-equal pattern (so a misplaced chunk changes the SHA-1). */
function patternFile(name: string, size: number, type = 'application/octet-stream'): File {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return new File([bytes], name, { type, lastModified: MTIME_MS });
}

// ---- driving the component -------------------------------------------------------------------------------------

/** The summary shows the batch as done, `n of n files`. */
async function expectBatchDone(canvasElement: HTMLElement, files: number, timeout = 15_000): Promise<void> {
  const summary = within(canvasElement).getByRole('region', { name: m.summaryLabel });
  await waitFor(
    () => {
      expect(within(summary).getByText(m.batchStatus.done)).toBeVisible();
      expect(within(summary).getByText(m.filesProgress(files, files))).toBeVisible();
    },
    { timeout },
  );
}

/** No metadata value is the text "undefined" (the web UI's old mistake). */
async function expectNoUndefinedValues(metadata: Record<string, string>): Promise<void> {
  await expect(Object.entries(metadata).filter(([, value]) => value === 'undefined' || value === '')).toEqual([]);
}

// ---- the story setup ---------------------------------------------------------------------------------------------

type Args = SpaceUploaderProps;

function renderUploader(args: Args, { loaded, globals }: StoryContext<Args>) {
  const mock = storyMockOf(loaded);
  return (
    <SpaceUploader
      {...args}
      serverUrl={mock.serverUrl}
      accessToken={mock.token}
      theme={args.theme ?? storyThemeOf(globals)}
    />
  );
}

const meta = {
  title: 'SpaceUploader/Targets',
  component: SpaceUploader,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'The whole uploader (drop zone, summary, errors, file list) uploading into oCIS spaces, folders and received ' +
          'shares. Every story talks to its own mock oCIS; the server inspector under the story shows what it received.',
      },
    },
  },
  argTypes: {
    serverUrl: {
      control: false,
      description: "The oCIS server. In these stories: the story's own mock instance (`loaded.mockOcis.serverUrl`).",
    },
    accessToken: {
      control: false,
      description:
        'A bearer token, or `({ refresh }) => token` called before each request (with `refresh: true` after a 401). ' +
        "In these stories: the mock's token.",
    },
    space: {
      control: 'object',
      description: 'The space to upload into `{ id, name, driveAlias, driveType }`; for a received share, the share.',
    },
    folder: { control: 'object', description: 'The folder the user is in `{ path, id }`; default the space root.' },
    route: {
      control: 'object',
      description: "The web app's route `{ name, driveAliasAndItem, shareId }`; `shareId` is sent as `routeShareId`.",
    },
    theme: {
      control: 'inline-radio',
      options: ['light', 'dark', 'auto'],
      description: "`light`, `dark` or `auto` (follows the system). Unset here: follows the toolbar's Theme.",
    },
    disabled: { control: 'boolean', description: 'Turns the drop zone and folder picker off.' },
    warnBeforeUnload: {
      control: 'boolean',
      description: 'Ask before the page is left while files are uploading.',
      table: { defaultValue: { summary: 'true' } },
    },
    autoStart: {
      control: 'boolean',
      description: 'Start uploading as soon as files are added.',
      table: { defaultValue: { summary: 'true' } },
    },
    language: { control: 'text', description: "`Accept-Language` sent to the server; default the browser's." },
    messages: {
      control: 'inline-radio',
      options: ['English', 'German'],
      mapping: { English: messagesEn, German: messagesDe },
      description: 'Every visible string; a partial override is merged over English (`messagesDe` ships).',
    },
    transfer: {
      control: 'object',
      description:
        '`{ protocol, chunkSize, overridePatchMethod, uploadDataDuringCreation, limit, retryDelays, removeFingerprintOnSuccess }`.',
    },
    allowedMetaFields: {
      control: 'object',
      description: 'Metadata keys sent to the server (`filename` always); default all.',
    },
    capabilities: {
      control: false,
      description: "The server's capabilities, when the app read them already (skips the request).",
    },
    id: { control: 'text', description: "Uppy's instance id (and prefix of its file ids)." },
    fetch: { control: false, description: 'For the capabilities and folder requests; default the global `fetch`.' },
    onUploadComplete: {
      control: false,
      description: 'Called with `{ successful, failed }` when the batch settles.',
    },
    className: { control: 'text' },
    style: { control: 'object' },
    children: { control: false, description: 'Extra content below the list.' },
  },
  args: {
    serverUrl: '',
    space: personalSpace,
    disabled: false,
    warnBeforeUnload: true,
    autoStart: true,
    language: 'en',
    onUploadComplete: fn(),
  },
  render: renderUploader,
} satisfies Meta<Args>;

export default meta;

type Story = StoryObj<typeof meta>;

// ---- the stories ---------------------------------------------------------------------------------------------------

export const PersonalSpace: Story = {
  name: 'Personal space',
  tags: ['screenshot'],
  parameters: {
    docs: {
      description: {
        story: 'Two files picked into the root of the personal space: both rows say uploaded, the summary says done.',
      },
    },
    serverInspector: { expandMetadata: true },
  },
  play: async ({ canvasElement, loaded, args }) => {
    const files = [textFile('Quarterly report.txt', 'Quarterly numbers: all good.\n'), patternFile('budget.ods', 4096)];
    await pickFiles(canvasElement, files);

    for (const file of files) await waitForRowStatus(canvasElement, file.name, 'done');
    await expectBatchDone(canvasElement, 2);
    await waitFor(() => expect(args.onUploadComplete).toHaveBeenCalled());
    const summary = (args.onUploadComplete as ReturnType<typeof fn>).mock.lastCall?.[0];
    await expect(summary?.successful).toHaveLength(2);
    await expect(summary?.failed).toEqual([]);
    // Checked end to end by default: each file's SHA-1, taken while it uploaded, equals the one the server computed.
    await expect(summary?.successful.map((r: { verified?: boolean }) => r.verified)).toEqual([true, true]);

    for (const file of files) {
      const stored = await expectStoredSha1(loaded, `/${file.name}`, file, { spaceId: personal.id });
      await expect(stored.mtime).toBe(mockFixtures.mtime);
      const upload = await waitForUpload(loaded, `/${file.name}`, { status: 'complete', spaceId: personal.id });
      await expectMetadata(
        upload,
        {
          name: file.name,
          filename: file.name,
          type: file.type,
          filetype: file.type,
          mtime: String(mockFixtures.mtime),
          spaceId: personal.id,
          spaceName: personal.name,
          driveAlias: personal.driveAlias,
          driveType: 'personal',
          currentFolder: '/',
        },
        {
          keys: [
            'name',
            'filename',
            'type',
            'filetype',
            'mtime',
            'spaceId',
            'spaceName',
            'driveAlias',
            'driveType',
            'currentFolder',
            'uppyId',
            'uploadId',
            'tusEndpoint',
          ],
        },
      );
      await expect(upload.metadata.uppyId).toMatch(/\S/);
      await expect(upload.metadata.uploadId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      await expect(upload.metadata.tusEndpoint).toMatch(
        new RegExp(`^${storyMockOf(loaded).serverUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/remote\\.php/dav/spaces/`),
      );
      await expect(decodeURIComponent(upload.metadata.tusEndpoint ?? '')).toContain(personal.id);
      await expectNoUndefinedValues(upload.metadata);
      await findInspectorUpload(canvasElement, `/${file.name}`, 'complete');
    }
    const state = await waitForMockState(loaded, (s) => s.uploads.length === 2);
    await expect(new Set(state.uploads.map((upload) => upload.metadata.uploadId)).size).toBe(2);
    await expect(new Set(state.uploads.map((upload) => upload.metadata.uppyId)).size).toBe(2);
  },
};

export const ProjectSpace: Story = {
  name: 'Project space',
  args: {
    space: { id: project.id, name: project.name, driveAlias: project.driveAlias, driveType: project.driveType },
    folder: fixtureFolder(project, '/Campaigns'),
    route: { name: 'files-spaces-generic', driveAliasAndItem: `${project.driveAlias}/Campaigns` },
  },
  parameters: {
    docs: {
      description: {
        story: `A file picked into /Campaigns of the project space “${project.name}”: it lands there, sent as driveType project.`,
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    const file = textFile('Spring campaign.md', '# Spring\n\nPosters, flyers, a video.\n', 'text/markdown');
    await pickFiles(canvasElement, [file]);
    await waitForRowStatus(canvasElement, file.name, 'done');
    await expectBatchDone(canvasElement, 1);

    const path = `/Campaigns/${file.name}`;
    const stored = await expectStoredSha1(loaded, path, file, { spaceId: project.id });
    await expect(stored.spaceId).toBe(project.id);
    const upload = await waitForUpload(loaded, path, { status: 'complete', spaceId: project.id });
    await expectMetadata(upload, {
      filename: file.name,
      spaceId: project.id,
      spaceName: project.name,
      driveAlias: project.driveAlias,
      driveType: 'project',
      currentFolder: '/Campaigns',
      currentFolderId: fixtureFolder(project, '/Campaigns').id ?? '',
      routeName: 'files-spaces-generic',
      routeDriveAliasAndItem: `${project.driveAlias}/Campaigns`,
    });
    await expectNoUndefinedValues(upload.metadata);
    // Nothing went to the personal space.
    const state = await waitForMockState(loaded, (s) => s.uploads.length === 1);
    await expect(state.files.filter((f) => f.path.endsWith(file.name)).map((f) => f.spaceId)).toEqual([project.id]);
    await findInspectorUpload(canvasElement, path, 'complete');
  },
};

export const SubFolder: Story = {
  name: 'Sub-folder',
  args: {
    folder: fixtureFolder(personal, '/Documents/Reports'),
    route: { name: 'files-spaces-generic', driveAliasAndItem: `${personal.driveAlias}/Documents/Reports` },
  },
  parameters: {
    docs: {
      description: {
        story:
          'The user is in /Documents/Reports: the picked file lands there, and the folder and its id go on the wire.',
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    const file = textFile('2026-Q1.csv', 'quarter,revenue\nQ1,1200\n', 'text/csv');
    await pickFiles(canvasElement, [file]);
    await waitForRowStatus(canvasElement, file.name, 'done');
    await expectBatchDone(canvasElement, 1);

    const path = `/Documents/Reports/${file.name}`;
    await expectStoredSha1(loaded, path, file, { spaceId: personal.id });
    const upload = await waitForUpload(loaded, path, { status: 'complete', spaceId: personal.id });
    await expect(upload.targetPath).toBe(path);
    await expectMetadata(upload, {
      filename: file.name,
      currentFolder: '/Documents/Reports',
      currentFolderId: `${personal.id}!${personal.items.find((item) => item.path === '/Documents/Reports')?.nodeId}`,
      driveType: 'personal',
    });
    await expect(upload.metadata).not.toHaveProperty('relativePath');
    await expectNoUndefinedValues(upload.metadata);
    await findInspectorUpload(canvasElement, path, 'complete');
  },
};

const writeShareSpace = {
  id: writeShare.id,
  name: writeShare.name,
  driveAlias: writeShare.driveAlias,
  driveType: 'mountpoint',
} satisfies SpaceUploaderProps['space'];

export const ReceivedShare: Story = {
  name: 'Received share',
  args: {
    space: writeShareSpace,
    route: { name: 'files-spaces-generic', driveAliasAndItem: writeShare.driveAlias, shareId: writeShare.shareId },
  },
  parameters: {
    docs: {
      description: {
        story: `A file picked into the share “${writeShare.name}”: it is stored in the owner's space, and routeShareId goes on the wire.`,
      },
    },
    serverInspector: { expandMetadata: true },
  },
  play: async ({ canvasElement, loaded }) => {
    const file = textFile('minutes.txt', 'Minutes of the team meeting.\n');
    await pickFiles(canvasElement, [file]);
    await waitForRowStatus(canvasElement, file.name, 'done');
    await expectBatchDone(canvasElement, 1);

    // Addressed through the share, stored in the owner's space below the shared folder.
    const upload = await waitForUpload(loaded, `/${file.name}`, { status: 'complete', spaceId: writeShare.id });
    await expectMetadata(upload, {
      filename: file.name,
      spaceId: writeShare.id,
      spaceName: writeShare.name,
      driveAlias: writeShare.driveAlias,
      driveType: 'mountpoint',
      currentFolder: '/',
      routeDriveAliasAndItem: writeShare.driveAlias,
      routeShareId: writeShare.shareId,
    });
    await expectNoUndefinedValues(upload.metadata);
    const stored = await expectStoredSha1(loaded, `${writeShare.ownerPath}/${file.name}`, file, {
      spaceId: writeShare.ownerSpaceId,
    });
    await expect(stored.spaceId).toBe(shareOwner.id);
    await findInspectorUpload(canvasElement, `/${file.name}`, 'complete');
  },
};

export const ReadOnlyShare: Story = {
  name: 'Read-only share',
  tags: ['screenshot'],
  args: {
    space: {
      id: readOnlyShare.id,
      name: readOnlyShare.name,
      driveAlias: readOnlyShare.driveAlias,
      driveType: 'mountpoint',
    },
    route: {
      name: 'files-spaces-generic',
      driveAliasAndItem: readOnlyShare.driveAlias,
      shareId: readOnlyShare.shareId,
    },
  },
  parameters: {
    docs: {
      description: {
        story: `A file picked into the read-only share “${readOnlyShare.name}”: the share's listing grants no permission to create files, so the file fails before anything is sent, with “You can't upload here.” in plain words (the words a 403 from the server gets too).`,
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    const file = textFile('new rules.txt', 'Rule 1: be nice.\n');
    await pickFiles(canvasElement, [file]);

    const row = await waitForRowStatus(canvasElement, file.name, 'failed');
    await expect(within(row).getByText(m.errors.forbidden)).toBeVisible();
    await expect(within(row).getByRole('button', { name: m.retryFile(file.name) })).toBeVisible();

    const errors = canvas.getByRole('region', { name: m.errorsTitle(1) });
    await expect(within(errors).getByText(m.errors.forbidden)).toBeVisible();
    await expect(within(errors).getByText(m.httpStatus(403))).toBeVisible();
    await expect(within(errors).getByRole('button', { name: m.copyDetailsOf(file.name) })).toBeVisible();

    // Refused from the listing (PROPFIND through the share): no upload was even tried, nothing stored.
    const state = await waitForMockState(loaded, (s) => requestsOf(s, { route: 'propfind' }).length > 0);
    // Addressed through the share (its id's node part is in the path).
    await expect(requestsOf(state, { route: 'propfind' })[0]?.path).toContain(readOnlyShare.id.split('!')[1] ?? '-');
    await expect(requestsOf(state, { route: 'tus-create' })).toEqual([]);
    await expect(state.files.filter((f) => f.path.startsWith(`${readOnlyShare.ownerPath}/new`))).toEqual([]);
    await expect(state.uploads).toEqual([]);
  },
};

const TRIP_FILES = {
  'day1/a.jpg': patternFile('a.jpg', 3000, 'image/jpeg'),
  'day1/b.jpg': patternFile('b.jpg', 5000, 'image/jpeg'),
  'day2/c.jpg': patternFile('c.jpg', 7000, 'image/jpeg'),
} as const;

export const FolderTreeDrop: Story = {
  name: 'Folder-tree drop',
  tags: ['screenshot'],
  args: {
    folder: fixtureFolder(personal, '/Photos'),
    route: { name: 'files-spaces-generic', driveAliasAndItem: `${personal.driveAlias}/Photos` },
  },
  parameters: {
    docs: {
      description: {
        story:
          'A folder “Trip” with two sub-folders and an empty one dropped into /Photos: every folder is created, the list shows where each file came from.',
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    const zone = canvas.getByRole('button', { name: new RegExp(m.dropTitle) });
    await waitFor(() => expect(zone).toBeEnabled());

    const tree = directoryEntry('Trip', [
      directoryEntry('day1', [fileEntry(TRIP_FILES['day1/a.jpg']), fileEntry(TRIP_FILES['day1/b.jpg'])]),
      directoryEntry('day2', [fileEntry(TRIP_FILES['day2/c.jpg'])]),
      directoryEntry('empty', []),
    ]);
    const transfer = dropTransfer([tree]);
    zone.dispatchEvent(dragEvent('dragenter', transfer));
    zone.dispatchEvent(dragEvent('dragover', transfer));
    await waitFor(() => expect(zone).toHaveTextContent(m.dropActive));
    zone.dispatchEvent(dragEvent('drop', transfer));

    await waitFor(() => expect(canvas.getByText(m.filesAdded(3, 1))).toBeInTheDocument());
    // The dropped folder is one row; its files are listed below it once expanded.
    const trip = await expandFolder(canvasElement, 'Trip');
    await waitFor(() => expect(within(trip).getByText(m.filesProgress(3, 3))).toBeVisible(), { timeout: 15_000 });
    for (const [relative, file] of Object.entries(TRIP_FILES)) {
      const row = await waitForRowStatus(canvasElement, file.name, 'done');
      const folder = `Trip/${relative.split('/')[0]}`;
      await expect(within(row).getByText(folder)).toBeVisible();
    }
    await expectBatchDone(canvasElement, 3);

    const state = await waitForMockState(loaded, (s: MockState) => s.uploads.filter((u) => u.complete).length === 3);
    const folders = state.folders.filter((f) => f.spaceId === personal.id).map((f) => f.path);
    await expect(folders).toEqual(
      expect.arrayContaining(['/Photos/Trip', '/Photos/Trip/day1', '/Photos/Trip/day2', '/Photos/Trip/empty']),
    );
    const topLevelIds = new Set<string | undefined>();
    for (const [relative, file] of Object.entries(TRIP_FILES)) {
      const path = `/Photos/Trip/${relative}`;
      await expectStoredSha1(loaded, path, file, { spaceId: personal.id });
      const upload = await waitForUpload(loaded, path, { status: 'complete', spaceId: personal.id });
      await expectMetadata(upload, {
        filename: file.name,
        currentFolder: '/Photos',
        currentFolderId: fixtureFolder(personal, '/Photos').id ?? '',
        relativePath: `/Trip/${relative}`,
        relativeFolder: `/Trip/${relative.split('/')[0]}`,
      });
      await expect(upload.metadata.topLevelFolderId).toMatch(/\S/);
      await expectNoUndefinedValues(upload.metadata);
      topLevelIds.add(upload.metadata.topLevelFolderId);
    }
    await expect(topLevelIds.size).toBe(1);
    await findInspectorUpload(canvasElement, '/Photos/Trip/day2/c.jpg', 'complete');
  },
};

export const TusOff: Story = {
  name: 'Tus off (PUT)',
  parameters: {
    mockOcis: { capabilities: { tus: false } } satisfies MockRuntimeConfig,
    docs: {
      description: {
        story: 'The server announces no tus support: each file goes up in one plain WebDAV PUT with its mtime.',
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    const file = textFile('plain put.txt', 'Sent with a single PUT.\n');
    await pickFiles(canvasElement, [file]);
    await waitForRowStatus(canvasElement, file.name, 'done');
    await expectBatchDone(canvasElement, 1);

    const stored = await expectStoredSha1(loaded, `/${file.name}`, file, { spaceId: personal.id });
    await expect(stored.mtime).toBe(mockFixtures.mtime);
    const state = await waitForMockState(loaded, (s) => requestsOf(s, { route: 'webdav-put' }).length > 0);
    const puts = requestsOf(state, { route: 'webdav-put' });
    await expect(puts).toHaveLength(1);
    await expect(puts[0]).toMatchObject({ method: 'PUT', status: 201, bytesReceived: file.size });
    await expect(puts[0]?.headers['x-oc-mtime']).toBe(String(mockFixtures.mtime));
    await expect(state.requests.filter((r) => r.route.startsWith('tus-'))).toEqual([]);
    await expect(state.uploads).toEqual([]);
  },
};

export const MethodOverride: Story = {
  name: 'Method override',
  parameters: {
    mockOcis: {
      capabilities: { tus: { http_method_override: 'PATCH', extension: 'creation' } },
    } satisfies MockRuntimeConfig,
    docs: {
      description: {
        story:
          'The server asks for http_method_override: every PATCH travels as POST with X-HTTP-Method-Override, the file arrives whole.',
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    const file = patternFile('override.bin', 20_000);
    await pickFiles(canvasElement, [file]);
    await waitForRowStatus(canvasElement, file.name, 'done');
    await expectBatchDone(canvasElement, 1);

    await expectStoredSha1(loaded, `/${file.name}`, file, { spaceId: personal.id });
    const state = await waitForMockState(loaded, (s) => requestsOf(s, { route: 'tus-patch' }).length > 0);
    const onData = state.requests.filter((r) => r.path.includes('/data/'));
    await expect(onData.length).toBeGreaterThan(0);
    for (const request of onData) {
      await expect({ method: request.method, effectiveMethod: request.effectiveMethod }).toEqual({
        method: 'POST',
        effectiveMethod: 'PATCH',
      });
      await expect(request.headers['x-http-method-override']).toBe('PATCH');
    }
    await expect(onData.reduce((sum, r) => sum + r.bytesReceived, 0)).toBe(file.size);
    await findInspectorUpload(canvasElement, `/${file.name}`, 'complete');
  },
};

const CHUNK = 65_536;

export const SmallChunks: Story = {
  name: 'Small chunks',
  parameters: {
    mockOcis: {
      capabilities: { tus: { max_chunk_size: CHUNK, extension: 'creation' } },
      faults: { bandwidthBytesPerSecond: 200 * 1024 },
    } satisfies MockRuntimeConfig,
    docs: {
      description: {
        story:
          'The server takes at most 64 KiB per request and the network is slow: a 600 KiB file goes up in ten PATCHes, the progress bar fills step by step.',
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    const file = patternFile('site-video-poster.png', 600 * 1024, 'image/png');
    await pickFiles(canvasElement, [file]);

    // Part way: the row's progress bar between 1 and 99 %.
    const seen: number[] = [];
    await waitFor(
      () => {
        const bar = within(canvasElement).getByRole('progressbar', { name: m.progressLabel(file.name) });
        const value = Number(bar.getAttribute('aria-valuenow'));
        seen.push(value);
        expect(value).toBeGreaterThanOrEqual(1);
        expect(value).toBeLessThanOrEqual(99);
        expect(bar).toHaveAttribute('aria-valuetext', m.percent(value));
      },
      { timeout: 10_000, interval: 50 },
    );
    await expect(within(fileRow(canvasElement, file.name)).getByText(m.fileStatus.uploading)).toBeVisible();

    await waitForRowStatus(canvasElement, file.name, 'done', { timeout: 20_000 });
    await expectBatchDone(canvasElement, 1);
    await expect(within(canvasElement).getByRole('progressbar', { name: m.progressLabel(file.name) })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );

    await expectStoredSha1(loaded, `/${file.name}`, file, { spaceId: personal.id });
    const state = await waitForMockState(loaded, (s) => s.uploads.some((u) => u.complete));
    const patches = requestsOf(state, { route: 'tus-patch', method: 'PATCH' });
    await expect(patches.length).toBeGreaterThanOrEqual(10);
    await expect(patches.filter((r) => r.bytesReceived > CHUNK)).toEqual([]);
    await expect(patches.reduce((sum, r) => sum + r.bytesReceived, 0)).toBe(file.size);
    await findInspectorUpload(canvasElement, `/${file.name}`, 'complete');
  },
};
