/**
 * "What the mock received": shown under every story (`withServerInspector`), so the wire is visible without
 * devtools. Polls `{serverUrl}/__mock/state` every 500 ms (less often when reading it takes long; and at once on `refresh`, after changes made through the
 * story's `StoryMock`, and before the story is marked ready) and shows one row per upload (target path, status, the
 * metadata exactly as received in the order sent), the files the mock stored and a compact request log.
 *
 * Hooks for play functions (see `play.ts`):
 * - the root: `data-testid="server-inspector"`, `aria-label="What the mock received"`, `data-uploads`,
 *   `data-requests`, `data-files` (counts of the latest state);
 * - uploads: table "Uploads received", rows `data-testid="inspector-upload"` with `data-target-path`,
 *   `data-status` (`complete`, `in-progress`, `terminated`), `data-offset`, `data-length`; the metadata table of each
 *   row is named "Metadata of {target path}", its rows `data-key`;
 * - stored files: table "Files stored", rows `data-testid="inspector-file"` with `data-path`, `data-size`,
 *   `data-sha1` (full);
 * - requests: table "Request log", rows `data-testid="inspector-request"` with `data-route`, `data-status`,
 *   `data-request-id`.
 */
import type { Decorator } from '@storybook/react-vite';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { fixtureSpaces, mockFixtures } from '../../src/mock/fixtures.ts';
import type {
  MockFaultRule,
  MockFileState,
  MockRequestLogEntry,
  MockState,
  MockUploadState,
} from '../../src/mock/types.ts';
import { MOCK_OCIS_LOADED_KEY, type StoryMock, useOptionalStoryMock } from './mock-ocis.tsx';
import { beforeStoryReady } from './story-ready.ts';

export interface ServerInspectorProps {
  /** The mock's server URL, e.g. `{origin}/__mock-instances/{name}`. */
  serverUrl: string;
  /** Polling interval in milliseconds; default 500. */
  intervalMs?: number;
  /** Open every upload's metadata table at first; default `false`. */
  expandMetadata?: boolean;
  /** Requests shown in the log (the latest); default 20. */
  requestLimit?: number;
  /** Uploads and stored files shown (the latest); default 200. */
  rowLimit?: number;
  /** Refresh when this mock reports a change; default the story's `useStoryMock()`, if any. */
  mock?: StoryMock;
}

/** `parameters.serverInspector`: `false` hides the inspector; an object tunes it. */
export type ServerInspectorParameter =
  | false
  | (Pick<ServerInspectorProps, 'intervalMs' | 'expandMetadata' | 'requestLimit' | 'rowLimit'> & {
      disable?: boolean;
      /** Also show it on docs pages (default: only in the story view). */
      docs?: boolean;
    });

// ---- formatting ---------------------------------------------------------------------------------------------------

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // 1 KiB, 1.5 KiB, 120 KiB: one decimal below 100, none when it is 0.
  return `${unit === 0 ? value : Number(value.toFixed(value >= 100 ? 0 : 1))} ${BYTE_UNITS[unit]}`;
}

type UploadStatus = 'complete' | 'in-progress' | 'terminated';

function uploadStatus(upload: MockUploadState): UploadStatus {
  if (upload.terminated) return 'terminated';
  return upload.complete ? 'complete' : 'in-progress';
}

function percent(upload: MockUploadState): number {
  return upload.length > 0 ? Math.floor((upload.offset / upload.length) * 100) : 100;
}

/** `1 POST, 3 PATCH, 1 HEAD` in the order first seen; the effective method counts (after the override). */
function requestSummary(upload: MockUploadState): string {
  const counts = new Map<string, number>();
  for (const request of upload.requests) {
    counts.set(request.effectiveMethod, (counts.get(request.effectiveMethod) ?? 0) + 1);
  }
  return [...counts].map(([method, count]) => `${count} ${method}`).join(', ') || 'none';
}

function ruleText(rule: MockFaultRule): string {
  const where = rule.route ? ` on ${rule.route}` : '';
  const when = `${rule.nth && rule.nth > 1 ? ` from #${rule.nth}` : ''}${
    rule.times === 'always' ? ', always' : rule.times && rule.times > 1 ? `, ${rule.times}×` : ''
  }`;
  if (rule.type === 'drop') return `drop after ${formatBytes(rule.afterBytes)}${where}${when}`;
  const method = rule.method ? ` ${rule.method}` : '';
  return `${rule.status}${method}${where}${when}`;
}

/** One line on how the instance is configured: transfer, strict mode, faults. */
function configSummary(state: MockState): Array<[string, string]> {
  const tus = state.capabilities.tus;
  const tusText =
    tus === false
      ? 'off (plain PUT)'
      : tus && Object.keys(tus).length > 0
        ? Object.entries(tus)
            .map(([key, value]) => `${key} ${value === '' ? '""' : String(value)}`)
            .join(', ')
        : 'default';
  const { faults } = state;
  const faultParts = [
    ...(faults.rules ?? []).map(ruleText),
    ...(faults.latencyMs ? [`latency ${faults.latencyMs} ms`] : []),
    ...(faults.bandwidthBytesPerSecond ? [`${formatBytes(faults.bandwidthBytesPerSecond)}/s`] : []),
    ...(faults.uploadUrlLifetimeSeconds !== undefined ? [`upload URLs live ${faults.uploadUrlLifetimeSeconds} s`] : []),
    ...(faults.processingDelayMs ? [`processing ${faults.processingDelayMs} ms`] : []),
    ...Object.entries(faults.quotas ?? {}).map(
      ([id, total]) => `quota ${formatBytes(total)} (${spaceName(state, id)})`,
    ),
    ...(faults.locks ?? []).map((lock) => `lock ${lock.path}`),
  ];
  return [
    ['tus', tusText],
    ['strict', state.strict ? 'on' : 'off'],
    ['faults', faultParts.join(' · ') || 'none'],
  ];
}

const SHARES = [mockFixtures.writeShare, mockFixtures.readOnlyShare];

function spaceName(state: MockState, id: string): string {
  return (
    state.spaces.find((space) => space.id === id)?.name ??
    SHARES.find((share) => share.id === id)?.name ??
    `${id.slice(0, 12)}…`
  );
}

/** Fixture file ids (`{storageId}${spaceUuid}!{nodeId}`): their first version is not something the story uploaded. */
const FIXTURE_NODE_IDS = new Set(fixtureSpaces.flatMap((space) => space.items.map((item) => item.nodeId)));

function isUntouchedFixture(file: MockFileState): boolean {
  const nodeId = file.fileId.slice(file.fileId.lastIndexOf('!') + 1);
  return file.versions === 1 && FIXTURE_NODE_IDS.has(nodeId);
}

// ---- data -----------------------------------------------------------------------------------------------------------

interface Snapshot {
  state: MockState | undefined;
  error: string | undefined;
}

/** Polls the state; `refresh()` fetches at once (queued after a request in flight, so it sees what came before). */
function useMockState(serverUrl: string, intervalMs: number, mock: StoryMock | undefined) {
  const [snapshot, setSnapshot] = useState<Snapshot>({ state: undefined, error: undefined });
  const lastText = useRef<string | undefined>(undefined);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const alive = useRef(true);

  const refresh = useCallback((): Promise<void> => {
    const run = async () => {
      if (!alive.current) return;
      try {
        const response = await fetch(`${serverUrl}/__mock/state`, { cache: 'no-store' });
        if (!response.ok) throw new Error(`GET /__mock/state answered ${response.status}`);
        const text = await response.text();
        if (!alive.current || text === lastText.current) return;
        lastText.current = text;
        setSnapshot({ state: JSON.parse(text) as MockState, error: undefined });
      } catch (cause) {
        if (!alive.current) return;
        lastText.current = undefined;
        setSnapshot((previous) => ({ ...previous, error: cause instanceof Error ? cause.message : String(cause) }));
      }
    };
    queue.current = queue.current.then(run);
    return queue.current;
  }, [serverUrl]);

  useEffect(() => {
    alive.current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const started = performance.now();
      await refresh();
      // A big state (thousands of uploads) takes a while to read: then poll less often, so the page stays responsive.
      const delay = Math.max(intervalMs, 4 * (performance.now() - started));
      if (alive.current) timer = setTimeout(() => void tick(), delay);
    };
    void tick();
    const unsubscribe = mock?.onChange(() => void refresh());
    const unregister = beforeStoryReady(refresh);
    return () => {
      alive.current = false;
      clearTimeout(timer);
      unsubscribe?.();
      unregister();
    };
  }, [refresh, intervalMs, mock]);

  return { ...snapshot, refresh };
}

// ---- view -------------------------------------------------------------------------------------------------------------

const CSS = `
.si {
  --si-fg: #1f2328;
  --si-muted: #59636e;
  --si-border: #d1d9e0;
  --si-head: #f6f8fa;
  --si-surface: #ffffff;
  --si-accent: #0a5fc2;
  --si-ok: #1a7f37;
  --si-warn: #8a5a00;
  --si-bad: #b3261e;
  --si-mono: ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, monospace;
  margin-top: 24px;
  padding: 12px 14px 14px;
  border: 1px solid var(--si-border);
  border-radius: 8px;
  background: var(--si-surface);
  color: var(--si-fg);
  font: 12px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif;
  box-sizing: border-box;
}
[data-theme='dark'] .si {
  --si-fg: #e6e9ee;
  --si-muted: #a2abb6;
  --si-border: #3a414b;
  --si-head: #22272e;
  --si-surface: #181b21;
  --si-accent: #79b8ff;
  --si-ok: #56d364;
  --si-warn: #e3b341;
  --si-bad: #ff8a80;
}
.si * { box-sizing: border-box; }
.si-top { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; }
.si h2 { font-size: 13px; font-weight: 650; margin: 0; letter-spacing: 0.01em; }
.si h3 { font-size: 12px; font-weight: 650; margin: 14px 0 6px; }
.si-instance { font-family: var(--si-mono); font-size: 11px; color: var(--si-muted); overflow-wrap: anywhere; }
.si-counts { margin: 0 0 0 auto; color: var(--si-muted); }
.si-button {
  font: inherit; font-size: 11px; padding: 2px 10px; border-radius: 4px; cursor: pointer;
  border: 1px solid var(--si-border); background: var(--si-head); color: var(--si-fg);
}
.si-button:hover { border-color: var(--si-accent); }
.si-button:focus-visible, .si summary:focus-visible { outline: 2px solid var(--si-accent); outline-offset: 2px; }
.si-config { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 6px 0 0; padding: 0; }
.si-config div { display: flex; gap: 6px; min-width: 0; }
.si-config dt { color: var(--si-muted); }
.si-config dd { margin: 0; font-family: var(--si-mono); font-size: 11px; overflow-wrap: anywhere; }
.si-error { color: var(--si-bad); margin: 8px 0 0; }
.si-empty, .si-note { color: var(--si-muted); margin: 4px 0 0; }
.si-scroll { overflow-x: auto; }
.si table { border-collapse: collapse; width: 100%; font-size: 12px; }
.si th, .si td { text-align: left; vertical-align: top; padding: 3px 8px; border-bottom: 1px solid var(--si-border); }
.si thead th { background: var(--si-head); font-weight: 600; color: var(--si-muted); white-space: nowrap; font-size: 11px; }
.si tbody th { font-weight: 500; }
.si-mono { font-family: var(--si-mono); font-size: 11px; }
.si-path { font-family: var(--si-mono); font-size: 11px; overflow-wrap: break-word; }
.si-num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
/* Columns that take only what they need; the others (paths, metadata, request ids) share the rest. */
.si .si-fit { width: 1%; white-space: nowrap; }
.si td.si-mono, .si td.si-num { white-space: nowrap; }
.si-nowrap { white-space: nowrap; }
.si-status { display: inline-flex; align-items: center; gap: 6px; white-space: nowrap; }
.si-dot { width: 7px; height: 7px; border-radius: 50%; background: currentColor; flex: none; }
.si-status[data-status='complete'] { color: var(--si-ok); }
.si-status[data-status='in-progress'] { color: var(--si-warn); }
.si-status[data-status='terminated'] { color: var(--si-muted); }
.si-bar { display: block; width: 96px; height: 4px; margin-top: 3px; border-radius: 2px; background: var(--si-border); overflow: hidden; }
.si-bar > span { display: block; height: 100%; background: var(--si-accent); }
.si-sub { display: block; color: var(--si-muted); font-size: 11px; white-space: nowrap; }
.si-bad { color: var(--si-bad); }
.si details > summary { cursor: pointer; color: var(--si-accent); white-space: nowrap; width: max-content; }
.si-log > summary { font-size: 12px; font-weight: 650; color: var(--si-fg) !important; margin: 14px 0 6px; }
.si-meta { margin: 4px 0 2px; width: auto !important; min-width: 320px; }
.si-meta th, .si-meta td { padding: 1px 6px; border-bottom: 1px dotted var(--si-border); }
.si-meta th { font-family: var(--si-mono); font-size: 11px; font-weight: 400; color: var(--si-muted); white-space: nowrap; }
.si-meta td { font-family: var(--si-mono); font-size: 11px; white-space: pre-wrap; overflow-wrap: anywhere; max-width: 460px; }
.si-empty-value { color: var(--si-muted); font-style: italic; font-family: system-ui, sans-serif; }
.si-visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

function UploadStatusCell({ upload }: { upload: MockUploadState }) {
  const status = uploadStatus(upload);
  const last = upload.requests.at(-1);
  const label =
    status === 'in-progress'
      ? `in progress, ${formatBytes(upload.offset)} of ${formatBytes(upload.length)}`
      : status === 'complete'
        ? 'complete'
        : 'terminated';
  return (
    <>
      <span className="si-status" data-status={status}>
        <span className="si-dot" aria-hidden="true" />
        {label}
      </span>
      {status === 'in-progress' && (
        <span className="si-bar" aria-hidden="true">
          <span style={{ width: `${percent(upload)}%` }} />
        </span>
      )}
      {upload.checksumVerified !== undefined && (
        <span className={upload.checksumVerified ? 'si-sub' : 'si-sub si-bad'}>
          checksum {upload.checksumVerified ? 'verified' : 'mismatch'}
        </span>
      )}
      {last?.fault === 'drop' ? (
        <span className="si-sub si-bad">last: {last.effectiveMethod} dropped</span>
      ) : (
        last &&
        last.status >= 400 && (
          <span className="si-sub si-bad">
            last: {last.effectiveMethod} {last.status}
            {last.fault ? ' (fault)' : ''}
          </span>
        )
      )}
    </>
  );
}

function MetadataTable({ upload }: { upload: MockUploadState }) {
  return (
    <table className="si-meta">
      <caption className="si-visually-hidden">Metadata of {upload.targetPath}</caption>
      <thead className="si-visually-hidden">
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {upload.metadataKeys.map((key) => {
          const value = upload.metadata[key] ?? '';
          return (
            <tr key={key} data-key={key}>
              <th scope="row">{key}</th>
              <td>{value === '' ? <span className="si-empty-value">empty</span> : value}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function UploadsTable({
  state,
  expandMetadata,
  rowLimit,
  captionId,
}: {
  state: MockState;
  expandMetadata: boolean;
  rowLimit: number;
  captionId: string;
}) {
  const uploads = state.uploads.slice(-rowLimit);
  return (
    <>
      <h3 id={captionId}>Uploads received</h3>
      {state.uploads.length === 0 ? (
        <p className="si-empty">No uploads yet.</p>
      ) : (
        <div className="si-scroll">
          <table aria-labelledby={captionId}>
            <thead>
              <tr>
                <th scope="col">Target path</th>
                <th scope="col" className="si-fit">
                  Space
                </th>
                <th scope="col" className="si-fit">
                  Status
                </th>
                <th scope="col" className="si-fit si-num">
                  Size
                </th>
                <th scope="col" className="si-fit">
                  Requests
                </th>
                <th scope="col">Metadata</th>
              </tr>
            </thead>
            <tbody>
              {uploads.map((upload) => (
                <tr
                  key={upload.id}
                  data-testid="inspector-upload"
                  data-upload-id={upload.id}
                  data-target-path={upload.targetPath}
                  data-status={uploadStatus(upload)}
                  data-offset={upload.offset}
                  data-length={upload.length}
                >
                  <th scope="row" className="si-path">
                    {upload.targetPath}
                  </th>
                  <td className="si-nowrap">{spaceName(state, upload.spaceId)}</td>
                  <td className="si-nowrap">
                    <UploadStatusCell upload={upload} />
                  </td>
                  <td className="si-num">{formatBytes(upload.length)}</td>
                  <td className="si-nowrap">{requestSummary(upload)}</td>
                  <td>
                    <details open={expandMetadata}>
                      <summary>
                        {upload.metadataKeys.length} {upload.metadataKeys.length === 1 ? 'key' : 'keys'}
                        <span className="si-visually-hidden"> of metadata of {upload.targetPath}</span>
                      </summary>
                      <MetadataTable upload={upload} />
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {state.uploads.length > uploads.length && (
        <p className="si-note">
          Showing the latest {uploads.length} of {state.uploads.length} uploads.
        </p>
      )}
    </>
  );
}

function FilesTable({ state, rowLimit, captionId }: { state: MockState; rowLimit: number; captionId: string }) {
  const stored = state.files.filter((file) => !isUntouchedFixture(file));
  const files = stored.slice(-rowLimit);
  return (
    <>
      <h3 id={captionId}>Files stored</h3>
      {stored.length === 0 ? (
        <p className="si-empty">No files stored besides the fixtures.</p>
      ) : (
        <div className="si-scroll">
          <table aria-labelledby={captionId}>
            <thead>
              <tr>
                <th scope="col">Path</th>
                <th scope="col" className="si-fit">
                  Space
                </th>
                <th scope="col" className="si-fit si-num">
                  Size
                </th>
                <th scope="col" className="si-fit">
                  SHA-1
                </th>
                <th scope="col" className="si-fit si-num">
                  Versions
                </th>
              </tr>
            </thead>
            <tbody>
              {files.map((file) => (
                <tr
                  key={`${file.spaceId}:${file.path}`}
                  data-testid="inspector-file"
                  data-path={file.path}
                  data-size={file.size}
                  data-sha1={file.sha1}
                >
                  <th scope="row" className="si-path">
                    {file.path}
                    {file.processing && <span className="si-sub">processing</span>}
                  </th>
                  <td className="si-nowrap">{spaceName(state, file.spaceId)}</td>
                  <td className="si-num">{formatBytes(file.size)}</td>
                  <td className="si-mono" title={file.sha1}>
                    {file.sha1.slice(0, 10)}
                  </td>
                  <td className="si-num">{file.versions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {stored.length > files.length && (
        <p className="si-note">
          Showing the latest {files.length} of {stored.length} files.
        </p>
      )}
    </>
  );
}

function RequestLog({
  requests,
  limit,
  captionId,
}: {
  requests: MockRequestLogEntry[];
  limit: number;
  captionId: string;
}) {
  const shown = requests.slice(-limit);
  return (
    <details className="si-log" open>
      <summary id={captionId}>Request log ({requests.length})</summary>
      {requests.length === 0 ? (
        <p className="si-empty">No requests yet.</p>
      ) : (
        <div className="si-scroll">
          <table aria-labelledby={captionId}>
            <thead>
              <tr>
                <th scope="col" className="si-fit si-num">
                  #
                </th>
                <th scope="col" className="si-fit">
                  Method
                </th>
                <th scope="col" className="si-fit">
                  Effective
                </th>
                <th scope="col" className="si-fit">
                  Route
                </th>
                <th scope="col" className="si-fit si-num">
                  Status
                </th>
                <th scope="col" className="si-fit si-num">
                  Bytes
                </th>
                <th scope="col">X-Request-Id</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((request) => (
                <tr
                  key={request.seq}
                  data-testid="inspector-request"
                  data-route={request.route}
                  data-status={request.status}
                  data-request-id={request.requestId}
                >
                  <td className="si-num">{request.seq}</td>
                  <td className="si-mono">{request.method}</td>
                  <td className="si-mono">{request.effectiveMethod}</td>
                  <td className="si-mono" title={request.path}>
                    {request.route}
                  </td>
                  <td className={request.status >= 400 || request.fault ? 'si-num si-bad' : 'si-num'}>
                    {request.fault === 'drop' ? 'dropped' : request.status}
                    {request.fault === 'status' ? ' (fault)' : ''}
                  </td>
                  <td className="si-num">{request.bytesReceived > 0 ? formatBytes(request.bytesReceived) : '–'}</td>
                  <td className="si-mono">{request.requestId || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {requests.length > shown.length && (
        <p className="si-note">
          Showing the latest {shown.length} of {requests.length} requests.
        </p>
      )}
    </details>
  );
}

function plural(count: number, one: string, many: string): string {
  return `${count === 0 ? 'no' : count} ${count === 1 ? one : many}`;
}

function countsText(uploads: number, completed: number, requests: number, files: number): string {
  const ofUploads = uploads > 0 ? ` (${completed} complete)` : '';
  return `${plural(uploads, 'upload', 'uploads')}${ofUploads} · ${plural(requests, 'request', 'requests')} · ${plural(
    files,
    'file',
    'files',
  )} stored`;
}

/** What the mock at `serverUrl` received: uploads with their metadata, stored files, the request log. */
export function ServerInspector({
  serverUrl,
  intervalMs = 500,
  expandMetadata = false,
  requestLimit = 20,
  rowLimit = 200,
  mock,
}: ServerInspectorProps) {
  const storyMock = useOptionalStoryMock();
  const source = mock ?? (storyMock?.serverUrl === serverUrl ? storyMock : undefined);
  const { state, error, refresh } = useMockState(serverUrl, intervalMs, source);
  const id = useId();
  const instance = useMemo(() => serverUrl.replace(/^https?:\/\/[^/]+/, ''), [serverUrl]);
  const completed = state?.uploads.filter((upload) => upload.complete).length ?? 0;
  const stored = state?.files.filter((file) => !isUntouchedFixture(file)).length ?? 0;

  return (
    <aside
      className="si"
      aria-labelledby={`${id}-title`}
      data-testid="server-inspector"
      data-server-url={serverUrl}
      data-uploads={state?.uploads.length}
      data-requests={state?.requests.length}
      data-files={state ? stored : undefined}
    >
      <style href="space-uploader-server-inspector" precedence="default">
        {CSS}
      </style>
      <div className="si-top">
        <h2 id={`${id}-title`}>What the mock received</h2>
        <span className="si-instance">{instance}</span>
        <p className="si-counts">
          {state
            ? countsText(state.uploads.length, completed, state.requests.length, stored)
            : 'Reading the mock’s state…'}
        </p>
        <button type="button" className="si-button" onClick={() => void refresh()}>
          Refresh
        </button>
      </div>
      {state && (
        <dl className="si-config">
          {configSummary(state).map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {error !== undefined && (
        <p className="si-error" role="status">
          Could not read the mock’s state: {error}
        </p>
      )}
      {state && (
        <>
          <UploadsTable state={state} expandMetadata={expandMetadata} rowLimit={rowLimit} captionId={`${id}-uploads`} />
          <FilesTable state={state} rowLimit={rowLimit} captionId={`${id}-files`} />
          <RequestLog requests={state.requests} limit={requestLimit} captionId={`${id}-requests`} />
        </>
      )}
    </aside>
  );
}

/**
 * Decorator: the story, then the inspector of its mock instance below it. Shown in the story view (docs pages only
 * with `parameters.serverInspector.docs`); `parameters.serverInspector: false` hides it.
 */
export const withServerInspector: Decorator = (Story, context) => {
  const mock = context.loaded[MOCK_OCIS_LOADED_KEY] as StoryMock | undefined;
  const parameter = context.parameters.serverInspector as ServerInspectorParameter | undefined;
  const options = parameter === false ? { disable: true } : (parameter ?? {});
  const hidden = !mock || options.disable || (context.viewMode === 'docs' && !options.docs);
  if (hidden) return <Story />;
  const { disable: _disable, docs: _docs, ...props } = options;
  return (
    <>
      <Story />
      <ServerInspector serverUrl={mock.serverUrl} mock={mock} {...props} />
    </>
  );
};
