import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { mockFixtures } from '../src/mock/fixtures.ts';
import type { MockRuntimeConfig, MockState } from '../src/mock/types.ts';
import { formatBytes } from '../src/react/format.ts';
import { messagesEn, SpaceUploader, type SpaceUploaderProps } from '../src/react/index.ts';
import '../src/react/styles/index.css';
import {
  directoryEntry,
  dropEntries,
  expandFolder,
  expectStoredSha1,
  fileEntry,
  fileRow,
  findFile,
  findInspector,
  mockState,
  pickFiles,
  putFile,
  requestsOf,
  storyMockOf,
  storyThemeOf,
  waitForMockState,
  waitForRowStatus,
} from './support/index.ts';

// The checks before upload: before a byte moves, the uploader lists every target folder (PROPFIND), asks what to do
// with a name that is taken, sums the batch against the space's free quota and refuses read-only targets. Each story
// seeds or configures its own mock oCIS, then checks both the screen and what the mock received (or did not).

const m = messagesEn;
const { personal, nearlyFull, readOnlyShare } = mockFixtures;

type Space = SpaceUploaderProps['space'];
const spaceOf = (s: { id: string; name: string; driveAlias: string; driveType: string }): Space => ({
  id: s.id,
  name: s.name,
  driveAlias: s.driveAlias,
  driveType: s.driveType,
});

/** The fixture folder at `path` of the personal space, as the web UI names it. */
function personalFolder(path: string): NonNullable<SpaceUploaderProps['folder']> {
  const item = personal.items.find((candidate) => candidate.path === path);
  if (!item) throw new Error(`no fixture folder ${path}`);
  return { path, id: `${personal.id}!${item.nodeId}` };
}

const documents = personalFolder('/Documents');

function textFile(name: string, text: string): File {
  return new File([text], name, { type: 'text/plain', lastModified: mockFixtures.mtime * 1000 });
}

/** `size` bytes of a pattern that is not all equal (so a misplaced chunk changes the SHA-1). */
function patternFile(name: string, size: number, seed = 1): File {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) bytes[i] = (i * 31 + seed + (i >> 8)) & 0xff;
  return new File([bytes], name, { type: 'application/octet-stream', lastModified: mockFixtures.mtime * 1000 });
}

const size = (bytes: number) => formatBytes(bytes, m.locale, m.byteUnits);

// ---- driving the component ------------------------------------------------------------------------------------

function summary(canvasElement: HTMLElement): HTMLElement {
  return within(canvasElement).getByRole('region', { name: m.summaryLabel });
}

/** The summary shows the batch as done, `n of n files`. */
async function expectBatchDone(canvasElement: HTMLElement, files: number, timeout = 20_000): Promise<void> {
  await waitFor(
    () => {
      const region = within(summary(canvasElement));
      expect(region.getByText(m.batchStatus.done)).toBeVisible();
      expect(region.getByText(m.filesProgress(files, files))).toBeVisible();
    },
    { timeout },
  );
}

/** The conflict dialog, once it asks about `heading`. */
function conflictDialog(canvasElement: HTMLElement, heading: string): Promise<HTMLElement> {
  return within(canvasElement).findByRole('dialog', { name: heading }, { timeout: 10_000 });
}

function uploader(args: SpaceUploaderProps, { loaded, globals }: StoryContext<SpaceUploaderProps>) {
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
  title: 'SpaceUploader/Checks before upload',
  component: SpaceUploader,
  parameters: {
    layout: 'padded',
    docs: {
      description: {
        component:
          'What happens before a byte moves: name conflicts are asked about (replace, keep both, merge, skip), the ' +
          'batch is measured against the free space, read-only targets are refused and dropped folder trees are ' +
          'created first. Each story seeds its own mock oCIS; the server inspector below shows what it received.',
      },
    },
  },
  argTypes: {
    serverUrl: { control: false, description: 'The story’s own mock instance (set by the render function).' },
    accessToken: { control: false, description: 'A token the story’s mock accepts (set by the render function).' },
    onConflict: {
      control: false,
      description: 'Decides name conflicts itself; unset here, so the component asks in its dialog.',
    },
  },
  args: { serverUrl: '', space: spaceOf(personal), folder: documents },
  render: uploader,
} satisfies Meta<SpaceUploaderProps>;

export default meta;

type Story = StoryObj<typeof meta>;

// ---- name conflicts ---------------------------------------------------------------------------------------------

const AGENDA_ON_SERVER = 'Agenda, as stored by a colleague\n';
const AGENDA_NEW = 'Agenda, the version on my laptop: longer\n';

export const ConflictDialog: Story = {
  name: 'Conflict dialog',
  tags: ['screenshot'],
  parameters: {
    docs: {
      description: {
        story:
          '“agenda.txt” is already in /Documents (stored by another client just before). Two files are picked, one of ' +
          'them “agenda.txt”: the dialog asks; “Keep both” stores the new one as “agenda (1).txt” and leaves the ' +
          'existing file as it was.',
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    // Another client stores agenda.txt first.
    await putFile(loaded, personal.id, '/Documents/agenda.txt', AGENDA_ON_SERVER);
    const agenda = textFile('agenda.txt', AGENDA_NEW);
    const minutes = textFile('minutes.txt', 'Minutes\n');
    await pickFiles(canvasElement, [agenda, minutes]);

    const dialog = await conflictDialog(canvasElement, m.conflictTitle('file', 'file', 'agenda.txt', '/Documents'));
    await expect(dialog).toHaveAttribute('aria-modal', 'true');
    await expect(dialog).toHaveAccessibleDescription(
      m.conflictFileSizes(size(new Blob([AGENDA_ON_SERVER]).size), size(agenda.size)),
    );
    const choices = within(dialog).getAllByRole('button', { name: /^(Replace|Keep both|Skip)$/ });
    await expect(choices.map((b) => b.textContent)).toEqual([m.conflictReplace, m.conflictKeepBoth, m.conflictSkip]);
    const keepBoth = within(dialog).getByRole('button', { name: m.conflictKeepBoth });
    await waitFor(() => expect(keepBoth).toHaveFocus());
    await expect(keepBoth).toHaveAccessibleDescription(m.conflictKeepBothHint('file', 'agenda (1).txt'));
    // While it waits for the answer, the summary says why nothing moves, and nothing was sent.
    await expect(within(summary(canvasElement)).getByText(m.checkingTarget)).toBeVisible();
    await expect(requestsOf(await mockState(loaded), { route: 'tus-create' })).toEqual([]);

    await userEvent.click(keepBoth);
    await waitFor(() => expect(canvas.queryByRole('dialog')).toBeNull());

    const renamed = await waitForRowStatus(canvasElement, 'agenda (1).txt', 'done');
    await expect(within(renamed).getByText(m.savedAs('agenda (1).txt', 'agenda.txt'))).toBeVisible();
    await waitForRowStatus(canvasElement, minutes.name, 'done');
    await expectBatchDone(canvasElement, 2);

    // Both are stored: the existing file untouched, the new one beside it.
    await expectStoredSha1(loaded, '/Documents/agenda.txt', AGENDA_ON_SERVER, { spaceId: personal.id });
    await expectStoredSha1(loaded, '/Documents/agenda (1).txt', agenda, { spaceId: personal.id });
    const state = await mockState(loaded);
    await expect(findFile(state, '/Documents/agenda.txt', personal.id)?.versions).toBe(1);
    const inspector = await findInspector(canvasElement);
    await waitFor(
      () => {
        const stored = [...inspector.querySelectorAll<HTMLElement>('[data-testid="inspector-file"]')].map(
          (row) => row.dataset.path,
        );
        expect(stored).toEqual(expect.arrayContaining(['/Documents/agenda.txt', '/Documents/agenda (1).txt']));
      },
      { timeout: 10_000 },
    );
  },
};

const REPORT_ON_SERVER = 'Q1 report, first draft\n';
const REPORT_NEW = 'Q1 report, final version with all the numbers checked twice\n';

export const ConflictReplace: Story = {
  name: 'Conflict: replace',
  parameters: {
    docs: {
      description: {
        story:
          '“report.txt” exists in /Documents; the new one replaces it: the row says so, and the mock keeps one file ' +
          'with the same file id, the new size and a second version.',
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    const fileId = await putFile(loaded, personal.id, '/Documents/report.txt', REPORT_ON_SERVER);
    const before = findFile(await mockState(loaded), '/Documents/report.txt', personal.id);
    await expect(before).toMatchObject({ size: new Blob([REPORT_ON_SERVER]).size, versions: 1 });
    if (fileId) await expect(before?.fileId).toBe(fileId);

    const report = textFile('report.txt', REPORT_NEW);
    await pickFiles(canvasElement, [report]);
    const dialog = await conflictDialog(canvasElement, m.conflictTitle('file', 'file', 'report.txt', '/Documents'));
    await expect(within(dialog).getByRole('button', { name: m.conflictReplace })).toHaveAccessibleDescription(
      m.conflictReplaceHint,
    );
    await userEvent.click(within(dialog).getByRole('button', { name: m.conflictReplace }));

    const row = await waitForRowStatus(canvasElement, report.name, 'done');
    await expect(within(row).getByText(m.replacesExisting)).toBeVisible();
    await expectBatchDone(canvasElement, 1);

    await expectStoredSha1(loaded, '/Documents/report.txt', report, { spaceId: personal.id });
    const state = await mockState(loaded);
    const after = state.files.filter((f) => f.spaceId === personal.id && f.path.startsWith('/Documents/report'));
    await expect(after).toHaveLength(1);
    await expect(after[0]).toMatchObject({ fileId: before?.fileId, size: report.size, versions: 2 });
  },
};

export const ConflictFolders: Story = {
  name: 'Conflict: folders, merge for all',
  tags: ['screenshot'],
  args: { folder: undefined },
  parameters: {
    docs: {
      description: {
        story:
          'The folders “Documents” and “Photos” are dropped onto the personal space, where both exist. The first ' +
          'question offers “Merge” and “Do this for the other folder conflict”; with both, “Photos” is merged without ' +
          'asking. Inside, “notes.txt” exists too: the dialog stays open on that question (as designers review it).',
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    const zone = canvas.getByRole('button', { name: new RegExp(m.dropTitle) });
    await waitFor(() => expect(zone).toBeEnabled());
    dropEntries(zone, [
      directoryEntry('Documents', [
        fileEntry(textFile('notes.txt', 'My notes\n')),
        fileEntry(textFile('extra.txt', 'x\n')),
      ]),
      directoryEntry('Photos', [fileEntry(textFile('holiday.txt', 'Beach\n'))]),
    ]);

    const folders = await conflictDialog(canvasElement, m.conflictTitle('folder', 'folder', 'Documents', '/'));
    await expect(folders).toHaveAccessibleDescription(
      m.conflictFolderContent(2, size(new Blob(['My notes\n', 'x\n']).size)),
    );
    const merge = within(folders).getByRole('button', { name: m.conflictMerge });
    await waitFor(() => expect(merge).toHaveFocus());
    await expect(merge).toHaveAccessibleDescription(m.conflictMergeHint);
    await expect(within(folders).getByRole('button', { name: m.conflictKeepBoth })).toHaveAccessibleDescription(
      m.conflictKeepBothHint('folder', 'Documents (1)'),
    );
    await expect(within(folders).queryByRole('button', { name: m.conflictReplace })).toBeNull();
    await userEvent.click(within(folders).getByRole('checkbox', { name: m.conflictApplyToAll('folder', 1) }));
    await userEvent.click(merge);

    // "Photos" was merged without a question; the next one is about a file inside "Documents".
    const file = await conflictDialog(canvasElement, m.conflictTitle('file', 'file', 'notes.txt', '/Documents'));
    await expect(within(file).getByRole('button', { name: m.conflictKeepBoth })).toHaveFocus();
    await expect(within(file).getByRole('checkbox', { name: m.conflictApplyToAll('file', 0) })).not.toBeChecked();
    await expect(canvas.getAllByRole('dialog')).toHaveLength(1);
    // Nothing was created or sent while the user decides.
    const state = await mockState(loaded);
    await expect(requestsOf(state, { route: 'mkcol' })).toEqual([]);
    await expect(requestsOf(state, { route: 'tus-create' })).toEqual([]);
  },
};

// ---- free space ---------------------------------------------------------------------------------------------------

/** Each fits the 256 KiB left in “Archive”; together they do not. */
const QUOTA_FILES = [
  { name: 'scan-1.pdf', size: 150_000, seed: 3 },
  { name: 'scan-2.pdf', size: 150_000, seed: 4 },
];

export const QuotaRefusal: Story = {
  name: 'Quota refusal',
  args: { space: spaceOf(nearlyFull), folder: undefined },
  parameters: {
    docs: {
      description: {
        story:
          'Two files of 150 KB into “Archive”, which has 256 KiB left: each would fit, together they do not. The ' +
          'batch waits before a byte is sent, the banner says how much is missing; “Cancel these files” gives up on ' +
          'them.',
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    const files = QUOTA_FILES.map((f) => patternFile(f.name, f.size, f.seed));
    await pickFiles(canvasElement, files);

    const alert = await canvas.findByRole('alert', {}, { timeout: 10_000 });
    const space = (await mockState(loaded)).spaces.find((s) => s.id === nearlyFull.id);
    const available = space?.quota?.remaining ?? 0;
    const needed = files.reduce((sum, f) => sum + f.size, 0);
    await expect(available).toBe(256 * 1024);
    await expect(alert).toHaveTextContent(
      m.holdNotEnoughSpace(nearlyFull.name, size(needed), size(available), size(needed - available)),
    );
    await expect(alert).toHaveTextContent(m.holdFilesWaiting(2));
    for (const file of files) {
      await waitFor(() => {
        const row = fileRow(canvasElement, file.name);
        expect(row).toHaveAttribute('data-hold', 'quota');
        expect(within(row).getByText(m.waitingForSpace)).toBeVisible();
      });
    }

    // Refused before upload: the mock was asked about the space, and received no upload at all.
    let state = await mockState(loaded);
    await expect(requestsOf(state, { route: 'tus-create' })).toEqual([]);
    await expect(state.uploads).toEqual([]);

    await userEvent.click(canvas.getByRole('button', { name: m.holdCancelFiles }));
    for (const file of files) await waitForRowStatus(canvasElement, file.name, 'canceled');
    await waitFor(() => expect(canvas.queryByRole('alert')).toBeNull());
    state = await mockState(loaded);
    await expect(requestsOf(state, { route: 'tus-create' })).toEqual([]);
    await expect(state.files.filter((f) => f.spaceId === nearlyFull.id)).toEqual([]);
  },
};

// ---- folder trees ---------------------------------------------------------------------------------------------

/** 30 files in three levels below “Handover”, and one empty folder: 11 folders to create. */
const TREE: Record<string, string[]> = {
  'Handover/docs/2025': ['plan.txt', 'budget.txt', 'minutes-01.txt', 'minutes-02.txt', 'minutes-03.txt'],
  'Handover/docs/2026': ['plan.txt', 'budget.txt', 'minutes-01.txt', 'minutes-02.txt', 'minutes-03.txt'],
  'Handover/images/raw': ['img-001.raw', 'img-002.raw', 'img-003.raw', 'img-004.raw'],
  'Handover/images/web': ['img-001.jpg', 'img-002.jpg', 'img-003.jpg', 'img-004.jpg'],
  'Handover/code/lib': ['index.ts', 'util.ts', 'types.ts'],
  'Handover/code/test': ['index.test.ts', 'util.test.ts', 'types.test.ts'],
  'Handover/docs': ['README.txt', 'CHANGES.txt'],
  Handover: ['overview.txt', 'contacts.txt', 'todo.txt', 'notes.txt'],
};
const TREE_FOLDERS = [
  'Handover',
  'Handover/docs',
  'Handover/images',
  'Handover/code',
  'Handover/empty',
  'Handover/docs/2025',
  'Handover/docs/2026',
  'Handover/images/raw',
  'Handover/images/web',
  'Handover/code/lib',
  'Handover/code/test',
];
const TREE_FILES = Object.entries(TREE).flatMap(([folder, names]) =>
  names.map((name, i) => ({ path: `${folder}/${name}`, file: textFile(name, `${folder}/${name} #${i}\n`) })),
);

/** The drop: directory entries built from `TREE`, plus the empty folder. */
function handoverTree() {
  const children = (folder: string): Parameters<typeof directoryEntry>[1] => {
    const sub = TREE_FOLDERS.filter((f) => f.startsWith(`${folder}/`) && !f.slice(folder.length + 1).includes('/'));
    return [
      ...sub.map((f) => directoryEntry(f.slice(folder.length + 1), children(f))),
      ...TREE_FILES.filter((t) => t.path.slice(0, t.path.lastIndexOf('/')) === folder).map((t) => fileEntry(t.file)),
    ];
  };
  return directoryEntry('Handover', children('Handover'));
}

export const FolderTreeProgress: Story = {
  name: 'Folder-tree progress',
  args: { folder: personalFolder('/Photos') },
  parameters: {
    mockOcis: { faults: { latencyMs: 250 } } satisfies MockRuntimeConfig,
    docs: {
      description: {
        story:
          'A folder “Handover” with 30 files in three levels and an empty folder, dropped into /Photos on a slow line ' +
          '(250 ms per request): the summary counts the folders as they are created (“Creating folders 4 of 11”), ' +
          'then the files go.',
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    await expect(TREE_FILES).toHaveLength(30);
    const canvas = within(canvasElement);
    const zone = canvas.getByRole('button', { name: new RegExp(m.dropTitle) });
    await waitFor(() => expect(zone).toBeEnabled());
    dropEntries(zone, [handoverTree()]);
    await waitFor(() => expect(canvas.getByText(m.filesAdded(30, 1))).toBeInTheDocument());

    // Visible while the folders are made (MKCOL, a few at a time, each slowed down by the latency).
    const creating = new RegExp(`^${m.creatingFolders(0, TREE_FOLDERS.length).replace(/\d+ /, '\\d+ ')}$`);
    await expect(await within(summary(canvasElement)).findByText(creating, {}, { timeout: 15_000 })).toBeVisible();

    await expectBatchDone(canvasElement, 30, 45_000);
    await waitFor(() => expect(within(summary(canvasElement)).queryByText(creating)).toBeNull());

    const state = await waitForMockState(
      loaded,
      (s: MockState) => s.files.filter((f) => f.path.startsWith('/Photos/Handover/')).length === 30,
      20_000,
    );
    const folders = state.folders.filter((f) => f.spaceId === personal.id).map((f) => f.path);
    await expect(folders).toEqual(expect.arrayContaining(TREE_FOLDERS.map((f) => `/Photos/${f}`)));
    // Each folder created once, parents before children.
    const mkcols = requestsOf(state, { route: 'mkcol' });
    await expect(mkcols.filter((r) => r.status === 201)).toHaveLength(TREE_FOLDERS.length);
    const created = mkcols.map((r) => decodeURIComponent(r.path));
    for (const folder of TREE_FOLDERS) {
      const parent = folder.slice(0, folder.lastIndexOf('/'));
      if (!parent) continue;
      const at = (f: string) => created.findIndex((p) => p.endsWith(`/Photos/${f}`));
      await expect(at(parent)).toBeLessThan(at(folder));
    }
    for (const { path, file } of TREE_FILES.slice(0, 3)) {
      await expectStoredSha1(loaded, `/Photos/${path}`, file, { spaceId: personal.id });
    }
  },
};

export const FolderNotCreated: Story = {
  name: 'Empty folder not created',
  args: { folder: personalFolder('/Photos') },
  parameters: {
    // The server refuses one MKCOL (the empty folder's); everything else goes.
    mockOcis: {
      faults: { rules: [{ type: 'status', status: 403, route: 'mkcol', nth: 2, times: 1 }] },
    } satisfies MockRuntimeConfig,
    docs: {
      description: {
        story:
          'A folder “Trip” with one photo and an empty folder “Drafts”, dropped into /Photos; the server refuses to ' +
          'create “Drafts”. The photo uploads; the errors list says which folder was not created and why, with the ' +
          'request id, instead of losing it without a word. The summary offers “Retry failed” though no file ' +
          'failed: it sends the MKCOL again, and this time “Drafts” is created.',
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    const zone = canvas.getByRole('button', { name: new RegExp(m.dropTitle) });
    await waitFor(() => expect(zone).toBeEnabled());
    dropEntries(zone, [
      directoryEntry('Trip', [fileEntry(textFile('beach.jpg', 'sand\n')), directoryEntry('Drafts', [])]),
    ]);
    const trip = await expandFolder(canvasElement, 'Trip');
    await waitForRowStatus(canvasElement, 'beach.jpg', 'done');
    const errors = await canvas.findByRole('region', { name: m.folderErrorsTitle(1) }, { timeout: 10_000 });
    await expect(within(errors).getByText('Drafts')).toBeVisible();
    await expect(within(errors).getByText(m.folderNotCreated(m.errors.forbidden))).toBeVisible();
    // Named from the drop, as the rows name it ("Trip", not "Photos/Trip"); the folder is not a green "done".
    await expect(within(errors).getByText('Trip')).toBeVisible();
    await expect(within(fileRow(canvasElement, 'beach.jpg')).getByText('Trip')).toBeVisible();
    await waitFor(() => expect(trip).toHaveAttribute('data-status', 'failed'));
    await expect(within(trip).getByText(m.folderErrorsTitle(1))).toBeVisible();
    await expect(within(trip).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    await expect(within(summary(canvasElement)).getByText(m.batchStatus.failed)).toBeVisible();
    const state = await mockState(loaded);
    await expect(requestsOf(state, { route: 'mkcol' }).map((r) => r.status)).toEqual([201, 403]);

    // The only failure is the folder: "Retry failed" still shows, and creates it.
    await userEvent.click(within(summary(canvasElement)).getByRole('button', { name: m.retryFailed }));
    await waitFor(() => expect(trip).toHaveAttribute('data-status', 'done'), { timeout: 10_000 });
    await expect(canvas.queryByRole('region', { name: m.folderErrorsTitle(1) })).toBeNull();
    await expect(within(summary(canvasElement)).queryByRole('button', { name: m.retryFailed })).toBeNull();
    const after = await mockState(loaded);
    await expect(requestsOf(after, { route: 'mkcol' }).map((r) => r.status)).toEqual([201, 403, 201]);
    await expect(after.folders.map((f) => f.path)).toContain('/Photos/Trip/Drafts');
  },
};

// ---- read-only targets --------------------------------------------------------------------------------------------

export const ReadOnlyShare: Story = {
  name: 'Read-only share',
  args: {
    space: {
      id: readOnlyShare.id,
      name: readOnlyShare.name,
      driveAlias: readOnlyShare.driveAlias,
      driveType: 'mountpoint',
    },
    folder: undefined,
    route: {
      name: 'files-spaces-generic',
      driveAliasAndItem: readOnlyShare.driveAlias,
      shareId: readOnlyShare.shareId,
    },
  },
  parameters: {
    docs: {
      description: {
        story:
          `A file picked into the read-only share “${readOnlyShare.name}”: the listing shows no permission to create ` +
          'files, so the file fails before anything is sent, with the same words as a 403 from the server.',
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    const file = textFile('new rules.txt', 'Rule 1: be nice.\n');
    await pickFiles(canvasElement, [file]);

    const row = await waitForRowStatus(canvasElement, file.name, 'failed');
    await expect(within(row).getByText(m.errors.forbidden)).toBeVisible();
    await expect(m.errors.forbidden).toBe("You can't upload here.");
    const errors = within(canvasElement).getByRole('region', { name: m.errorsTitle(1) });
    await expect(within(errors).getByText(m.errors.forbidden)).toBeVisible();

    // The share was listed, and nothing was sent to it.
    const state = await mockState(loaded);
    await expect(requestsOf(state, { route: 'propfind' }).length).toBeGreaterThan(0);
    await expect(requestsOf(state, { route: 'tus-create' })).toEqual([]);
    await expect(requestsOf(state, { route: 'webdav-put' })).toEqual([]);
    await expect(state.uploads).toEqual([]);
    await expect(state.files.filter((f) => f.path.startsWith(`${readOnlyShare.ownerPath}/new`))).toEqual([]);
  },
};
