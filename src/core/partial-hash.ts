/** SHA-1 of a file's edges: a record matches a file only when this agrees, not merely its name and size. */
import { sha1Digest, toHex } from './sha1-thread.js';

const EDGE_BYTES = 64 * 1024;

/** SHA-1 of the first and last 64 KiB of a file and its size (cheap: at most 128 KiB read). */
export async function partialHash(file: Blob): Promise<string> {
  const head = file.slice(0, Math.min(EDGE_BYTES, file.size));
  const tail = file.size > EDGE_BYTES ? file.slice(Math.max(EDGE_BYTES, file.size - EDGE_BYTES)) : new Blob([]);
  const bytes = await new Blob([head, tail, String(file.size)]).arrayBuffer();
  return toHex(await sha1Digest(bytes));
}
