/** Small helpers that run anywhere (Node 20, browsers, service workers): no Node-only API. */

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8');

export const utf8 = (text: string): Uint8Array => textEncoder.encode(text);
export const fromUtf8 = (bytes: Uint8Array): string => textDecoder.decode(bytes);

/** `crypto.randomUUID` needs a secure context; `getRandomValues` does not, so Storybook served over plain HTTP works. */
export function randomUuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const randomHex = (bytes: number): string => toHex(crypto.getRandomValues(new Uint8Array(bytes)));

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 (as tusd decodes `Upload-Metadata`); `undefined` when the text is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return undefined;
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

export const toBase64Url = (bytes: Uint8Array): string =>
  toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/');
  return fromBase64(padded + '='.repeat((4 - (padded.length % 4)) % 4));
}

export const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

export function concatBytes(chunks: Uint8Array[], total?: number): Uint8Array {
  const out = new Uint8Array(total ?? chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** `Mon, 16 Oct 2023 04:18:25 +0000`, the form oCIS uses in `Last-Modified` of tus responses. */
export function ocisDate(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

export const httpDate = (ms: number): string => new Date(ms).toUTCString();

/** Decodes one percent-encoded path segment; `undefined` for malformed escapes. */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Percent-encodes one path segment as Go's `url.PathEscape` does (oCIS's hrefs keep `$ & + : = @` raw). */
export const encodeSegment = (segment: string): string =>
  encodeURIComponent(segment).replace(/%(24|26|2B|3A|3D|40)/g, (sequence) => decodeURIComponent(sequence));

/** Encodes a path for an href, one segment at a time (keeps `/`). */
export const encodePath = (path: string): string => path.split('/').map(encodeSegment).join('/');
