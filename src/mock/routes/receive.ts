/** Request bodies: read under the bandwidth and drop faults, written into an upload, and the upload finalized. */
import { crc32, createMD5, createSHA1 } from 'hash-wasm';
import { dropResponse } from '../drop.js';
import { isInside, newEtag, newNode, type TreeNode } from '../tree.js';
import { concatBytes, sleep, toBase64 } from '../util.js';
import { propagate } from './access.js';
import type { BodyOutcome, Ctx, MockContext, Upload } from './context.js';
import { parseMtime, UINT } from './protocol.js';
import { empty } from './responses.js';

export const LOCK_WAIT_MS = 3_000;
/** Largest body without `Content-Length` held in memory before it is stored (see `receive`). */
const HOLD_UNDECLARED_LIMIT = 64 * 1024 * 1024;

/**
 * tusd 2's lock release (OpenCloud answers this way, measured with a PATCH held open on a silent path): a request
 * that needs an upload another request is writing to asks that one to let go. The writer stops reading, keeps
 * what arrived and answers 400 (tusd's ERR_UPLOAD_INTERRUPTED); the asker goes on at once. Waits at most
 * LOCK_WAIT_MS; true when the upload is free.
 */
export async function letGo(upload: Upload): Promise<boolean> {
  if (!upload.busy) return true;
  upload.interrupt?.();
  await Promise.race([upload.busy, sleep(LOCK_WAIT_MS)]);
  // Re-read: the await above may have let the other request finish.
  return !(upload as { busy: Upload['busy'] }).busy;
}

/** Set by `letGo` on the request writing to an upload; `onAsk` wakes the read it waits for. */
export interface Interrupt {
  asked: boolean;
  onAsk: (() => void) | undefined;
}

/**
 * The read, or `'interrupted'` once asked. Not `Promise.race` with one long-lived promise: each race would stay
 * attached to it, holding every chunk read (a 1 GiB upload held 1 GiB).
 */
function interruptible<T>(reading: Promise<T>, interrupt: Interrupt): Promise<T | 'interrupted'> {
  return new Promise<T | 'interrupted'>((resolve, reject) => {
    if (interrupt.asked) resolve('interrupted');
    interrupt.onAsk = () => resolve('interrupted');
    reading.then(resolve, reject);
  }).finally(() => {
    interrupt.onAsk = undefined;
  });
}

/**
 * Reads the request body chunk by chunk into `sink`, never more than `limit` bytes: applies the bandwidth
 * limit and drop faults. A client that goes away leaves what arrived so far (as tusd keeps it); so does an
 * `interrupt` (another request wants the upload).
 */
export async function readBody(
  m: MockContext,
  ctx: Ctx,
  limit: number,
  sink: (bytes: Uint8Array) => Promise<void>,
  interrupt?: Interrupt,
): Promise<BodyOutcome> {
  const body = ctx.request.body;
  if (!body) return 'complete';
  const reader = body.getReader();
  const rate = m.faults.bandwidthBytesPerSecond;
  const started = performance.now();
  let received = 0;
  const take = async (bytes: Uint8Array) => {
    if (bytes.length === 0) return;
    await sink(bytes);
    received += bytes.length;
    ctx.log.bytesReceived = received;
  };
  try {
    for (;;) {
      const reading = reader.read();
      const next = interrupt ? await interruptible(reading, interrupt) : await reading;
      if (next === 'interrupted') {
        // The read still pending settles when the client's connection goes.
        reading.catch(() => {});
        return 'interrupted';
      }
      const { done, value } = next;
      if (done) return 'complete';
      let chunk = value;
      const drop = ctx.drop;
      if (drop && received + chunk.length >= drop.afterBytes) {
        await take(chunk.subarray(0, drop.afterBytes - received));
        drop.rule.fired++;
        ctx.log.fault = 'drop';
        // No reader.cancel(): msw's fetch never settles once a partly read body is cancelled. The Node
        // adapter destroys the socket, which ends the stream.
        return 'dropped';
      }
      if (received + chunk.length > limit) {
        await take(chunk.subarray(0, limit - received));
        return 'too-large';
      }
      if (rate) chunk = chunk.slice();
      await take(chunk);
      if (rate) await sleep((received / rate) * 1000 - (performance.now() - started));
    }
  } catch {
    return 'aborted';
  } finally {
    reader.releaseLock?.();
  }
}

/**
 * Writes a request body into an upload at its offset (PATCH, creation-with-upload). Returns the file node
 * when this request completed the upload, `undefined` when more is to come, or the error Response.
 */
export async function receive(m: MockContext, ctx: Ctx, upload: Upload): Promise<TreeNode | Response | undefined> {
  if (!(await letGo(upload))) return empty(423);
  let release = () => {};
  upload.busy = new Promise<void>((resolve) => {
    release = () => {
      upload.busy = undefined;
      upload.interrupt = undefined;
      resolve();
    };
  });
  const interrupt: Interrupt = { asked: false, onAsk: undefined };
  upload.interrupt = () => {
    interrupt.asked = true;
    interrupt.onAsk?.();
  };
  try {
    const remaining = upload.length - upload.offset;
    const declared = ctx.request.headers.get('content-length');
    if (declared !== null && UINT.test(declared) && Number(declared) > remaining) return empty(413);
    const checksum = m.strict ? ctx.request.headers.get('upload-checksum') : null;
    let verify: ((bytes: Uint8Array) => Promise<boolean>) | undefined;
    if (checksum !== null) {
      const [algorithm = '', expected = ''] = checksum.trim().split(/\s+/);
      const hasher = await checksumHasher(algorithm.toLowerCase());
      if (!hasher) return empty(400);
      verify = async (bytes) => (await hasher(bytes)) === expected;
    }
    // A body is held until it is whole when it must be verified (the spec discards a chunk whose checksum
    // fails), or when its length was not declared (msw; chunked encoding): one that turns out longer than
    // the upload then stores nothing. Bounded by what is left of the upload.
    const hold = verify !== undefined || (declared === null && remaining <= HOLD_UNDECLARED_LIMIT);
    let outcome: BodyOutcome;
    if (hold) {
      const parts: Uint8Array[] = [];
      outcome = await readBody(
        m,
        ctx,
        remaining,
        async (bytes) => {
          parts.push(bytes.slice());
        },
        interrupt,
      );
      const whole = outcome === 'complete';
      // A partial chunk cannot be verified, and one past the length is refused whole.
      const keep = outcome !== 'too-large' && (whole || !verify);
      const chunk = concatBytes(keep ? parts : []);
      if (whole && verify && !(await verify(chunk))) {
        ctx.log.bytesReceived = 0;
        return empty(460);
      }
      if (!keep) ctx.log.bytesReceived = 0;
      await m.store.append(upload.blobKey, chunk);
      upload.offset += chunk.length;
    } else {
      outcome = await readBody(
        m,
        ctx,
        remaining,
        async (bytes) => {
          await m.store.append(upload.blobKey, bytes);
          upload.offset += bytes.length;
        },
        interrupt,
      );
    }
    if (outcome === 'dropped' || outcome === 'aborted') return dropResponse();
    if (outcome === 'interrupted') return empty(400);
    if (outcome === 'too-large') return empty(413);
    if (upload.offset === upload.length) return await finalize(m, upload);
    return undefined;
  } finally {
    release();
  }
}

export async function checksumHasher(algorithm: string): Promise<((bytes: Uint8Array) => Promise<string>) | undefined> {
  const digest = async (create: typeof createSHA1, bytes: Uint8Array) => {
    const h = await create();
    h.init();
    h.update(bytes);
    return toBase64(h.digest('binary'));
  };
  if (algorithm === 'sha1') return (b) => digest(createSHA1, b);
  if (algorithm === 'md5') return (b) => digest(createMD5, b);
  if (algorithm === 'crc32')
    return async (b) => {
      const hex = await crc32(b);
      return toBase64(new Uint8Array(hex.match(/../g)?.map((x) => Number.parseInt(x, 16)) ?? []));
    };
  return undefined;
}

/** The last byte arrived: the file appears (or gets a new version). Strict mode checks metadata `checksum`. */
export async function finalize(m: MockContext, upload: Upload): Promise<TreeNode | Response> {
  const { size, sha1 } = await m.store.stat(upload.blobKey);
  if (m.strict && upload.metadata.checksum) {
    const [algorithm = '', value = ''] = upload.metadata.checksum.trim().split(/\s+/);
    if (algorithm.toLowerCase() === 'sha1') {
      upload.checksumVerified = value.toLowerCase() === sha1;
      if (!upload.checksumVerified) {
        upload.terminated = true;
        await m.store.delete(upload.blobKey);
        return empty(460);
      }
    }
  }
  const { parent, filename } = upload;
  const space = upload.mount.space;
  let node = parent.children.get(filename);
  if (node?.kind === 'folder' || !isInside(parent, space.root)) {
    upload.terminated = true;
    await m.store.delete(upload.blobKey);
    return empty(409);
  }
  const mtime = parseMtime(upload.metadata.mtime) ?? m.now() / 1000;
  if (node) {
    if (node.blobKey) await m.store.delete(node.blobKey);
    space.usedBytes -= node.size;
    node.versions++;
    node.mtime = mtime;
  } else node = newNode(space, parent, filename, 'file', upload.nodeId, mtime);
  node.size = size;
  node.sha1 = sha1;
  node.blobKey = upload.blobKey;
  node.etag = newEtag();
  node.processingUntil = m.now() + (m.faults.processingDelayMs ?? 0);
  space.usedBytes += size;
  propagate(parent);
  upload.complete = true;
  return node;
}
