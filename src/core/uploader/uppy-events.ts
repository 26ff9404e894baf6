/**
 * Uppy's events as file-machine events: progress, a stored file, a failure (a refused token and a full space
 * become holds), and what a user did through Uppy's own controls (its Dashboard's remove, pause and resume).
 */

import type { UploadError } from '../errors.js';
import type { UploadContext } from '../metadata.js';
import { readHeader } from '../readable-headers.js';
import { type Entry, sizeOf } from './entry.js';
import { isUnfinished } from './file-machine.js';
import { stored } from './finish.js';
import { hashMayReach } from './hash-alongside.js';
import { holdSpace, needSignIn } from './holds.js';
import type { Internals } from './internals.js';
import { move } from './machine.js';
import { failedXhr, silentAuthorizedRequest, toUploadError } from './transport-errors.js';
import { tusUploadUrlOf } from './tus-internals.js';
import type { UploadEntry } from './types.js';

/** Speed is smoothed over progress events at least this far apart. */
const SPEED_SAMPLE_MS = 250;

/**
 * tus-js-client starts a fresh upload by itself when the server refuses the old URL on resume (403: expired;
 * 404: gone): a new upload URL for the same file is that restart. Counted and logged on the file.
 */
function noteUploadUrl(s: Internals, entry: Entry): void {
  const url = entry.uppyId ? tusUploadUrlOf(s.uppy, entry.uppyId) : undefined;
  if (!url || url === entry.uploadUrl) return;
  if (entry.uploadUrl !== undefined) {
    entry.restarts++;
    entry.log.push({
      at: Date.now(),
      message: 'the server no longer accepted the upload URL (expired or gone): started a fresh upload',
    });
    s.store.touch(entry);
  }
  entry.uploadUrl = url;
}

/** What a file the transfer gave up on becomes: held for sign-in or free space, or failed with the reason. */
function failed(s: Internals, entry: Entry, reason: UploadError): void {
  // Already waiting for a new token (a request that was on its way out failed too), or canceled meanwhile: Uppy
  // has given up on the file, so it leaves Uppy and `signedIn` queues it again.
  if (entry.state === 'held-sign-in' || !isUnfinished(entry.state)) return;
  if (reason.kind === 'unauthorized') {
    // tus (or PUT) gave up on this file (a fixed token, or a refresh that still gets 401): it waits for sign-in
    // outside Uppy, and goes again on `signedIn` (tus from the server's offset, through its resume record).
    entry.bytesUploaded = 0; // what the server keeps is found again when it goes on (its resume record)
    needSignIn(s);
    return;
  }
  if (reason.kind === 'integrity' && entry.uploadUrl) {
    // Damaged on arrival: a retry starts a fresh upload (with a fresh hash), not the refused one again.
    const damaged = entry.uploadUrl;
    for (const record of s.resume.store.list()) if (record.uploadUrl === damaged) s.resume.store.forget(record.key);
    entry.uploadUrl = undefined;
  }
  if (reason.kind === 'quota') holdSpace(s, entry.context.space.id, [entry], undefined, sizeOf(entry));
  else move(s, entry, 'fail', { error: reason });
}

export function listenToUppy(s: Internals, addFromUppy: (entries: UploadEntry[], target: UploadContext) => void): void {
  const { uppy, byUppyId, transport } = s;
  const entryOf = (file: { id: string } | undefined) => (file ? byUppyId.get(file.id) : undefined);

  uppy.on('upload-progress', (file, progress) => {
    const entry = entryOf(file);
    if (!entry || (entry.state !== 'sending' && entry.state !== 'finishing')) return;
    noteUploadUrl(s, entry);
    const bytes = Number(progress.bytesUploaded) || 0;
    const now = performance.now();
    const last = entry.lastProgress;
    if (!last) entry.lastProgress = { at: now, bytes };
    else if (now - last.at >= SPEED_SAMPLE_MS) {
      const instant = ((bytes - last.bytes) / (now - last.at)) * 1000;
      entry.speed = entry.speed > 0 ? entry.speed * 0.7 + instant * 0.3 : instant;
      entry.lastProgress = { at: now, bytes };
    }
    entry.bytesUploaded = bytes;
    hashMayReach(entry, bytes);
    entry.timeLeft = entry.speed > 0 ? Math.max(0, sizeOf(entry) - bytes) / entry.speed : undefined;
    const allSent = bytes >= sizeOf(entry);
    if (!move(s, entry, allSent ? 'all-sent' : 'sending-again')) s.store.touch(entry, false);
    s.store.emit('progress', { id: entry.id, bytesUploaded: bytes, bytesTotal: sizeOf(entry) });
  });

  uppy.on('upload-success', (file, response) => {
    const entry = entryOf(file);
    if (!entry) return;
    noteUploadUrl(s, entry);
    const body = response.body;
    // Across origins a header the server does not expose reads as null (and Chromium logs a warning): only
    // headers the response lists are read.
    const fileId = body?.fileId ?? readHeader(body?.xhr, 'Oc-Fileid');
    const etag = body?.etag ?? readHeader(body?.xhr, 'Oc-Etag') ?? readHeader(body?.xhr, 'Etag');
    transport.release(entry);
    stored(s, entry, fileId, etag);
  });

  uppy.on('upload-error', (file, error) => {
    const entry = entryOf(file);
    if (!entry) return;
    // A PUT that went without a token because the app's token function failed: that failure is the reason.
    const reason = s.http.tokenFailure(failedXhr(error)) ?? toUploadError(error);
    transport.release(entry);
    // No answer across origins to a request the token authorises (a creation, a PUT) may be oCIS's refused token
    // (a 401 without CORS headers): the server is asked which (one probe for every file failing meanwhile).
    const silent = reason.kind === 'network' && s.http.crossOrigin ? silentAuthorizedRequest(error) : undefined;
    if (silent) {
      const sent = s.http.tokenSentWith(silent);
      s.http
        .explainSilence(sent)
        .then((refused) => failed(s, entry, refused ?? reason))
        .catch(() => failed(s, entry, reason));
    } else failed(s, entry, reason);
  });

  // A file given to Uppy directly (its Dashboard, a plugin) has no plan and no endpoint: it joins our queue,
  // going to the current target, and starts at once (the Dashboard shows it uploading).
  uppy.on('file-added', (file) => {
    if (file.source === 'space-uploader' || s.destroyed) return;
    queueMicrotask(() => {
      if (s.destroyed || !uppy.getFile(file.id)) return;
      uppy.removeFile(file.id);
      const data = file.data;
      if (!s.target || !(data instanceof Blob)) {
        uppy.info(s.target ? 'Only local files can be uploaded here' : 'No target folder to upload to', 'error', 5000);
        return;
      }
      const named = data instanceof File ? data : new File([data], file.name ?? 'file', { type: file.type });
      const relativePath = typeof file.meta.relativePath === 'string' ? file.meta.relativePath : undefined;
      addFromUppy([relativePath ? { file: named, relativePath } : named], s.target);
    });
  });

  // Our own release()/cancel() forget the file before removing it, so only outside removals land here.
  uppy.on('file-removed', (file) => {
    const entry = entryOf(file);
    if (!entry) return;
    byUppyId.delete(file.id);
    entry.uppyId = undefined;
    move(s, entry, 'cancel');
  });
  uppy.on('upload-pause', (file, isPaused) => {
    const entry = entryOf(file);
    if (!entry) return;
    if (isPaused) move(s, entry, 'pause');
    else if (entry.state === 'paused') move(s, entry, 'resume');
  });
  uppy.on('pause-all', () => {
    for (const entry of byUppyId.values()) move(s, entry, 'pause');
  });
  uppy.on('resume-all', () => {
    for (const entry of byUppyId.values()) if (entry.state === 'paused') move(s, entry, 'resume');
  });
}
