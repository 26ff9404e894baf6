/**
 * The transport seam: what the queue and the API ask of whatever moves the bytes. Today that is Uppy with tus
 * (`tus-adapter.ts`) or with the plain-PUT fallback (`put-adapter.ts`); Uppy's events come back as file-machine
 * events in `uppy-events.ts`. Uppy holds a file only while it uploads.
 */
import type { ResumeContext } from '../resume.js';
import { type Entry, mtimeOf, sizeOf } from './entry.js';
import type { Internals } from './internals.js';
import { scheduleEffects } from './machine.js';
import { terminationOf, tusFingerprint } from './tus-internals.js';
import type { SpaceUploadMeta, SpaceUppyFile } from './types.js';

export interface Transport {
  /** How many more files it takes now. */
  room(): number;
  /** Hands a file over; false when it is refused for now (an identical file is uploading). */
  add(entry: Entry): boolean;
  /** Starts what was handed over. */
  start(): void;
  /** Pauses or resumes a file it holds (it keeps its upload URL and offset). */
  pause(entry: Entry): void;
  resume(entry: Entry): void;
  /** Gives up on a file: a started upload is ended on the server (tus DELETE). */
  cancel(entry: Entry): void;
  /** Lets go of a file after its outcome (next tick: tus still cleans up). */
  release(entry: Entry): void;
  destroy(): void;
}

export function createUppyTransport(s: Internals): Transport {
  const { uppy } = s;
  // Uppy's own count: a finished file leaves Uppy one tick after its outcome (see `release`).
  const inUppy = () => Object.keys(uppy.getState().files).length;
  const isPaused = (entry: Entry) => (entry.uppyId ? !!uppy.getFile(entry.uppyId)?.isPaused : false);
  return {
    room: () => (s.transfer ? s.transfer.limit - inUppy() : 0),
    add(entry) {
      let uppyId: string;
      try {
        uppyId = uppy.addFile({
          name: entry.name,
          type: entry.file.type || undefined,
          data: entry.file,
          meta: { ...entry.meta } as SpaceUploadMeta,
          source: 'space-uploader',
        });
      } catch {
        return false;
      }
      const file = uppy.getFile(uppyId);
      // Uppy may guess a type from the extension: type and filetype say the same on the wire.
      const meta = { ...file.meta, uppyId, type: file.type, filetype: file.type } as SpaceUploadMeta;
      entry.meta = { ...entry.meta, uppyId, type: file.type, filetype: file.type };
      // @uppy/tus sends String(meta[key]) for every allowed key, set or not ("undefined" on the wire, as the
      // web UI does): allow per file only the keys this file has.
      const wire = meta as Record<string, unknown>;
      const allowedMetaFields = s.wireFields.filter((key) => typeof wire[key] === 'string' && wire[key] !== '');
      uppy.setFileState(uppyId, {
        meta,
        tus: { endpoint: entry.endpoint, allowedMetaFields },
      } as Partial<SpaceUppyFile>);
      entry.uppyId = uppyId;
      s.resume.fingerprints.set(tusFingerprint(uppyId, entry.endpoint), {
        name: entry.name,
        size: sizeOf(entry),
        lastModified: mtimeOf(entry),
        spaceId: entry.context.space.id,
        path: entry.path,
        partialHash: entry.edgeHash,
        context: JSON.parse(JSON.stringify(entry.context)) as ResumeContext,
        ...(entry.meta.relativePath ? { relativePath: entry.meta.relativePath } : {}),
        ...(entry.topLevelFolderId ? { topLevelFolderId: entry.topLevelFolderId } : {}),
        ...(s.options.resume?.keepFileBytes ? { file: entry.file } : {}),
        ...(entry.resumeKey ? { resumeKey: entry.resumeKey } : {}),
        source: entry.file,
        // A stored upload goes on: if the server refuses its URL, the new one that follows is a restart.
        onResume: (url) => {
          entry.uploadUrl ??= url;
        },
      });
      entry.bytesUploaded = 0;
      entry.lastProgress = undefined;
      s.byUppyId.set(uppyId, entry);
      return true;
    },
    start() {
      uppy.upload().catch(() => undefined);
    },
    pause(entry) {
      if (entry.uppyId && !isPaused(entry)) uppy.pauseResume(entry.uppyId);
    },
    resume(entry) {
      if (entry.uppyId && isPaused(entry)) uppy.pauseResume(entry.uppyId);
    },
    cancel(entry) {
      const uppyId = entry.uppyId;
      if (!uppyId) return;
      entry.uppyId = undefined;
      s.byUppyId.delete(uppyId);
      terminationOf(uppy, uppyId)?.quiet();
      uppy.removeFile(uppyId); // @uppy/tus sends the tus DELETE for a started upload
    },
    release(entry) {
      const uppyId = entry.uppyId;
      if (!uppyId) return;
      entry.uppyId = undefined;
      s.byUppyId.delete(uppyId);
      setTimeout(() => {
        // tus is done with this file's fingerprint once Uppy lets go of it (a later try registers it again).
        s.resume.fingerprints.delete(tusFingerprint(uppyId, entry.endpoint));
        if (uppy.getFile(uppyId)) uppy.removeFile(uppyId);
        // A transfer slot is free: not a file's state change, so it is scheduled here.
        scheduleEffects(s);
      }, 0);
    },
    destroy() {
      s.byUppyId.clear();
      for (const uppyId of Object.keys(uppy.getState().files)) terminationOf(uppy, uppyId)?.quiet();
      uppy.destroy();
    },
  };
}
