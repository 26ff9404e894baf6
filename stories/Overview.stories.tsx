import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import type { ChangeEvent } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { mockFixtures } from '../src/mock/fixtures.ts';
import { messagesEn, SpaceUploader, type SpaceUploaderProps, useUploaderContext } from '../src/react/index.ts';
import '../src/react/styles/index.css';
import { fileRow, pickFiles, putFile, storyMockOf, storyThemeOf, waitForRowStatus } from './support/index.ts';

// Overview: states a designer looks at, each stopped at a known point (the visual tests shoot them).

const m = messagesEn;
const { personal } = mockFixtures;
const documents = personal.items[0];
const space = { id: personal.id, name: personal.name, driveAlias: personal.driveAlias, driveType: personal.driveType };
const folder = { path: documents.path, id: `${personal.id}!${documents.nodeId}` };

const textFile = (name: string, text: string, type = 'text/plain') =>
  new File([text], name, { type, lastModified: mockFixtures.mtime * 1000 });

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
  title: 'SpaceUploader/Overview',
  component: SpaceUploader,
  parameters: { layout: 'padded' },
  argTypes: {
    serverUrl: { control: false },
    accessToken: { control: false },
  },
  args: { serverUrl: '', space, folder },
  render: uploader,
} satisfies Meta<SpaceUploaderProps>;

export default meta;

type Story = StoryObj<typeof meta>;

export const Idle: Story = {
  parameters: {
    docs: { description: { story: 'Before anything is picked or dropped: the drop zone and its two buttons.' } },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText(m.dropTitle)).toBeVisible();
    await expect(canvas.getByRole('button', { name: m.chooseFolder })).toBeVisible();
  },
};

export const ConflictDialogOpen: Story = {
  name: 'Conflict dialog (open)',
  parameters: {
    docs: {
      description: {
        story:
          '“agenda.txt” is already in Documents: the dialog asks what to do and waits (no choice is made here; the ' +
          '“Checks before upload” stories make each choice).',
      },
    },
  },
  play: async ({ canvasElement, loaded }) => {
    await putFile(loaded, personal.id, '/Documents/agenda.txt', textFile('agenda.txt', 'on the server\n'));
    await pickFiles(canvasElement, [textFile('agenda.txt', 'new agenda\n'), textFile('minutes.txt', 'minutes\n')]);
    const dialog = await within(canvasElement).findByRole(
      'dialog',
      { name: m.conflictTitle('file', 'file', 'agenda.txt', '/Documents') },
      { timeout: 10_000 },
    );
    const keepBoth = within(dialog).getByRole('button', { name: m.conflictKeepBoth });
    await waitFor(() => expect(keepBoth).toHaveFocus());
  },
};

const KiB = 1024;

export const UploadingFrozen: Story = {
  name: 'Uploading (stopped at a known point)',
  args: { transfer: { chunkSize: 32 * KiB, retryDelays: [120_000] } },
  parameters: {
    // The first 32 KiB arrive; from the second request on the connection drops, and the retry waits two minutes:
    // the file stays "Uploading" at a known point (the visual tests shoot its bars unmasked).
    mockOcis: { faults: { rules: [{ type: 'drop', afterBytes: 0, nth: 2, times: 'always' }] } },
    docs: {
      description: {
        story:
          'A file mid-upload whose connection dropped: it waits to retry, its bar and the total where the server ' +
          'stopped taking bytes.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const bytes = new Uint8Array(128 * KiB).map((_, i) => (i * 31) & 0xff);
    const report = new File([bytes], 'Annual report.pdf', {
      type: 'application/pdf',
      lastModified: mockFixtures.mtime * 1000,
    });
    await pickFiles(canvasElement, [report]);
    const row = await waitForRowStatus(canvasElement, report.name, 'uploading');
    const bar = within(row).getByRole('progressbar');
    // Where it stops depends on how the mock is served (Vite middleware, or msw in the static build: how much of the
    // dropped request the browser counts as sent), but it stops: the same value twice, 1.5 s apart.
    const now = () => Number(bar.getAttribute('aria-valuenow'));
    const pause = () => new Promise((resolve) => setTimeout(resolve, 1500));
    let stopped = false;
    for (let tries = 0; tries < 8 && !stopped; tries += 1) {
      const before = now();
      await pause();
      stopped = before >= 25 && now() === before;
    }
    await expect(stopped, `the upload stopped at ${now()}%`).toBe(true);
    await expect(row).toHaveAttribute('data-status', 'uploading');
  },
};

/** A PNG of a few coloured stripes (the same pixels every time). */
async function stripes(name: string): Promise<File> {
  const canvas = new OffscreenCanvas(240, 160);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d context');
  ['#1565c0', '#2e7d32', '#f9a825', '#c62828'].forEach((colour, i) => {
    context.fillStyle = colour;
    context.fillRect(i * 60, 0, 60, 160);
  });
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new File([blob], name, { type: 'image/png', lastModified: mockFixtures.mtime * 1000 });
}

export const NamesAndPreviews: Story = {
  name: 'Names and previews',
  parameters: {
    docs: {
      description: {
        story:
          'Names too long for their row are cut in the middle, so the end and the extension stay visible; the full ' +
          'name is the tooltip and what screen readers read. Each row shows its file type; images show a small ' +
          'preview, decoded off the main thread for the rows on screen only.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const long = textFile(
      'Quarterly report of the regional sales offices in the north and the south, with every appendix, the ' +
        'auditors’ remarks and the board’s answers to them, final version 3.pdf',
      'report\n',
      'application/pdf',
    );
    const short = textFile('Summary 2026.txt', 'summary\n');
    const photo = await stripes('Team offsite, group photo on the terrace before dinner, taken by Ana.png');
    await pickFiles(canvasElement, [long, short, photo]);
    for (const f of [long, short, photo]) await waitForRowStatus(canvasElement, f.name, 'done');
    const row = fileRow(canvasElement, long.name);
    await expect(row.querySelector('.su-file__name')).toHaveAttribute('title', long.name);
    await expect(within(row).getByText(long.name)).toBeInTheDocument();
    await expect(row.querySelector('.su-file__name-end')).toHaveTextContent('sion 3.pdf');
    await expect(fileRow(canvasElement, short.name).querySelector('.su-file-type--document')).not.toBeNull();
    // The decoder is a chunk of its own, loaded with the first image row: more than waitFor's 1 s under load.
    const thumbnail = await waitFor(
      () => {
        const img = fileRow(canvasElement, photo.name).querySelector<HTMLImageElement>('img.su-file__thumbnail');
        expect(img?.complete).toBe(true);
        return img as HTMLImageElement;
      },
      { timeout: 15_000 },
    );
    await expect(thumbnail.naturalWidth).toBe(64);
  },
};

/** The app's own way in (a drop target or a button): it hands files to the uploader it sits in. */
function AppFilePicker() {
  const { actions } = useUploaderContext();
  const add = (event: ChangeEvent<HTMLInputElement>) => {
    actions.addFiles([...(event.target.files ?? [])]);
    event.target.value = '';
  };
  return (
    <label style={{ display: 'inline-block', padding: 12, border: '1px dashed currentColor', borderRadius: 8 }}>
      Your app’s own drop target — add files <input type="file" multiple onChange={add} data-testid="app-input" />
    </label>
  );
}

export const Panel: Story = {
  name: 'Panel variant',
  args: { variant: 'panel', children: <AppFilePicker /> },
  parameters: {
    serverInspector: false,
    docs: {
      description: {
        story:
          '`variant="panel"`: for apps with their own drop target. The app adds files with ' +
          '`useUploaderContext().actions.addFiles(files)` from a child of `<SpaceUploader>`; the uploads show in a ' +
          'panel in the corner with a one-line summary, which folds away and closes once everything is done.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.queryByRole('region', { name: m.panelLabel })).toBeNull();
    await expect(canvasElement.querySelector('.su-dropzone')).toBeNull();
    const files = ['Plan.txt', 'Budget.txt', 'Team.txt'].map((name) => textFile(name, `${name}\n`));
    await userEvent.upload(canvas.getByTestId('app-input'), files);
    const panel = await canvas.findByRole('region', { name: m.panelLabel });
    const toggle = within(panel).getByRole('button', { name: m.panelCollapse });
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    for (const f of files) await waitForRowStatus(canvasElement, f.name, 'done');
    await expect(within(panel).getByRole('heading', { name: m.panelDone(3) })).toBeVisible();

    // Folded: the header alone; unfolded again for the picture.
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(toggle).toHaveAccessibleName(m.panelExpand);
    await expect(within(panel).queryByRole('list')).toBeNull();
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');

    // Close clears the finished files; a new file brings the panel back.
    await userEvent.click(within(panel).getByRole('button', { name: m.panelClose }));
    await waitFor(() => expect(canvas.queryByRole('region', { name: m.panelLabel })).toBeNull());
    await userEvent.upload(canvas.getByTestId('app-input'), [textFile('Minutes.txt', 'minutes\n')]);
    await waitForRowStatus(canvasElement, 'Minutes.txt', 'done');
    const again = await canvas.findByRole('region', { name: m.panelLabel });
    await expect(within(again).getByRole('heading', { name: m.panelDone(1) })).toBeVisible();
  },
};
