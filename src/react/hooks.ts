/** Headless hooks: the uploader's state as React state, StrictMode- and SSR-safe. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  type AccessTokenSource,
  type AddFilesOptions,
  type ConflictHandler,
  fetchCapabilities,
  type SpaceUploader,
  type SpaceUploaderOptions,
  type SpaceUppy,
  type UploadCapabilities,
  type UploadContext,
  type UploadEntry,
  type UploaderSnapshot,
  type UploadFailure,
  type UploadResult,
} from '../core/index.js';
import type { UploaderActions } from './context.js';
import { EMPTY_STORE, useStoreSelector, whole } from './store.js';

/** The snapshot of an uploader (the empty one while there is none, and on the server). */
export function useUploaderSnapshot(uploader: SpaceUploader | undefined): UploaderSnapshot {
  return useStoreSelector(uploader ?? EMPTY_STORE, whole);
}

export interface UseSpaceUploaderOptions extends SpaceUploaderOptions {
  /** Where added files go. */
  target?: UploadContext;
  /** Start uploading as soon as files are added; default true. */
  autoStart?: boolean;
  /**
   * Nothing is queued or moving any more. Reports every file the uploader still lists, earlier batches
   * included (`clearFinished()` drops the uploaded ones), not only the batch that just ended.
   */
  onUploadComplete?: (summary: { successful: UploadResult[]; failed: UploadFailure[] }) => void;
}

export interface SpaceUploaderState extends UploaderSnapshot {
  actions: UploaderActions;
  /** `undefined` until mounted in a browser and the uploader's code has loaded (a chunk of its own). */
  uploader: SpaceUploader | undefined;
  uppy: SpaceUppy | undefined;
}

/**
 * Creates an uploader for this component (after mount, once its code has loaded: none on the server; under
 * StrictMode's double mount the first mount's is never made) and returns its state and actions. A new uploader is
 * made when `serverUrl`, `capabilities`, `transfer`, `allowedMetaFields`, `corsAllowedHeaders`, `id` or
 * `resume.userId` change; the
 * token source, language, target and callbacks (`onConflict` too) are read fresh at each use. The component
 * re-renders on every change of the snapshot (each progress tick); a `SpaceUploaderProvider` does not, and its
 * parts select what they show (`useUploaderSelector`).
 */
export function useSpaceUploader(options: UseSpaceUploaderOptions): SpaceUploaderState {
  const { uploader, actions } = useUploaderInstance(options);
  const snapshot = useUploaderSnapshot(uploader);
  return { ...snapshot, actions, uploader, uppy: uploader?.uppy };
}

/** `useSpaceUploader` without the snapshot: the uploader and its actions, which change only with the uploader. */
export function useUploaderInstance(options: UseSpaceUploaderOptions): {
  uploader: SpaceUploader | undefined;
  actions: UploaderActions;
} {
  const latest = useRef(options);
  latest.current = options;
  const [uploader, setUploader] = useState<SpaceUploader>();
  // The uploader that exists right now, for actions called through a closure from an earlier render (a drop
  // read asynchronously, begun before the uploader existed, delivers its files after it does).
  const live = useRef<SpaceUploader | undefined>(undefined);
  const { serverUrl, capabilities, transfer, allowedMetaFields, id } = options;
  // A different user means other resume records: a new uploader. (The language is read per request: switching it
  // must not cancel what is uploading.)
  const configKey = JSON.stringify({
    transfer,
    allowedMetaFields,
    corsAllowedHeaders: options.corsAllowedHeaders,
    id,
    resumeUser: options.resume?.userId,
  });

  // The engine (the core's uploader, with Uppy) is a chunk of its own, loaded at mount: the component renders
  // without waiting for it, and files picked meanwhile wait (`early` below). A failed load is thrown while
  // rendering, for the app's error boundary.
  const [loadError, setLoadError] = useState<Error>();
  if (loadError) throw loadError;
  useEffect(() => {
    let closed = false;
    let close = () => {};
    import('../core/engine.js').then(
      ({ createSpaceUploader, defaultConflictHandler }) => {
        if (closed) return;
        const accessToken: AccessTokenSource = async (context) => {
          const source = latest.current.accessToken;
          return typeof source === 'function' ? source(context) : (source ?? '');
        };
        const {
          transfer: t,
          allowedMetaFields: a,
          corsAllowedHeaders: cors,
          id: i,
        } = JSON.parse(configKey) as Partial<UseSpaceUploaderOptions>;
        // Read at each conflict, so a new `onConflict` prop takes effect without a new uploader; without one the
        // core's default (folders merge, files are kept both) decides.
        const onConflict: ConflictHandler = (conflict, context) =>
          (latest.current.onConflict ?? defaultConflictHandler)(conflict, context);
        const created = createSpaceUploader({
          serverUrl,
          accessToken,
          onConflict,
          ...(capabilities ? { capabilities } : {}),
          ...(t ? { transfer: t } : {}),
          ...(a ? { allowedMetaFields: a } : {}),
          ...(cors ? { corsAllowedHeaders: cors } : {}),
          ...(i ? { id: i } : {}),
          language: () => {
            const current = latest.current.language;
            return typeof current === 'function' ? current() : current;
          },
          ...(latest.current.fetch ? { fetch: latest.current.fetch } : {}),
          ...(latest.current.logger ? { logger: latest.current.logger } : {}),
          ...(latest.current.target ? { target: latest.current.target } : {}),
          ...(latest.current.resume ? { resume: latest.current.resume } : {}),
        });
        const offComplete = created.on('complete', (summary) => latest.current.onUploadComplete?.(summary));
        live.current = created;
        setUploader(created);
        close = () => {
          offComplete();
          if (live.current === created) live.current = undefined;
          created.destroy();
          setUploader((current) => (current === created ? undefined : current));
        };
      },
      (error: unknown) => !closed && setLoadError(error instanceof Error ? error : new Error(String(error))),
    );
    return () => {
      closed = true;
      close();
    };
  }, [serverUrl, capabilities, configKey]);

  // Files given to Uppy directly (e.g. @uppy/react's Dashboard on `uppy`) go to the current target.
  const targetKey = JSON.stringify(options.target ?? null);
  useEffect(() => {
    uploader?.setTarget(targetKey === 'null' ? undefined : (JSON.parse(targetKey) as UploadContext));
  }, [uploader, targetKey]);

  // Files picked in the instant between the first render and the uploader's creation wait here.
  const early = useRef<
    Array<{ entries: readonly UploadEntry[]; options: AddFilesOptions | undefined; target: UploadContext }>
  >([]);
  const earlyStart = useRef(false);
  useEffect(() => {
    if (!uploader) return;
    const added = early.current.splice(0);
    for (const { entries, options: addOptions, target } of added) uploader.addFiles(entries, target, addOptions);
    if (earlyStart.current || (added.length > 0 && (latest.current.autoStart ?? true))) uploader.start();
    earlyStart.current = false;
  }, [uploader]);

  // `uploader` is only the identity of the actions; each call goes to the live one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: new actions for a new uploader, on purpose
  const actions = useMemo<UploaderActions>(() => {
    return {
      addFiles(entries, addOptions) {
        const target = latest.current.target;
        if (!target) throw new Error('useSpaceUploader needs a `target` (space, folder, route) before files are added');
        const uploader = live.current;
        if (!uploader) {
          // Before mount completes: kept, and added as soon as the uploader exists (no ids yet).
          early.current.push({ entries, options: addOptions, target });
          return [];
        }
        const ids = uploader.addFiles(entries, target, addOptions);
        if (latest.current.autoStart ?? true) uploader.start();
        return ids;
      },
      // Before the uploader exists there is nothing to act on; a start is remembered for the early files.
      start: () => {
        if (live.current) live.current.start();
        else earlyStart.current = true;
      },
      pause: (fileId) => live.current?.pause(fileId),
      resume: (fileId) => live.current?.resume(fileId),
      cancel: (fileId) => live.current?.cancel(fileId),
      retry: (fileId) => live.current?.retry(fileId),
      resumeHeld: (spaceId) => live.current?.resumeHeld(spaceId),
      // The token source reads the latest `accessToken` prop: signing in again there is enough.
      signedIn: () => live.current?.signedIn(),
      clearFinished: () => live.current?.clearFinished(),
    };
  }, [uploader]);

  return { uploader, actions };
}

export interface CapabilitiesState {
  capabilities: UploadCapabilities | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** Reads a server's capabilities once per `serverUrl` (and on `reload()`); aborts when unmounted. */
export function useCapabilities(serverUrl: string | undefined, accessToken?: AccessTokenSource): CapabilitiesState {
  const token = useRef(accessToken);
  token.current = accessToken;
  const [state, setState] = useState<Omit<CapabilitiesState, 'reload'>>({
    capabilities: undefined,
    error: undefined,
    loading: !!serverUrl,
  });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!serverUrl || generation < 0) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    fetchCapabilities(serverUrl, {
      signal: controller.signal,
      accessToken: async () => {
        const source = token.current;
        return typeof source === 'function' ? source({ refresh: false }) : (source ?? '');
      },
    }).then(
      (capabilities) => !controller.signal.aborted && setState({ capabilities, error: undefined, loading: false }),
      (error: unknown) =>
        !controller.signal.aborted &&
        setState({
          capabilities: undefined,
          error: error instanceof Error ? error : new Error(String(error)),
          loading: false,
        }),
    );
    return () => controller.abort();
  }, [serverUrl, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
