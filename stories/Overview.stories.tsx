import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { mockFixtures } from '../src/mock/fixtures.ts';
import { messagesEn, SpaceUploader, type SpaceUploaderProps } from '../src/react/index.ts';
import '../src/react/styles/index.css';
import { pickFiles, putFile, storyMockOf, storyThemeOf, waitForRowStatus } from './support/index.ts';

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

export const LongNames: Story = {
  name: 'Long names',
  parameters: {
    docs: {
      description: {
        story:
          'Names too long for their row are cut in the middle, so the end and the extension stay visible; the full ' +
          'name is the row’s tooltip and what screen readers read. Short names are not cut.',
      },
    },
  },
  play: async ({ canvasElement }) => {
    const long = textFile(
      'Quarterly report of the regional sales offices with every appendix and the auditors notes final v3.pdf',
      'report\n',
      'application/pdf',
    );
    const short = textFile('notes.txt', 'notes\n');
    await pickFiles(canvasElement, [long, short]);
    const row = await waitForRowStatus(canvasElement, long.name, 'done');
    await waitForRowStatus(canvasElement, short.name, 'done');
    const name = row.querySelector<HTMLElement>('.su-file__name');
    await expect(name).toHaveAttribute('title', long.name);
    await expect(within(row).getByText(long.name)).toBeInTheDocument();
  },
};
