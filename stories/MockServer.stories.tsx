import type { Meta, StoryObj } from '@storybook/react-vite';
import { type CSSProperties, type ReactNode, useCallback, useEffect, useId, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { mockFixtures } from '../src/mock/fixtures.ts';
import type { MockState, MockTusSupport } from '../src/mock/types.ts';

// Every request goes to the page's own origin: Vite middleware under `storybook dev` and Vitest, the msw
// worker in the static build (see .storybook/preview.ts).

const CAPABILITIES_URL = '/ocs/v1.php/cloud/capabilities?format=json';
const STATE_URL = '/__mock/state';
const RESET_URL = '/__mock/reset';

const styles = {
  root: { fontFamily: 'system-ui, sans-serif', color: '#1a1a1a', maxWidth: 960 },
  table: { borderCollapse: 'collapse', marginBottom: 16 },
  caption: { textAlign: 'left', fontWeight: 600, padding: '4px 0', whiteSpace: 'nowrap' },
  cell: { border: '1px solid #c4c4c4', padding: '4px 8px', textAlign: 'left' },
  header: { border: '1px solid #c4c4c4', padding: '4px 8px', textAlign: 'left', background: '#f0f0f0' },
  error: { color: '#a30000' },
  button: { font: 'inherit', padding: '4px 12px', cursor: 'pointer' },
  pre: { background: '#f0f0f0', padding: 8, whiteSpace: 'pre-wrap', wordBreak: 'break-all' },
  steps: { overflowWrap: 'anywhere' },
} satisfies Record<string, CSSProperties>;

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

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
  const [tusSupport, setTusSupport] = useState<Partial<MockTusSupport> | null | undefined>(undefined);
  const [state, setState] = useState<MockState | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const refreshState = useCallback(async () => {
    try {
      setState(await fetchJson<MockState>(STATE_URL));
      setError(undefined);
    } catch (cause) {
      setError(String(cause));
    }
  }, []);

  useEffect(() => {
    let cancelled = false;
    fetchJson<CapabilitiesEnvelope>(CAPABILITIES_URL).then(
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
  }, []);

  useEffect(() => {
    void refreshState();
    const timer = setInterval(() => void refreshState(), 1000);
    return () => clearInterval(timer);
  }, [refreshState]);

  const reset = async () => {
    try {
      const response = await fetch(RESET_URL, { method: 'POST' });
      if (!response.ok) throw new Error(`POST ${RESET_URL} answered ${response.status}`);
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

const SPACE_URL = `/remote.php/dav/spaces/${mockFixtures.personal.id}`;
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
async function seedUpload(log: (step: string) => void): Promise<UploadResult> {
  const steps: string[] = [];
  const step = (text: string) => {
    steps.push(text);
    log(text);
  };
  const expectStatus = (response: Response, status: number, what: string) => {
    if (response.status !== status) throw new Error(`${what} answered ${response.status}, expected ${status}`);
  };

  const created = await fetch(SPACE_URL, {
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
  step(`POST ${SPACE_URL} → ${created.status}, Location ${location}`);

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

  const stored = await fetch(`${SPACE_URL}/tustest.txt`, { headers: AUTH });
  expectStatus(stored, 200, 'GET of the stored file');
  const content = await stored.text();
  step(`GET ${SPACE_URL}/tustest.txt → ${stored.status}`);

  const state = await fetchJson<MockState>(STATE_URL);
  const upload = state.uploads.filter((candidate) => candidate.fileId === fileId).at(-1);
  return { steps, content, ...(upload ? { upload } : {}) };
}

function TusUploadDemo() {
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
      setResult(await seedUpload((text) => setSteps((previous) => [...previous, text])));
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
  play: async ({ canvasElement }) => {
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
  },
};

export const TusUpload: Story = {
  name: 'Tus upload',
  render: () => <TusUploadDemo />,
  play: async ({ canvasElement }) => {
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
  },
};
