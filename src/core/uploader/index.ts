/**
 * `createSpaceUploader`: the batch lives in our own store; Uppy (with tus, or the plain-PUT fallback, configured
 * from the server's capabilities) only ever holds the few files uploading right now. Uppy 6's `addFiles` copies
 * its whole files map once per added file, so 10,000 files handed over at once would take seconds of main thread;
 * here adding 10,000 files is a loop over our own array.
 *
 * The rooms, in the order data flows (ARCHITECTURE.md draws it): intake → preparation (+ folder-jobs, holds) →
 * queue → transport (tus-adapter, put-adapter, uppy-events) → the file machine (file-machine.ts, machine.ts) →
 * store → settle. This file makes the shared state and the public API; each room keeps its own logic.
 */
import Uppy from '@uppy/core';
import { fetchCapabilities } from '../capabilities.js';
import { limiter } from '../concurrency.js';
import { normalizeServerUrl } from '../endpoints.js';
import { UploadError } from '../errors.js';
import { randomUuid } from '../ids.js';
import { filterMetadata, METADATA_FIELDS } from '../metadata.js';
import { createRequestClient } from '../request-client.js';
import { createResumeStore, memoryStorage, type ResumeFileInfo } from '../resume.js';
import { resolveTransfer } from '../transfer.js';
import { confirmCancel } from './cancel-check.js';
import * as controls from './controls.js';
import { isUnfinished } from './file-machine.js';
import { addEntries } from './intake.js';
import type { Internals } from './internals.js';
import { scheduleEffects } from './machine.js';
import { pump } from './queue.js';
import { failWaiting, settle } from './settle.js';
import { createStore } from './store.js';
import { stopConfirmations } from './stored-batch.js';
import { createUppyTransport } from './transport.js';
import type { SpaceUploadBody, SpaceUploader, SpaceUploaderOptions, SpaceUploadMeta, UploaderLogger } from './types.js';
import { listenToUppy } from './uppy-events.js';

export { toUploadError } from './transport-errors.js';
export type * from './types.js';

const QUIET_LOGGER: UploaderLogger = { debug() {}, warn() {}, error() {} };

export function createSpaceUploader(options: SpaceUploaderOptions): SpaceUploader {
  const serverUrl = normalizeServerUrl(options.serverUrl);
  const initiatorId = randomUuid();
  const allowed = options.allowedMetaFields ?? true;
  const fingerprints = new Map<string, ResumeFileInfo>();
  const partial = {
    options,
    serverUrl,
    http: createRequestClient({
      serverUrl,
      ...(options.accessToken !== undefined ? { accessToken: options.accessToken } : {}),
      language: () =>
        (typeof options.language === 'function' ? options.language() : options.language) ??
        globalThis.navigator?.language ??
        'en',
      initiatorId,
      ...(options.corsAllowedHeaders ? { corsAllowedHeaders: options.corsAllowedHeaders } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
    uppy: new Uppy<SpaceUploadMeta, SpaceUploadBody>({
      id: options.id ?? 'space-uploader',
      logger: options.logger ?? QUIET_LOGGER,
      autoProceed: false,
      allowMultipleUploadBatches: true,
    }),
    wireFields:
      allowed === true
        ? [...METADATA_FIELDS]
        : Object.keys(filterMetadata(Object.fromEntries(METADATA_FIELDS.map((k) => [k, k])), allowed)),
    entries: new Map(),
    batches: new Set(),
    target: options.target,
    planChain: Promise.resolve(),
    queue: { order: [], cursor: 0, hashCursor: 0, hashingNow: undefined, hashAbort: undefined },
    byUppyId: new Map(),
    transfer: undefined,
    capabilities: options.capabilities,
    setupError: undefined,
    notBefore: new Map(),
    chunkChecksums: false,
    confirmations: new Map(),
    resume: {
      store: createResumeStore({
        userId: options.resume?.userId ?? 'this-page',
        // With `resume` the store picks localStorage unless given one; without it records stay in this page.
        storage: options.resume ? options.resume.storage : memoryStorage(),
        describe: (fingerprint) => fingerprints.get(fingerprint),
        ...(options.resume?.keepFileBytes ? { keepFileBytes: true } : {}),
      }),
      persist: options.resume !== undefined,
      fingerprints,
    },
    quotaHolds: new Map(),
    refusedSizes: new Map(),
    signInNeeded: false,
    folders: {
      jobs: new Map(),
      slot: limiter(3),
      progress: { total: 0, settled: 0, running: 0 },
      errors: [],
      urls: new Map(),
    },
    started: false,
    destroyed: false,
    wasBusy: false,
    waiters: [],
    effects: { pump: () => {}, settle: () => {}, confirmCancel: () => {}, queued: false },
  } satisfies Omit<Internals, 'store' | 'transport'>;
  const s = partial as unknown as Internals;
  s.store = createStore(partial);
  s.transport = createUppyTransport(s);
  s.effects.pump = () => pump(s, s.transport);
  s.effects.settle = () => settle(s);
  s.effects.confirmCancel = (entry) => confirmCancel(s, entry);
  listenToUppy(s, (entries, target) => {
    uploader.addFiles(entries, target);
    uploader.start();
  });

  let setup: ReturnType<SpaceUploader['ready']> | undefined;
  const assertAlive = () => {
    if (s.destroyed) throw new Error('this uploader was destroyed');
  };
  /** Starts (after the capabilities are read): what is queued goes, and what waited for them fails if they fail. */
  const go = () => {
    s.started = true;
    uploader.ready().then(
      () => scheduleEffects(s),
      (error: unknown) => failWaiting(s, error),
    );
  };

  const uploader: SpaceUploader = {
    uppy: s.uppy,
    initiatorId,
    ready() {
      assertAlive();
      setup ??= (async () => {
        // The transport (tus: @uppy/tus and tus-js-client, most of a whole uploader) is loaded now, not up front,
        // while the capabilities are read; the PUT fallback only for a server without tus.
        const tus = options.transfer?.protocol === 'put' ? undefined : import('./tus-adapter.js');
        tus?.catch(() => undefined);
        const caps =
          s.capabilities ??
          (await fetchCapabilities(serverUrl, {
            // They answer without a token: one that cannot be had (the files wait for sign-in) is left out.
            headers: () =>
              s.http.headers().catch((error: unknown) => {
                if (error instanceof UploadError && error.kind === 'unauthorized') return {};
                throw error;
              }),
            ...(options.fetch ? { fetch: options.fetch } : {}),
          }));
        const t = resolveTransfer(caps, options.transfer);
        if (t.protocol === 'tus') {
          const { installTus } = await (tus ?? import('./tus-adapter.js'));
          if (!s.destroyed && !s.transfer) installTus(s, t);
        } else {
          const { installPut } = await import('./put-adapter.js');
          if (!s.destroyed && !s.transfer) installPut(s, t);
        }
        s.capabilities = caps;
        s.transfer = t;
        s.setupError = undefined;
        s.store.changed(true);
        return { capabilities: caps, transfer: t };
      })();
      // A failed read is reported in the snapshot and can be tried again.
      setup.catch((error: unknown) => {
        setup = undefined;
        s.setupError = error instanceof Error ? error : new Error(String(error));
        s.store.changed(true);
      });
      return setup;
    },
    addFiles: (list, context, addOptions = {}) => addEntries(s, list, context, addOptions),
    setTarget(context) {
      s.target = context;
    },
    plan(id) {
      const e = s.entries.get(id);
      return (
        e && {
          id: e.id,
          name: e.name,
          context: e.context,
          folderPath: e.folderPath,
          path: e.path,
          endpoint: e.endpoint,
          fileUrl: e.fileUrl,
          uploadId: e.uploadId,
          uppyId: e.meta.uppyId,
          planned: e.planned,
        }
      );
    },
    file: (id) => s.entries.get(id)?.file,
    start() {
      assertAlive();
      go();
    },
    upload() {
      if (s.destroyed) return Promise.reject(new Error('this uploader was destroyed'));
      const ids = [...s.entries.values()].filter((e) => isUnfinished(e.state)).map((e) => e.id);
      const done = new Promise<Awaited<ReturnType<SpaceUploader['upload']>>>((resolve, reject) =>
        s.waiters.push({ ids, resolve, reject }),
      );
      s.wasBusy = ids.length > 0 || s.wasBusy;
      go();
      return done;
    },
    pause: (id) => controls.pause(s, id),
    resume: (id) => controls.resume(s, id),
    resumeHeld: (spaceId) => controls.resumeHeld(s, spaceId),
    signedIn(accessToken) {
      assertAlive();
      controls.signedIn(s, accessToken);
      // Capabilities that could not be read without a token (the token function failed) are read again.
      if (s.started) go();
    },
    interrupted: () => s.resume.store.list(),
    forgetInterrupted: (key) => controls.forgetInterrupted(s, key),
    async continueInterrupted(key) {
      assertAlive();
      const record = s.resume.store.list().find((r) => r.key === key);
      const file = record && (await s.resume.store.fileOf(key));
      if (!record || !file || s.destroyed) return undefined;
      const [id] = addEntries(s, [file], record.context ?? { space: { id: record.spaceId } }, {}, record);
      go();
      return id;
    },
    cancel(id) {
      controls.cancel(s, id);
      scheduleEffects(s);
    },
    retry(id) {
      controls.retry(s, id);
      go();
    },
    clearFinished: () => controls.clearFinished(s),
    subscribe: (listener) => s.store.subscribe(listener),
    getSnapshot: () => s.store.getSnapshot(),
    on: (event, handler) => s.store.on(event, handler),
    destroy() {
      if (s.destroyed) return;
      s.destroyed = true;
      for (const batch of s.batches) batch.controller.abort();
      s.queue.hashAbort?.abort();
      stopConfirmations(s);
      s.store.close();
      s.transport.destroy();
      s.entries.clear();
      for (const waiter of s.waiters) waiter.reject(new Error('the uploader was destroyed before the upload finished'));
      s.waiters = [];
    },
  };
  return uploader;
}
