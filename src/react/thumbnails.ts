/**
 * Small previews of image files: decoded and scaled by `createImageBitmap` (off the main thread in browsers), a few at
 * a time, kept as small PNG object URLs in a bounded cache (the oldest is revoked). Only rows on screen ask (the list
 * is virtualised), and a row that scrolls away before its turn gives its place up. Loaded on demand (the first image
 * row imports it), so pages without images never load it.
 */

/** Edge of the square thumbnail, in pixels (drawn at half that size: sharp on 2× screens). */
export const THUMBNAIL_SIZE = 64;
/** Decodes at once. */
export const MAX_DECODES = 2;
/** Thumbnails kept; each a few KB. */
const CACHE_SIZE = 200;
/** Bigger images are not decoded (their full decode would hold too much memory for a moment). */
const MAX_BYTES = 40 * 1024 * 1024;

/** The object URL, or `null` when the image could not be read. */
const cache = new Map<Blob, string | null>();
const queue: Array<{ blob: Blob; done: (url: string | null) => void }> = [];
let running = 0;

function remember(blob: Blob, url: string | null): void {
  cache.set(blob, url);
  while (cache.size > CACHE_SIZE) {
    const [oldest, oldUrl] = cache.entries().next().value as [Blob, string | null];
    cache.delete(oldest);
    if (oldUrl) URL.revokeObjectURL(oldUrl);
  }
}

async function render(blob: Blob): Promise<string | null> {
  if (blob.size > MAX_BYTES || typeof createImageBitmap !== 'function') return null;
  // Scaled while decoding: only the width is given, so the aspect stays and no full-size bitmap is kept.
  const bitmap = await createImageBitmap(blob, { resizeWidth: THUMBNAIL_SIZE, resizeQuality: 'medium' });
  try {
    const canvas = new OffscreenCanvas(THUMBNAIL_SIZE, THUMBNAIL_SIZE);
    const context = canvas.getContext('2d');
    if (!context) return null;
    // Cover the square: scale up to fill it, centred.
    const scale = Math.max(THUMBNAIL_SIZE / bitmap.width, THUMBNAIL_SIZE / bitmap.height);
    const width = bitmap.width * scale;
    const height = bitmap.height * scale;
    context.drawImage(bitmap, (THUMBNAIL_SIZE - width) / 2, (THUMBNAIL_SIZE - height) / 2, width, height);
    return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/png' }));
  } finally {
    bitmap.close();
  }
}

function pump(): void {
  while (running < MAX_DECODES && queue.length > 0) {
    const job = queue.shift();
    if (!job) break;
    running += 1;
    render(job.blob)
      .catch(() => null)
      .then((url) => {
        remember(job.blob, url);
        job.done(url);
      })
      .finally(() => {
        running -= 1;
        pump();
      });
  }
}

/**
 * Asks for the thumbnail of `blob`; `onReady` gets its URL (or `null`), at once when cached. Returns a function that
 * withdraws the request (the row left the screen); a decode already started still fills the cache.
 */
export function requestThumbnail(blob: Blob, onReady: (url: string | null) => void): () => void {
  if (cache.has(blob)) {
    const url = cache.get(blob) ?? null;
    // Most recently used: last to be evicted.
    cache.delete(blob);
    cache.set(blob, url);
    onReady(url);
    return () => undefined;
  }
  let wanted = true;
  const job = { blob, done: (url: string | null) => wanted && onReady(url) };
  queue.push(job);
  pump();
  return () => {
    wanted = false;
    const index = queue.indexOf(job);
    if (index >= 0) queue.splice(index, 1);
  };
}

/** Forgets every thumbnail (tests; or an app that wants the memory back). */
export function clearThumbnails(): void {
  for (const url of cache.values()) if (url) URL.revokeObjectURL(url);
  cache.clear();
}
