import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { mockFixtures } from '../src/mock/fixtures.ts';
import { messagesEn, SpaceUploader, type SpaceUploaderProps } from '../src/react/index.ts';
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
    const thumbnail = await waitFor(() => {
      const img = fileRow(canvasElement, photo.name).querySelector<HTMLImageElement>('img.su-file__thumbnail');
      expect(img?.complete).toBe(true);
      return img as HTMLImageElement;
    });
    await expect(thumbnail.naturalWidth).toBe(64);
  },
};
