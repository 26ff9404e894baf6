import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { UploadError, type UploadItem } from '../src/core/index.ts';
import { mockFixtures } from '../src/mock/fixtures.ts';
import type { MockRuntimeConfig } from '../src/mock/types.ts';
import { FileList, messagesEn, SpaceUploader, type SpaceUploaderProps } from '../src/react/index.ts';
import '../src/react/styles/index.css';
import { makeUploadItem } from '../test/support/upload-item.ts';
import {
  directoryEntry,
  dropEntries,
  expandFolder,
  fileEntry,
  folderRow,
  mockState,
  pickFiles,
  requestsOf,
  storyMockOf,
  storyThemeOf,
  waitForRowStatus,
} from './support/index.ts';

// How a big batch reads: a dropped folder is one row (its files listed on demand, still virtualised), and failures
// are grouped by cause, one card each.

const m = messagesEn;
const { personal } = mockFixtures;
const space = {
  id: personal.id,
  name: personal.name,
  driveAlias: personal.driveAlias,
  driveType: personal.driveType,
} satisfies SpaceUploaderProps['space'];
const documents = { path: '/Documents', id: `${personal.id}!${personal.items[0].nodeId}` };

function renderUploader(args: SpaceUploaderProps, { loaded, globals }: StoryContext<SpaceUploaderProps>) {
  const mock = storyMockOf(loaded);
  return (
    <SpaceUploader
      {...args}
      serverUrl={mock.serverUrl}
      accessToken={mock.token}
      theme={storyThemeOf(globals)}
      transfer={{ retryDelays: [0] }}
    />
  );
}

const meta = {
  title: 'SpaceUploader/Folders and errors',
  component: SpaceUploader,
  args: { serverUrl: '', space, folder: documents },
  argTypes: {
    serverUrl: { control: false, description: 'The story’s own mock instance (set by the render function).' },
  },
  render: renderUploader,
  parameters: {
    layout: 'padded',
    docs: {
      description: {
        component:
          'A dropped folder is one row with its own progress (its files listed when expanded); failures are grouped ' +
          'by cause, one card per reason with “Retry these” and one “Copy details”.',
      },
    },
  },
} satisfies Meta<typeof SpaceUploader>;

export default meta;
type Story = StoryObj<typeof meta>;

const summary = (root: HTMLElement) => within(root).getByRole('region', { name: m.summaryLabel });
const listRows = (root: HTMLElement) => root.querySelectorAll('li[data-su-row]');
/** "1,204 of 5,000 files" → [1204, 5000]. */
function filesProgressOf(text: string): [number, number] {
  const match = /([\d,]+) of ([\d,]+) files?/.exec(text);
  if (!match) throw new Error(`no file count in “${text}”`);
  return [Number(match[1]?.replace(/,/g, '')), Number(match[2]?.replace(/,/g, ''))];
}

const PHOTOS = 5000;

export const FolderRow: Story = {
  name: 'Folder row (5,000 files)',
  parameters: {
    docs: {
      description: {
        story:
          'A loose file, then a folder “Photos” of 5,000 files (half of them in “2025”) dropped into /Documents: the ' +
          'folder is one row, “N of 5,000 files” with its bytes and one bar, counting with the summary, and the ' +
          'controls of a file row for its files: “Pause Photos” pauses its 5,000 files (not the batch), “Resume ' +
          'Photos” and “Cancel Photos” likewise. Expanded, its files are listed below it in the same virtual list (a ' +
          'few DOM rows, not 5,000); Right and Left open and close it from the keyboard, and Left on one of its files ' +
          'goes to its row.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const notes = new File(['agenda\n'], 'agenda-2026.txt', { type: 'text/plain' });
    await pickFiles(canvasElement, [notes]);
    await waitForRowStatus(canvasElement, notes.name, 'done');

    const photos = Array.from(
      { length: PHOTOS },
      (_, i) => new File([`photo ${i}\n`], `IMG_${String(i).padStart(4, '0')}.jpg`, { type: 'image/jpeg' }),
    );
    const zone = canvas.getByRole('button', { name: new RegExp(m.dropTitle) });
    dropEntries(zone, [
      directoryEntry('Photos', [
        directoryEntry('2025', photos.slice(0, PHOTOS / 2).map(fileEntry)),
        ...photos.slice(PHOTOS / 2).map(fileEntry),
      ]),
    ]);
    await waitFor(() => expect(canvas.getByText(m.filesAdded(PHOTOS, 0))).toBeInTheDocument(), { timeout: 20_000 });

    // Two rows: the loose file and the folder.
    const toggle = await canvas.findByRole('button', { name: m.folderFiles('Photos') }, { timeout: 20_000 });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(listRows(canvasElement)).toHaveLength(2);
    const row = folderRow(canvasElement, 'Photos');
    await expect(within(row).getByRole('progressbar', { name: m.progressLabel('Photos') })).toBeVisible();

    // Some go, then the folder's own Pause stops its files: the batch is paused (the loose file is done), and the
    // folder counts what the summary counts (less the loose file).
    await waitFor(() => expect(filesProgressOf(row.textContent ?? '')[0]).toBeGreaterThanOrEqual(10), {
      timeout: 30_000,
    });
    await expect(within(row).queryByRole('button', { name: m.resumeFolder('Photos') })).toBeNull();
    await userEvent.click(within(row).getByRole('button', { name: m.pauseFolder('Photos') }));
    await waitFor(() => expect(within(summary(canvasElement)).getByText(m.batchStatus.paused)).toBeVisible(), {
      timeout: 15_000,
    });
    // Pause or Resume, never both; Cancel stays while anything in it is unfinished.
    await waitFor(() => expect(within(row).queryByRole('button', { name: m.pauseFolder('Photos') })).toBeNull());
    await expect(within(row).getByRole('button', { name: m.resumeFolder('Photos') })).toBeVisible();
    await expect(within(row).getByRole('button', { name: m.cancelFolder('Photos') })).toBeVisible();
    await waitFor(() => {
      const [done, total] = filesProgressOf(row.querySelector('.su-file__status')?.textContent ?? '');
      const batch = filesProgressOf(summary(canvasElement).textContent ?? '');
      expect(total).toBe(PHOTOS);
      expect([done + 1, total + 1]).toEqual(batch);
    });
    await expect(row).toHaveAttribute('data-status', 'paused');

    // Expanded: the files below it, in the same virtual list, only a few in the DOM.
    await expandFolder(canvasElement, 'Photos');
    await expect(toggle).toHaveAttribute('aria-controls', canvasElement.querySelector('ul.su-vlist__rows')?.id);
    const rows = listRows(canvasElement);
    await expect(rows.length).toBeLessThan(60);
    await expect(rows[0]).toHaveAttribute('aria-setsize', String(PHOTOS + 2));
    const first = rows[2] as HTMLElement;
    await expect(first).toHaveClass('su-file-row--nested');
    // Each file says where in the drop it came from.
    await expect(within(first).getByText(/^Photos(\/2025)?$/)).toBeVisible();

    // The keyboard: Left closes, Right opens, on the focused folder row.
    const item = row.closest<HTMLElement>('li[data-su-row]') as HTMLElement;
    item.focus();
    await userEvent.keyboard('{ArrowLeft}');
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(listRows(canvasElement)).toHaveLength(2);
    await userEvent.keyboard('{ArrowRight}');
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    // Left on one of its files goes back to the folder's row (a tree's parent), which stays open.
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    await expect(document.activeElement).toHaveClass('su-file-row--nested');
    await userEvent.keyboard('{ArrowLeft}');
    await expect(document.activeElement).toBe(item);
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');

    // Its Resume lets its files go on; its Cancel stops what is left of them: nothing more is sent from here on.
    await userEvent.click(within(row).getByRole('button', { name: m.resumeFolder('Photos') }));
    await waitFor(() => expect(row).not.toHaveAttribute('data-status', 'paused'), { timeout: 15_000 });
    await userEvent.click(await within(row).findByRole('button', { name: m.cancelFolder('Photos') }));
    await waitFor(() => expect(row).toHaveAttribute('data-status', 'done'), { timeout: 15_000 });
    await expect(within(row).queryByRole('button', { name: m.cancelFolder('Photos') })).toBeNull();
  },
};

const REFUSED = 15;

export const GroupedErrors: Story = {
  name: 'Errors grouped by cause',
  parameters: {
    mockOcis: {
      faults: { rules: [{ type: 'status', status: 403, route: 'tus-create', times: 'always' }] },
    } satisfies MockRuntimeConfig,
    docs: {
      description: {
        story:
          'The server refuses 15 uploads (403) and one name has a “\\” it does not allow: two cards, not 16. ' +
          '“15 files: You can’t upload here.” lists its files with their request ids on demand and copies all their ' +
          'details at once; once the server allows it again, “Retry these” uploads them.',
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    const files = Array.from(
      { length: REFUSED },
      (_, i) => new File([`report ${i}\n`], `report-${i + 1}.txt`, { type: 'text/plain' }),
    );
    const badName = new File(['x\n'], 'draft\\v2.txt', { type: 'text/plain' });
    await pickFiles(canvasElement, [...files, badName]);

    const panel = await canvas.findByRole('region', { name: m.errorsTitle(REFUSED + 1) }, { timeout: 20_000 });
    const cards = within(panel).getAllByRole('listitem');
    await expect(cards).toHaveLength(2);
    const [refused, invalid] = cards as [HTMLElement, HTMLElement];
    await expect(within(refused).getByText(m.errorGroupFiles(REFUSED))).toBeVisible();
    await expect(within(refused).getByText(m.errors.forbidden)).toBeVisible();
    await expect(within(invalid).getByText('draft\\v2.txt')).toBeVisible();
    await expect(within(invalid).queryByRole('button', { name: /retry/i })).toBeNull();
    // One "Copy details" per cause (and one for all), not one per file.
    await expect(within(panel).getAllByRole('button', { name: new RegExp(m.copyDetails) })).toHaveLength(2);

    // The files, with the request id of each refused creation.
    const show = within(refused).getByRole('button', { name: m.showFiles });
    await userEvent.click(show);
    await expect(show).toHaveAttribute('aria-expanded', 'true');
    const list = document.getElementById(show.getAttribute('aria-controls') ?? '') as HTMLElement;
    const entries = within(list).getAllByRole('listitem');
    await expect(entries).toHaveLength(REFUSED);
    const state = await mockState(loaded);
    const ids = requestsOf(state, { route: 'tus-create', status: 403 }).map((r) => r.requestId);
    // At least one refused creation per file (a refusal may be tried again).
    await expect(ids.length).toBeGreaterThanOrEqual(REFUSED);
    for (const entry of entries) {
      const id = entry.querySelector('.su-errors__request-id')?.textContent ?? '';
      await expect(ids).toContain(id);
    }

    // "Copy details" for the group: copied, or shown to copy by hand (a headless page may be denied the clipboard).
    await userEvent.click(within(refused).getByRole('button', { name: m.copyDetailsOfGroup(REFUSED) }));
    await waitFor(() =>
      expect(refused.querySelector('.su-errors__copied') ?? refused.querySelector('.su-errors__manual')).not.toBeNull(),
    );

    // The server allows it again: "Retry these" uploads the 15; the refused name stays.
    await storyMockOf(loaded).setFaults({ rules: [] });
    await userEvent.click(within(refused).getByRole('button', { name: m.retryTheseOf(REFUSED) }));
    for (const file of files.slice(0, 2)) await waitForRowStatus(canvasElement, file.name, 'done');
    const remaining = await canvas.findByRole('region', { name: m.errorsTitle(1) }, { timeout: 20_000 });
    await expect(within(remaining).getAllByRole('listitem')).toHaveLength(1);
  },
};

export const FolderRowRetry: Story = {
  name: 'Folder not created, its files retried',
  parameters: {
    // The first MKCOL (Trip) fails once; Trip/day1 fails with it.
    mockOcis: {
      faults: { rules: [{ type: 'status', status: 500, route: 'mkcol', times: 1 }] },
    } satisfies MockRuntimeConfig,
    docs: {
      description: {
        story:
          'A folder “Trip” (beach.jpg, and day1/dunes.jpg) dropped into /Documents; the server fails to create ' +
          '“Trip”, so both files fail with that reason. The folder row offers “Retry failed files in Trip” (no Pause, ' +
          'no Cancel: nothing in it is unfinished): it creates “Trip” and “Trip/day1” again, then uploads the two.',
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    const zone = canvas.getByRole('button', { name: new RegExp(m.dropTitle) });
    await waitFor(() => expect(zone).toBeEnabled());
    dropEntries(zone, [
      directoryEntry('Trip', [
        fileEntry(new File(['sand\n'], 'beach.jpg', { type: 'image/jpeg' })),
        directoryEntry('day1', [fileEntry(new File(['dune\n'], 'dunes.jpg', { type: 'image/jpeg' }))]),
      ]),
    ]);
    const row = await waitFor(
      () => {
        const trip = folderRow(canvasElement, 'Trip');
        expect(trip).toHaveAttribute('data-status', 'failed');
        return trip;
      },
      { timeout: 15_000 },
    );
    await expect(within(row).getByText(m.statusCount('failed', 2))).toBeVisible();
    const buttons = within(row)
      .getAllByRole('button')
      .filter((b) => !b.hasAttribute('aria-expanded'));
    await expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([m.retryFolder('Trip')]);

    await userEvent.click(within(row).getByRole('button', { name: m.retryFolder('Trip') }));
    await waitFor(() => expect(row).toHaveAttribute('data-status', 'done'), { timeout: 15_000 });
    await expect(within(row).getByText(m.filesProgress(2, 2))).toBeVisible();
    await expect(within(row).queryByRole('button', { name: m.retryFolder('Trip') })).toBeNull();
    const state = await mockState(loaded);
    const mkcols = requestsOf(state, { route: 'mkcol' }).map((r) => [
      decodeURIComponent(r.path).split('/Documents')[1],
      r.status,
    ]);
    await expect(mkcols).toEqual([
      ['/Trip', 500],
      ['/Trip', 201],
      ['/Trip/day1', 201],
    ]);
  },
};

const KB = 1000;
/** A fixed item (no server): the figures a screenshot can compare. */
function fixedItem(n: number, name: string, folders: string, more: Partial<UploadItem>): UploadItem {
  return makeUploadItem({
    id: `fixed-${n}`,
    name,
    path: folders ? `/Documents/${folders}/${name}` : `/Documents/${name}`,
    spaceId: personal.id,
    relativePath: folders ? `${folders}/${name}` : undefined,
    size: 480 * KB,
    type: name.endsWith('.jpg') ? 'image/jpeg' : 'text/plain',
    ...more,
  });
}

const refused = new UploadError('Forbidden', { status: 403, kind: 'forbidden', requestId: 'fixed-request-id' });
const FIXED_ITEMS: UploadItem[] = [
  fixedItem(1, 'Agenda.txt', '', { status: 'done', bytesUploaded: 480 * KB }),
  fixedItem(2, 'Beach.jpg', 'Photos/Trip', { status: 'done', bytesUploaded: 480 * KB }),
  fixedItem(3, 'Harbour with a very long name that does not fit in its row.jpg', 'Photos/Trip', {
    status: 'uploading',
    bytesUploaded: 240 * KB,
  }),
  fixedItem(4, 'Dunes.jpg', 'Photos/Trip', { status: 'failed', error: refused }),
  fixedItem(5, 'Notes.txt', 'Photos', { status: 'queued' }),
];

/** Spies: the rows show their buttons (an uploader's actions), and nothing is sent. */
const FIXED_ACTIONS = { pause: fn(), resume: fn(), cancel: fn(), retry: fn() };

/** The folder row and its files, from fixed items (no server, nothing moving): what the visual test compares. */
export const FolderRowFixed: Story = {
  name: 'Folder row (fixed figures)',
  tags: ['screenshot'],
  render: (_args, { globals }) => (
    <div className="space-uploader" data-theme={storyThemeOf(globals)}>
      <FileList items={FIXED_ITEMS} actions={FIXED_ACTIONS} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const folder = folderRow(canvasElement, 'Photos');
    await expect(within(folder).getByText(m.filesProgress(1, 4))).toBeVisible();
    await expect(within(folder).getByText(m.statusCount('failed', 1))).toBeVisible();
    // Its own controls, for its files: something moves (Pause), one failed (Retry), some unfinished (Cancel).
    const controls = within(folder)
      .getAllByRole('button')
      .filter((b) => !b.hasAttribute('aria-expanded'));
    await expect(controls.map((b) => b.getAttribute('aria-label'))).toEqual([
      m.pauseFolder('Photos'),
      m.retryFolder('Photos'),
      m.cancelFolder('Photos'),
    ]);
    await expandFolder(canvasElement, 'Photos');
    await waitFor(() => expect(listRows(canvasElement)).toHaveLength(6));
  },
};
