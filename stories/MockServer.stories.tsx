import type { Meta, StoryObj } from '@storybook/react-vite';
import { type CSSProperties, type ReactNode, useCallback, useEffect, useId, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { mockFixtures } from '../src/mock/fixtures.ts';
import type { MockRuntimeConfig, MockState, MockTusSupport } from '../src/mock/types.ts';
import { type StoryMock, useStoryMock } from './support/mock-ocis.tsx';
import {
  expectMetadata,
  expectStoredSha1,
  findInspector,
  findInspectorUpload,
  inspectorMetadata,
  mockState,
  waitForMockState,
  waitForUpload,
} from './support/play.ts';
import { formatBytes, type ServerInspectorParameter } from './support/ServerInspector.tsx';

// Every story talks to its own mock instance at `{origin}/__mock-instances/{story id}-{random}` (served by Vite
// middleware under `storybook dev` and Vitest, by the msw worker in the static build; see stories/support/), so
// stories running in parallel never see each other's uploads. Components get it from `useStoryMock()`, play
// functions from `context.loaded`.

const CAPABILITIES_PATH = '/ocs/v1.php/cloud/capabilities?format=json';

const styles = {
  root: { fontFamily: 'system-ui, sans-serif', color: 'var(--story-fg)', maxWidth: 960 },
  table: { borderCollapse: 'collapse', marginBottom: 16 },
  caption: { textAlign: 'left', fontWeight: 600, padding: '4px 0', whiteSpace: 'nowrap' },
  cell: { border: '1px solid var(--story-border)', padding: '4px 8px', textAlign: 'left' },
  header: {
    border: '1px solid var(--story-border)',
    padding: '4px 8px',
    textAlign: 'left',
    background: 'var(--story-subtle)',
  },
  error: { color: 'var(--story-error)' },
  button: {
    font: 'inherit',
    padding: '4px 12px',
    cursor: 'pointer',
    color: 'var(--story-fg)',
    background: 'var(--story-subtle)',
    border: '1px solid var(--story-border)',
    borderRadius: 4,
  },
  pre: { background: 'var(--story-subtle)', padding: 8, whiteSpace: 'pre-wrap', wordBreak: 'break-all' },
  steps: { overflowWrap: 'anywhere' },
} satisfies Record<string, CSSProperties>;

async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) {
    throw new Error(`${init?.method ?? 'GET'} ${url} answered ${response.status}`);
  }
  return (await response.json()) as T;
}

interface CapabilitiesEnvelope {
  ocs?: { data?: { capabilities?: { files?: { tus_support?: Partial<MockTusSupport> } } } };
}

function Table({ caption, headers, children }: { caption: string; headers: string[]; children: ReactNode }) {
  return (
    <table style={styles.table}>
      <caption style={styles.caption}>{caption}</caption>
      <thead>
        <tr>
          {headers.map((header) => (
            <th key={header} scope="col" style={styles.header}>
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** The mock's capabilities, spaces and live state, read over HTTP like any client would. */
function MockServerOverview() {
  const mock = useStoryMock();
  const [tusSupport, setTusSupport] = useState<Partial<MockTusSupport> | null | undefined>(undefined);
  const [state, setState] = useState<MockState | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const refreshState = useCallback(async () => {
    try {
      setState(await mock.state());
      setError(undefined);
    } catch (cause) {
      setError(String(cause));
    }
  }, [mock]);

  useEffect(() => {
    let cancelled = false;
    fetchJson<CapabilitiesEnvelope>(mock.url(CAPABILITIES_PATH)).then(
      (body) => {
        if (!cancelled) setTusSupport(body.ocs?.data?.capabilities?.files?.tus_support ?? null);
      },
      (cause: unknown) => {
        if (!cancelled) setError(String(cause));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [mock]);

  useEffect(() => {
    void refreshState();
    const timer = setInterval(() => void refreshState(), 1000);
    return () => clearInterval(timer);
  }, [refreshState]);

  const reset = async () => {
    try {
      await mock.reset();
      await refreshState();
    } catch (cause) {
      setError(String(cause));
    }
  };

  return (
    <main style={styles.root}>
      <h1>Mock oCIS server</h1>
      {error !== undefined && (
        <p role="alert" style={styles.error}>
          {error}
        </p>
      )}

      <h2>Capabilities</h2>
      {tusSupport === undefined && <p>Loading capabilities…</p>}
      {tusSupport === null && <p>The capabilities announce no tus support (clients upload with a plain PUT).</p>}
      {tusSupport && (
        <Table caption="files.tus_support" headers={['Setting', 'Value']}>
          {Object.entries(tusSupport).map(([key, value]) => (
            <tr key={key}>
              <th scope="row" style={styles.cell}>
                {key}
              </th>
              <td style={styles.cell}>{value === '' ? '""' : String(value)}</td>
            </tr>
          ))}
        </Table>
      )}

      <h2>Spaces</h2>
      {state && (
        <Table caption="Spaces" headers={['Name', 'Drive alias', 'Drive type', 'Quota']}>
          {state.spaces.map((space) => (
            <tr key={space.id}>
              <th scope="row" style={styles.cell}>
                {space.name}
              </th>
              <td style={styles.cell}>{space.driveAlias}</td>
              <td style={styles.cell}>{space.driveType}</td>
              <td style={styles.cell}>
                {space.quota
                  ? `${formatBytes(space.quota.used)} of ${formatBytes(space.quota.total)} used (${space.quota.state})`
                  : 'none'}
              </td>
            </tr>
          ))}
        </Table>
      )}

      <h2>Live state</h2>
      {state ? (
        <Table caption="Mock state, refreshed every second" headers={['Item', 'Count']}>
          <tr>
            <th scope="row" style={styles.cell}>
              Uploads
            </th>
            <td style={styles.cell}>{state.uploads.length}</td>
          </tr>
          <tr>
            <th scope="row" style={styles.cell}>
              Complete uploads
            </th>
            <td style={styles.cell}>{state.uploads.filter((upload) => upload.complete).length}</td>
          </tr>
          <tr>
            <th scope="row" style={styles.cell}>
              Files
            </th>
            <td style={styles.cell}>{state.files.length}</td>
          </tr>
          <tr>
            <th scope="row" style={styles.cell}>
              Requests logged
            </th>
            <td style={styles.cell}>{state.requests.length}</td>
          </tr>
        </Table>
      ) : (
        <p>Loading state…</p>
      )}
      <button type="button" style={styles.button} onClick={() => void reset()}>
        Reset
      </button>
    </main>
  );
}

const SPACE_PATH = `/remote.php/dav/spaces/${mockFixtures.personal.id}`;
const AUTH = { Authorization: `Bearer ${mockFixtures.token}` };

interface UploadResult {
  steps: string[];
  content?: string;
  upload?: MockState['uploads'][number];
}

/**
 * The seed document's sequence (docs/apis/http/tus_upload.md in oCIS): create an upload of 10 bytes named
 * `tustest.txt`, PATCH `01234` and `56789`, then read the stored file back.
 */
async function seedUpload(mock: StoryMock, log: (step: string) => void): Promise<UploadResult> {
  const spaceUrl = mock.url(SPACE_PATH);
  const steps: string[] = [];
  const step = (text: string) => {
    steps.push(text);
    log(text);
  };
  const expectStatus = (response: Response, status: number, what: string) => {
    if (response.status !== status) throw new Error(`${what} answered ${response.status}, expected ${status}`);
  };

  const created = await fetch(spaceUrl, {
    method: 'POST',
    headers: {
      ...AUTH,
      'Tus-Resumable': '1.0.0',
      'Upload-Length': '10',
      'Upload-Metadata': `filename ${btoa('tustest.txt')}`,
    },
  });
  expectStatus(created, 201, 'POST (creation)');
  const location = created.headers.get('Location');
  if (!location) throw new Error('POST (creation) answered without a Location header');
  // The upload URL below the instance's server URL, its token (a JWT) shortened.
  const shortLocation = location.replace(mock.serverUrl, '{serverUrl}').replace(/(\/data\/.{12}).+$/, '$1…');
  step(`POST ${SPACE_PATH} → ${created.status}, Location ${shortLocation}`);

  let fileId: string | null = null;
  for (const [offset, chunk] of [
    [0, '01234'],
    [5, '56789'],
  ] as const) {
    const patched = await fetch(location, {
      method: 'PATCH',
      headers: {
        ...AUTH,
        'Tus-Resumable': '1.0.0',
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
      },
      body: chunk,
    });
    expectStatus(patched, 204, `PATCH at offset ${offset}`);
    fileId = patched.headers.get('Oc-Fileid') ?? fileId;
    step(
      `PATCH "${chunk}" at offset ${offset} → ${patched.status}, Upload-Offset ${patched.headers.get('Upload-Offset')}`,
    );
  }

  const stored = await fetch(`${spaceUrl}/tustest.txt`, { headers: AUTH });
  expectStatus(stored, 200, 'GET of the stored file');
  const content = await stored.text();
  step(`GET ${SPACE_PATH}/tustest.txt → ${stored.status}`);

  const state = await mock.state();
  const upload = state.uploads.filter((candidate) => candidate.fileId === fileId).at(-1);
  return { steps, content, ...(upload ? { upload } : {}) };
}

function TusUploadDemo() {
  const mock = useStoryMock();
  const [running, setRunning] = useState(false);
  const [steps, setSteps] = useState<string[]>([]);
  const [result, setResult] = useState<UploadResult | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const storedHeadingId = useId();

  const run = async () => {
    setRunning(true);
    setSteps([]);
    setResult(undefined);
    setError(undefined);
    try {
      setResult(await seedUpload(mock, (text) => setSteps((previous) => [...previous, text])));
    } catch (cause) {
      setError(String(cause));
    } finally {
      setRunning(false);
    }
  };

  return (
    <main style={styles.root}>
      <h1>Tus upload against the mock</h1>
      <p>
        Creates a 10-byte upload named <code>tustest.txt</code> in the space “{mockFixtures.personal.name}”, sends two
        PATCH requests and reads the stored file back.
      </p>
      <button type="button" style={styles.button} disabled={running} onClick={() => void run()}>
        Upload tustest.txt
      </button>
      {error !== undefined && (
        <p role="alert" style={styles.error}>
          {error}
        </p>
      )}
      {steps.length > 0 && (
        <>
          <h2>Requests</h2>
          <ol style={styles.steps}>
            {steps.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ol>
        </>
      )}
      {result?.content !== undefined && (
        <section aria-labelledby={storedHeadingId}>
          <h2 id={storedHeadingId}>Stored file</h2>
          <pre style={styles.pre}>{result.content}</pre>
        </section>
      )}
      {result?.upload && (
        <Table caption="The upload in /__mock/state" headers={['Upload id', 'Filename', 'Offset', 'Length', 'Status']}>
          <tr>
            <th scope="row" style={styles.cell}>
              {result.upload.id}
            </th>
            <td style={styles.cell}>{result.upload.filename}</td>
            <td style={styles.cell}>{result.upload.offset}</td>
            <td style={styles.cell}>{result.upload.length}</td>
            <td style={styles.cell}>{result.upload.complete ? 'complete' : 'incomplete'}</td>
          </tr>
        </Table>
      )}
    </main>
  );
}

/** `Upload-Metadata`: `key base64(value)` pairs (UTF-8), a key alone when its value is empty. */
function encodeMetadata(entries: ReadonlyArray<readonly [string, string]>): string {
  const base64 = (text: string) =>
    btoa(Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join(''));
  return entries.map(([key, value]) => (value === '' ? key : `${key} ${base64(value)}`)).join(',');
}

/** The metadata the oCIS web UI sends for a file dropped into the personal space's `/Documents`. */
function webUiMetadata(name: string, type: string, uploadId: string): Array<[string, string]> {
  const { personal } = mockFixtures;
  return [
    ['name', name],
    ['filename', name],
    ['type', type],
    ['filetype', type],
    ['mtime', String(mockFixtures.mtime)],
    ['spaceId', personal.id],
    ['spaceName', personal.name],
    ['driveAlias', personal.driveAlias],
    ['driveType', personal.driveType],
    ['currentFolder', '/Documents'],
    ['currentFolderId', `${personal.id}!${personal.items[0].nodeId}`],
    ['uploadId', uploadId],
    ['routeName', 'files-spaces-generic'],
    ['routeDriveAliasAndItem', `${personal.driveAlias}/Documents`],
  ];
}

/**
 * One upload in each state the inspector distinguishes, over raw tus: complete (creation-with-upload), in progress
 * (one PATCH sent as POST with `X-HTTP-Method-Override`), terminated (DELETE), and a creation the story's fault rule
 * answers with 423.
 */
async function sampleUploads(mock: StoryMock, log: (step: string) => void): Promise<void> {
  const folderUrl = mock.url(`${SPACE_PATH}/Documents`);
  const tus = (extra: Record<string, string>) => ({
    ...AUTH,
    'Tus-Resumable': '1.0.0',
    'X-Request-ID': crypto.randomUUID(),
    ...extra,
  });
  const create = async (name: string, type: string, length: number, body?: Uint8Array<ArrayBuffer>) => {
    const response = await fetch(folderUrl, {
      method: 'POST',
      headers: tus({
        'Upload-Length': String(length),
        'Upload-Metadata': encodeMetadata(webUiMetadata(name, type, crypto.randomUUID())),
        ...(body ? { 'Content-Type': 'application/offset+octet-stream' } : {}),
      }),
      ...(body ? { body } : {}),
    });
    log(`POST /Documents (${name}) → ${response.status}`);
    return response;
  };

  const report = new TextEncoder().encode('Quarterly numbers: all good.\n');
  await create('Quarterly report.txt', 'text/plain', report.length, report);

  const partial = await create('Präsentation.odp', 'application/vnd.oasis.opendocument.presentation', 2048);
  const partialUrl = partial.headers.get('Location');
  if (partialUrl) {
    const patched = await fetch(partialUrl, {
      method: 'POST',
      headers: tus({
        'X-HTTP-Method-Override': 'PATCH',
        'Upload-Offset': '0',
        'Content-Type': 'application/offset+octet-stream',
      }),
      body: new Uint8Array(1024).fill(65),
    });
    log(`POST (X-HTTP-Method-Override: PATCH) 1 KiB → ${patched.status}`);
  }

  const draft = await create('draft.txt', 'text/plain', 100);
  const draftUrl = draft.headers.get('Location');
  if (draftUrl) {
    const deleted = await fetch(draftUrl, { method: 'DELETE', headers: tus({}) });
    log(`DELETE draft.txt → ${deleted.status}`);
  }

  await create('locked.txt', 'text/plain', 10);
}

function InspectorTour() {
  const mock = useStoryMock();
  const [steps, setSteps] = useState<string[]>([]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const run = async () => {
    setRunning(true);
    setSteps([]);
    setError(undefined);
    try {
      await sampleUploads(mock, (step) => setSteps((previous) => [...previous, step]));
    } catch (cause) {
      setError(String(cause));
    } finally {
      setRunning(false);
    }
  };
  return (
    <main style={styles.root}>
      <h1>Server inspector</h1>
      <p>
        Sends one upload in every state the inspector shows below: complete, in progress (1 KiB of 2 KiB, its PATCH sent
        as POST with <code>X-HTTP-Method-Override</code>), terminated, and a creation this story’s fault rule answers
        with 423.
      </p>
      <button type="button" style={styles.button} disabled={running} onClick={() => void run()}>
        Send sample uploads
      </button>
      {error !== undefined && (
        <p role="alert" style={styles.error}>
          {error}
        </p>
      )}
      {steps.length > 0 && (
        <ol style={styles.steps} aria-label="Requests sent">
          {steps.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ol>
      )}
    </main>
  );
}

const meta = {
  title: 'Mock server',
  parameters: { layout: 'padded' },
} satisfies Meta;

export default meta;

type Story = StoryObj<typeof meta>;

/** The value cell of the row whose header is `name`, in a two-column table. */
function valueCell(table: HTMLElement, name: string | RegExp): HTMLElement | null {
  return within(table).getByRole('rowheader', { name }).closest('tr')?.querySelector('td') ?? null;
}

export const Overview: Story = {
  render: () => <MockServerOverview />,
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    const capabilities = await canvas.findByRole('table', { name: 'files.tus_support' });
    await expect(valueCell(capabilities, 'max_chunk_size')).toHaveTextContent(/^10000000$/);
    await expect(valueCell(capabilities, 'version')).toHaveTextContent(/^1\.0\.0$/);
    await expect(valueCell(capabilities, 'extension')).toHaveTextContent('creation,creation-with-upload');

    const spaces = await canvas.findByRole('table', { name: 'Spaces' });
    await expect(valueCell(spaces, mockFixtures.personal.name)).toHaveTextContent(mockFixtures.personal.driveAlias);

    const live = await canvas.findByRole('table', { name: /Mock state/ });
    await waitFor(() => expect(valueCell(live, 'Files')).toHaveTextContent(/^\d+$/));
    await expect(canvas.getByRole('button', { name: 'Reset' })).toBeEnabled();

    // The story's own instance: nothing uploaded, whatever other stories do meanwhile.
    const state = await mockState(loaded);
    await expect(state.uploads).toHaveLength(0);
    await expect(valueCell(live, 'Uploads')).toHaveTextContent(/^0$/);
    const inspector = await findInspector(canvasElement);
    await expect(inspector).toHaveAttribute('data-uploads', '0');
    await expect(within(inspector).getByText('No uploads yet.')).toBeVisible();
  },
};

export const TusUpload: Story = {
  name: 'Tus upload',
  render: () => <TusUploadDemo />,
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Upload tustest.txt' }));
    const stored = await canvas.findByRole('region', { name: 'Stored file' }, { timeout: 10_000 });
    await expect(within(stored).getByText('0123456789', { selector: 'pre' })).toBeVisible();

    const upload = await canvas.findByRole('table', { name: 'The upload in /__mock/state' });
    const cells = within(upload).getAllByRole('cell');
    await expect(cells.at(0)).toHaveTextContent(/^tustest\.txt$/);
    await expect(cells.at(1)).toHaveTextContent(/^10$/);
    await expect(cells.at(-1)).toHaveTextContent(/^complete$/);
    await expect(canvas.queryByRole('alert')).toBeNull();

    // What the story's own instance received: this one upload and nothing else.
    const received = await waitForUpload(loaded, '/tustest.txt', { status: 'complete' });
    await expectMetadata(received, { filename: 'tustest.txt' }, { keys: ['filename'] });
    const state = await mockState(loaded);
    await expect(state.uploads).toHaveLength(1);
    await expect(state.requests.map((request) => request.route)).toEqual([
      'tus-create',
      'tus-patch',
      'tus-patch',
      'webdav-get',
    ]);
    await expectStoredSha1(loaded, '/tustest.txt', '0123456789');

    const row = await findInspectorUpload(canvasElement, '/tustest.txt', 'complete');
    await expect(inspectorMetadata(row)).toEqual([['filename', 'tustest.txt']]);
  },
};

const perStoryConfig = {
  capabilities: { tus: { max_chunk_size: 1048576, http_method_override: 'PATCH' } },
  strict: true,
  faults: { latencyMs: 20 },
} satisfies MockRuntimeConfig;

/** `parameters.mockOcis` configures the story's instance before it renders; other stories keep the defaults. */
export const PerStoryConfiguration: Story = {
  name: 'Per-story configuration',
  parameters: { mockOcis: perStoryConfig },
  render: () => <MockServerOverview />,
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    const capabilities = await canvas.findByRole('table', { name: 'files.tus_support' });
    await expect(valueCell(capabilities, 'max_chunk_size')).toHaveTextContent(/^1048576$/);
    await expect(valueCell(capabilities, 'http_method_override')).toHaveTextContent(/^PATCH$/);

    const state = await mockState(loaded);
    await expect(state.strict).toBe(true);
    await expect(state.faults).toMatchObject(perStoryConfig.faults);
    await expect(state.capabilities.tus).toMatchObject(perStoryConfig.capabilities.tus);

    const inspector = await findInspector(canvasElement);
    await expect(within(inspector).getByText('latency 20 ms')).toBeVisible();
    await expect(within(inspector).getByText('max_chunk_size 1048576, http_method_override PATCH')).toBeVisible();
  },
};

/** Every state of the server inspector: complete, in progress, terminated, a fault, metadata opened. */
export const ServerInspectorStates: Story = {
  name: 'Server inspector',
  parameters: {
    mockOcis: {
      faults: { rules: [{ type: 'status', status: 423, route: 'tus-create', nth: 4 }] },
    } satisfies MockRuntimeConfig,
    serverInspector: { expandMetadata: true } satisfies ServerInspectorParameter,
  },
  render: () => <InspectorTour />,
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Send sample uploads' }));
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Send sample uploads' })).toBeEnabled(), {
      timeout: 10_000,
    });
    await expect(canvas.queryByRole('alert')).toBeNull();

    const state = await waitForMockState(loaded, (s) => s.requests.length === 6);
    await expect(state.uploads.map((upload) => upload.targetPath)).toEqual([
      '/Documents/Quarterly report.txt',
      '/Documents/Präsentation.odp',
      '/Documents/draft.txt',
    ]);
    const patch = state.requests.find((request) => request.route === 'tus-patch');
    await expect(patch).toMatchObject({ method: 'POST', effectiveMethod: 'PATCH', status: 204, bytesReceived: 1024 });
    const locked = state.requests.at(-1);
    await expect(locked).toMatchObject({ route: 'tus-create', status: 423, fault: 'status' });
    await expectStoredSha1(loaded, '/Documents/Quarterly report.txt', 'Quarterly numbers: all good.\n');

    const complete = await findInspectorUpload(canvasElement, '/Documents/Quarterly report.txt', 'complete');
    await expect(inspectorMetadata(complete).slice(0, 2)).toEqual([
      ['name', 'Quarterly report.txt'],
      ['filename', 'Quarterly report.txt'],
    ]);
    const partial = await findInspectorUpload(canvasElement, '/Documents/Präsentation.odp', 'in-progress');
    await expect(partial).toHaveTextContent('in progress, 1 KiB of 2 KiB');
    await findInspectorUpload(canvasElement, '/Documents/draft.txt', 'terminated');

    const inspector = await findInspector(canvasElement);
    const log = within(inspector).getByRole('table', { name: /Request log/ });
    // The inspector polls the mock: the last request's row may show a moment after the mock recorded it.
    const faulted = await waitFor(() => {
      const row = within(log)
        .getAllByTestId('inspector-request')
        .find((candidate) => candidate.dataset.requestId === locked?.requestId);
      if (!row) throw new Error(`no row for request ${locked?.requestId} yet`);
      return row;
    });
    await expect(faulted).toHaveAttribute('data-status', '423');
    const files = within(inspector).getByRole('table', { name: 'Files stored' });
    await expect(within(files).getByRole('rowheader', { name: '/Documents/Quarterly report.txt' })).toBeVisible();
  },
};
