import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { createSpaceUploader, memoryStorage, type ResumeRecord } from '../src/core/index.ts';
import { mockFixtures } from '../src/mock/fixtures.ts';
import type { MockRuntimeConfig } from '../src/mock/types.ts';
import { formatBytes } from '../src/react/format.ts';
import { messagesEn, SpaceUploader, type SpaceUploaderProps } from '../src/react/index.ts';
import '../src/react/styles/index.css';
import {
  expectStoredSha1,
  fileRow,
  findFile,
  findUpload,
  mockState,
  pickFiles,
  requestsOf,
  type StoryMock,
  storyMockOf,
  storyThemeOf,
  waitForMockState,
  waitForRowStatus,
} from './support/index.ts';

// Uploads that survive damage and interruption. Checksums: with `transfer.checksum: 'both'` every chunk carries an
// `Upload-Checksum` (once the server announces the tus checksum extension) and the whole file's SHA-1 travels as
// metadata; a chunk the server finds damaged (460) is sent again, a file that keeps arriving damaged fails with plain
// words. Resume: with the `resume` option an upload cut off by a reload or a crash is listed under "Interrupted
// uploads", and picking the same file again continues it from the server's offset: one upload on the server.

const m = messagesEn;
const { personal } = mockFixtures;
const documentsFolder = { path: '/Documents', id: `${personal.id}!${personal.items[0].nodeId}` };
const space: SpaceUploaderProps['space'] = {
  id: personal.id,
  name: personal.name,
  driveAlias: personal.driveAlias,
  driveType: personal.driveType,
};

/** Retries wait this long (instead of [0, 1000, 3000, 5000] ms): a chunk refused every time fails the file quickly. */
const RETRY_DELAYS = [0, 100, 200];
/** 64 KiB chunks, and a creation without data (`creation` only): every byte travels in a PATCH. */
const SMALL_CHUNKS_NO_DATA_ON_CREATE = {
  tus: { max_chunk_size: 65536, extension: 'creation' },
} satisfies MockRuntimeConfig['capabilities'];

// ---- test files ---------------------------------------------------------------------------------------------

/** `size` pseudo-random bytes (xorshift32 from `seed`): the same file on every run, and no run of equal bytes. */
function bytesOf(size: number, seed: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** The same name, bytes and date on every call: to the uploader, the same file. */
function testFile(name: string, size: number, seed: number): File {
  return new File([bytesOf(size, seed)], name, {
    type: 'application/octet-stream',
    lastModified: mockFixtures.mtime * 1000,
  });
}

const sizeText = (bytes: number) => formatBytes(bytes, m.locale, m.byteUnits);

function uploaderProps(loaded: StoryContext['loaded'], globals: StoryContext['globals']) {
  const mock = storyMockOf(loaded);
  return {
    serverUrl: mock.serverUrl,
    accessToken: mock.token,
    theme: storyThemeOf(globals),
  } satisfies Partial<SpaceUploaderProps>;
}

// ---- stories ----------------------------------------------------------------------------------------------------

const meta = {
  title: 'SpaceUploader/Resilience',
  component: SpaceUploader,
  argTypes: {
    serverUrl: { control: false, description: 'The story’s own mock instance (set by the render function).' },
    accessToken: { control: false, description: 'A token the story’s mock accepts (set by the render function).' },
  },
  parameters: {
    layout: 'padded',
    docs: {
      description: {
        component:
          'Checksums per chunk and for the whole file, and interrupted uploads that continue where they stopped. ' +
          'The mock runs in strict mode where checksums matter (it verifies `Upload-Checksum` and the metadata ' +
          '`checksum`); the server inspector below shows what it received.',
      },
    },
  },
} satisfies Meta<typeof SpaceUploader>;

export default meta;

type Story = StoryObj<typeof meta>;

const CHECKSUM_FILE = { name: 'checksummed.bin', size: 200_000, seed: 41 };

export const ChecksumMismatch: Story = {
  name: 'Checksum mismatch',
  parameters: {
    docs: {
      description: {
        story:
          'A 200 KB file in 64 KiB chunks with `transfer.checksum: "both"`: every PATCH carries `Upload-Checksum: sha1 …` ' +
          'and the metadata carries the whole file’s SHA-1. The server refuses the second chunk once as damaged (460); ' +
          'the uploader sends that chunk again and the file arrives whole, without the user doing anything.',
      },
    },
    mockOcis: {
      strict: true,
      capabilities: SMALL_CHUNKS_NO_DATA_ON_CREATE,
      faults: { rules: [{ type: 'status', status: 460, route: 'tus-patch', nth: 2, times: 1 }] },
    } satisfies MockRuntimeConfig,
  },
  args: {
    serverUrl: '',
    space,
    folder: documentsFolder,
    transfer: { checksum: 'both', retryDelays: RETRY_DELAYS },
  },
  render: (args, { loaded, globals }) => <SpaceUploader {...args} {...uploaderProps(loaded, globals)} />,
  play: async ({ canvasElement, loaded }) => {
    const file = testFile(CHECKSUM_FILE.name, CHECKSUM_FILE.size, CHECKSUM_FILE.seed);
    const path = `/Documents/${file.name}`;
    await pickFiles(canvasElement, [file]);
    await waitForRowStatus(canvasElement, file.name, 'done', { timeout: 20_000 });
    await expect(within(canvasElement).queryByRole('region', { name: m.errorsTitle(1) })).toBeNull();

    // Stored whole: the SHA-1 of what the mock keeps is the file's (and strict mode checked the metadata one).
    await expectStoredSha1(loaded, path, file, { spaceId: personal.id });
    const state = await mockState(loaded);
    const uploads = state.uploads.filter((upload) => upload.targetPath === path);
    await expect(uploads).toHaveLength(1);
    await expect(uploads[0]).toMatchObject({ complete: true, offset: file.size, checksumVerified: true });
    await expect(uploads[0]?.metadata.checksum).toMatch(/^SHA1 [0-9a-f]{40}$/);

    // One chunk was refused as damaged, and sent again; every PATCH (the refused one too) carried its checksum.
    const patches = requestsOf(state, { route: 'tus-patch', uploadId: uploads[0]?.id });
    await expect(patches.filter((request) => request.status === 460)).toHaveLength(1);
    await expect(patches.length).toBeGreaterThanOrEqual(Math.ceil(file.size / 65536) + 1);
    for (const patch of patches) await expect(patch.headers['upload-checksum']).toMatch(/^sha1 \S+$/i);
  },
};

const DAMAGED_FILE = { name: 'always-damaged.bin', size: 200_000, seed: 42 };

export const ChecksumMismatchEveryTime: Story = {
  name: 'Checksum mismatch, every time',
  parameters: {
    docs: {
      description: {
        story:
          'The server refuses every chunk after the first as damaged (460). The uploader sends it again as often as ' +
          '`transfer.retryDelays` allows, then the file fails with “' +
          m.errors.integrity +
          '” Nothing is stored.',
      },
    },
    mockOcis: {
      strict: true,
      capabilities: SMALL_CHUNKS_NO_DATA_ON_CREATE,
      faults: { rules: [{ type: 'status', status: 460, route: 'tus-patch', nth: 2, times: 'always' }] },
    } satisfies MockRuntimeConfig,
  },
  args: {
    serverUrl: '',
    space,
    folder: documentsFolder,
    transfer: { checksum: 'both', retryDelays: RETRY_DELAYS },
  },
  render: (args, { loaded, globals }) => <SpaceUploader {...args} {...uploaderProps(loaded, globals)} />,
  play: async ({ canvasElement, loaded }) => {
    const file = testFile(DAMAGED_FILE.name, DAMAGED_FILE.size, DAMAGED_FILE.seed);
    const path = `/Documents/${file.name}`;
    await pickFiles(canvasElement, [file]);
    await waitForRowStatus(canvasElement, file.name, 'failed', { timeout: 20_000 });

    // The error panel says it in plain words.
    const panel = await within(canvasElement).findByRole('region', { name: m.errorsTitle(1) }, { timeout: 10_000 });
    await expect(panel).toHaveTextContent(file.name);
    await expect(panel).toHaveTextContent(m.errors.integrity);
    await expect(
      within(fileRow(canvasElement, file.name)).getByRole('button', { name: m.uploadAgainFile(file.name) }),
    ).toBeVisible();

    // Nothing stored; the refused chunk was sent once and then once per retry delay.
    const state = await mockState(loaded);
    await expect(findFile(state, path, personal.id)).toBeUndefined();
    const upload = findUpload(state, path, personal.id);
    await expect(upload?.complete).toBe(false);
    const refused = requestsOf(state, { route: 'tus-patch', status: 460, uploadId: upload?.id });
    await expect(refused).toHaveLength(1 + RETRY_DELAYS.length);
    for (const patch of refused) await expect(patch.headers['upload-checksum']).toMatch(/^sha1 \S+$/i);
  },
};

// ---- interrupted uploads ---------------------------------------------------------------------------------------

const RESUME_USER = 'storybook-user';
const resume = { userId: RESUME_USER };
const INTERRUPTED_FILE = { name: 'interrupted.bin', size: 600_000, seed: 43 };
/** Bytes on the server before the earlier visit is cut off. */
const CUT_AFTER = 100_000;

/** Resolves once `check` returns true (polled every 100 ms); rejects after `timeout` ms with `what`. */
async function until(what: string, check: () => boolean | Promise<boolean>, timeout: number): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * What an earlier visit left behind, as a reload or a lost connection in the middle of an upload does: a resume
 * record in localStorage for `storybook-user` and a partial upload on the server. A headless uploader (no retries)
 * starts the file; the server drops the connection after `CUT_AFTER` bytes, so the upload stops there with its record
 * kept. (Pausing a fast upload is no good cut: bytes already on their way keep arriving after the pause. And
 * `destroy()` would cancel the upload and remove the record.)
 */
async function leaveInterruptedUpload(mock: StoryMock): Promise<void> {
  const earlier = createSpaceUploader({
    serverUrl: mock.serverUrl,
    accessToken: mock.token,
    resume,
    transfer: { retryDelays: [] },
  });
  // A clean slate for this user (a re-run, another story).
  earlier.forgetInterrupted();
  await mock.setFaults({ rules: [{ type: 'drop', afterBytes: CUT_AFTER, route: 'tus-patch' }] });
  const file = testFile(INTERRUPTED_FILE.name, INTERRUPTED_FILE.size, INTERRUPTED_FILE.seed);
  const [id] = earlier.addFiles([file], { space, folder: documentsFolder });
  earlier.start();
  const item = () => earlier.getSnapshot().items.find((candidate) => candidate.id === id);
  await until('the connection is dropped', () => item()?.status === 'failed', 20_000);
  await until('the resume record is kept', () => earlier.interrupted().length === 1, 5_000);
  await mock.setFaults({});
}

/** The earlier visit is made once per story render (and once only, should effects run twice). */
const earlierVisits = new WeakMap<StoryMock, Promise<void>>();

/** An app page after a reload: the uploader with `resume`, shown once the earlier visit has left its upload behind. */
function AfterReload({ mock, theme }: { mock: StoryMock; theme: SpaceUploaderProps['theme'] }) {
  const [state, setState] = useState<'leaving' | 'ready' | Error>('leaving');
  useEffect(() => {
    let visit = earlierVisits.get(mock);
    if (!visit) {
      visit = leaveInterruptedUpload(mock);
      earlierVisits.set(mock, visit);
    }
    let live = true;
    visit.then(
      () => live && setState('ready'),
      (error: unknown) => live && setState(error instanceof Error ? error : new Error(String(error))),
    );
    return () => {
      live = false;
    };
  }, [mock]);
  if (state === 'leaving') return <p>An earlier visit starts an upload and is cut off…</p>;
  if (state instanceof Error) return <p role="alert">Could not leave an interrupted upload behind: {state.message}</p>;
  return (
    <SpaceUploader
      serverUrl={mock.serverUrl}
      accessToken={mock.token}
      space={space}
      folder={documentsFolder}
      resume={resume}
      theme={theme}
    />
  );
}

export const InterruptedUploadRecovery: Story = {
  name: 'Interrupted-upload recovery',
  parameters: {
    docs: {
      description: {
        story:
          'An earlier visit uploaded part of a 600 KB file and was cut off (simulated here by a headless uploader whose ' +
          'connection the server drops after 100 KB). With `resume={{ userId }}` the uploader lists it under “Interrupted uploads” with its size, target ' +
          'and when it started. Picking the same file again continues it from the server’s offset: one upload on the ' +
          'server, and the list is gone. “Forget” drops a record the user does not want to continue.',
      },
    },
    mockOcis: {
      // Without data on creation the upload URL is known (and kept) before the first byte moves.
      capabilities: { tus: { extension: 'creation' } },
    } satisfies MockRuntimeConfig,
  },
  args: { serverUrl: '', space },
  render: (_args, { loaded, globals }) => <AfterReload mock={storyMockOf(loaded)} theme={storyThemeOf(globals)} />,
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    const file = testFile(INTERRUPTED_FILE.name, INTERRUPTED_FILE.size, INTERRUPTED_FILE.seed);
    const path = `/Documents/${file.name}`;

    // The list: name, size, target, when it started, and how to continue.
    const region = await canvas.findByRole('region', { name: m.interruptedTitle }, { timeout: 30_000 });
    const rows = within(region).getAllByRole('listitem');
    await expect(rows).toHaveLength(1);
    const row = rows[0] as HTMLElement;
    await expect(row).toHaveTextContent(file.name);
    await expect(row).toHaveTextContent(sizeText(file.size));
    await expect(row).toHaveTextContent(path);
    await expect(row).toHaveTextContent(/started \d+ seconds? ago|started \d+ minutes? ago/);
    await expect(region).toHaveTextContent(m.interruptedHint);
    await expect(within(row).getByRole('button', { name: m.interruptedForgetFile(file.name) })).toBeVisible();
    const before = await mockState(loaded);
    const partial = findUpload(before, path, personal.id);
    await expect(partial?.complete).toBe(false);
    await expect(partial?.offset).toBe(CUT_AFTER);

    // The same file again: it continues from the server's offset, and leaves the list.
    await pickFiles(canvasElement, [file]);
    await waitForRowStatus(canvasElement, file.name, 'done', { timeout: 20_000 });
    await waitFor(() => expect(canvas.queryByRole('region', { name: m.interruptedTitle })).toBeNull(), {
      timeout: 10_000,
    });

    await expectStoredSha1(loaded, path, file, { spaceId: personal.id });
    const state = await mockState(loaded);
    const uploads = state.uploads.filter((upload) => upload.targetPath === path);
    await expect(uploads).toHaveLength(1);
    await expect(uploads[0]).toMatchObject({ id: partial?.id, complete: true, offset: file.size });
    // No second creation: the client asked where it stopped (HEAD), then sent the rest from there.
    const requests = requestsOf(state, { uploadId: partial?.id });
    await expect(requestsOf(state, { route: 'tus-create' })).toHaveLength(1);
    const head = requests.findIndex((request) => request.route === 'tus-head');
    await expect(head).toBeGreaterThan(0);
    const resumed = requests.slice(head).find((request) => request.route === 'tus-patch' && request.status === 204);
    await expect(Number(resumed?.headers['upload-offset'])).toBeGreaterThanOrEqual(CUT_AFTER);
  },
};

/** Records as an earlier visit leaves them (their uploads are not on this mock: only "Forget" is shown here). */
function storageWithRecords(mock: StoryMock, now: number) {
  const storage = memoryStorage();
  const records: Array<Omit<ResumeRecord, 'key'>> = [
    { name: 'holiday-video.mp4', size: 1_843_200_000, path: '/Photos/holiday-video.mp4', createdAt: now - 3 * 60_000 },
    {
      name: 'quarterly-report.pdf',
      size: 4_200_000,
      path: '/Documents/quarterly-report.pdf',
      createdAt: now - 2 * 3_600_000,
    },
  ].map((record, index) => ({
    ...record,
    fingerprint: `tus-earlier-${index}`,
    uploadUrl: mock.url(`/data/earlier-${index}`),
    expiresAt: now + 22 * 3_600_000,
    lastModified: mockFixtures.mtime * 1000,
    spaceId: personal.id,
    partialHash: undefined,
    context: { space: { id: personal.id } },
    hasBytes: false,
  }));
  records.forEach((record, index) => {
    storage.setItem(`space-uploader:resume:${RESUME_USER}:earlier-${index}`, JSON.stringify(record));
  });
  return storage;
}

function WithRecords({ mock, theme }: { mock: StoryMock; theme: SpaceUploaderProps['theme'] }) {
  // One storage per render: the uploader is made again only when `resume.userId` changes.
  const [withRecords] = useState(() => ({ userId: RESUME_USER, storage: storageWithRecords(mock, Date.now()) }));
  return (
    <SpaceUploader
      serverUrl={mock.serverUrl}
      accessToken={mock.token}
      space={space}
      folder={documentsFolder}
      resume={withRecords}
      theme={theme}
    />
  );
}

export const InterruptedUploadsForget: Story = {
  name: 'Interrupted uploads: forget',
  tags: ['screenshot'],
  parameters: {
    docs: {
      description: {
        story:
          'Two uploads from an earlier visit (`resume={{ userId, storage }}`; here an in-memory storage with two ' +
          'records). Each row says what, how big, where to and when it started; “Forget” drops one record (the ' +
          'button is named with the file), “Forget all” every one. Forgetting also asks the server to delete the partial ' +
          'upload (tus DELETE; these records point at uploads this mock never had, so it answers 404).',
      },
    },
  },
  args: { serverUrl: '', space },
  render: (_args, { loaded, globals }) => <WithRecords mock={storyMockOf(loaded)} theme={storyThemeOf(globals)} />,
  play: async ({ canvasElement, loaded }) => {
    const region = await within(canvasElement).findByRole('region', { name: m.interruptedTitle }, { timeout: 10_000 });
    await expect(within(region).getByRole('heading', { name: m.interruptedTitle })).toBeVisible();
    // Oldest first.
    const rows = within(region).getAllByRole('listitem');
    await expect(rows).toHaveLength(2);
    await expect(rows[0]).toHaveTextContent('quarterly-report.pdf');
    await expect(rows[0]).toHaveTextContent('started 2 hours ago');
    await expect(rows[1]).toHaveTextContent('holiday-video.mp4');
    await expect(rows[1]).toHaveTextContent(sizeText(1_843_200_000));
    await expect(rows[1]).toHaveTextContent('/Photos/holiday-video.mp4');
    await expect(rows[1]).toHaveTextContent('started 3 minutes ago');
    await expect(within(region).getByRole('button', { name: m.interruptedForgetAll })).toBeVisible();

    // Forget one: the other stays, and the focus moves to its button.
    await userEvent.click(within(region).getByRole('button', { name: m.interruptedForgetFile('holiday-video.mp4') }));
    await waitFor(() => expect(within(region).getAllByRole('listitem')).toHaveLength(1));
    const left = within(region).getByRole('button', { name: m.interruptedForgetFile('quarterly-report.pdf') });
    await expect(left).toHaveFocus();
    await expect(within(region).queryByRole('button', { name: m.interruptedForgetAll })).toBeNull();
    // The partial upload of the forgotten one was deleted on the server (and only that one).
    const state = await waitForMockState(loaded, (s) => requestsOf(s, { route: 'tus-delete' }).length > 0);
    const deletes = requestsOf(state, { route: 'tus-delete' });
    await expect(deletes.map((r) => r.path)).toEqual(['/data/earlier-0']);
  },
};
