/**
 * Test helpers for browser tests: each test gets its own mock instance (served by the Vite middleware at
 * `/__mock-instances/{name}`), configures it over HTTP and reads back what it stored.
 */
import type { SpaceUploader, UploaderSnapshot } from '../../src/core/index.ts';
import type { MockRuntimeConfig, MockState } from '../../src/mock/types.ts';

export interface MockHandle {
  serverUrl: string;
  configure(config: MockRuntimeConfig): Promise<void>;
  state(): Promise<MockState>;
  /** Stored bytes via WebDAV GET (through the given space or share id). */
  download(spaceId: string, path: string): Promise<Uint8Array<ArrayBuffer>>;
}

let counter = 0;

export function mockInstance(label: string): MockHandle {
  const name = `${label}-${Date.now().toString(36)}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  const serverUrl = `${location.origin}/__mock-instances/${name}`;
  return {
    serverUrl,
    async configure(config) {
      const res = await fetch(`${serverUrl}/__mock/config`, { method: 'POST', body: JSON.stringify(config) });
      if (res.status !== 204) throw new Error(`mock config answered ${res.status}: ${await res.text()}`);
    },
    async state() {
      return (await (await fetch(`${serverUrl}/__mock/state`)).json()) as MockState;
    },
    async download(spaceId, path) {
      const url = `${serverUrl}/remote.php/dav/spaces/${spaceId}${path.split('/').map(encodeURIComponent).join('/')}`;
      const res = await fetch(url, { headers: { Authorization: 'Bearer dev-token' } });
      if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

/** Random numbers in [0, 1), seeded so a failing run (a drop offset, a soak's sizes) can be replayed: mulberry32. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(size, i + 65536)));
  return out;
}

export async function sha1(data: Uint8Array<ArrayBuffer> | Blob): Promise<string> {
  const buffer = data instanceof Blob ? await data.arrayBuffer() : data;
  return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-1', buffer)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/** Resolves with the first snapshot that satisfies `predicate` (checked now and at every change). */
export function until(
  uploader: Pick<SpaceUploader, 'getSnapshot' | 'subscribe'>,
  predicate: (s: UploaderSnapshot) => boolean,
  timeout = 20_000,
): Promise<UploaderSnapshot> {
  return new Promise<UploaderSnapshot>((resolve, reject) => {
    const check = () => {
      const s = uploader.getSnapshot();
      if (!predicate(s)) return;
      stop();
      clearTimeout(timer);
      resolve(s);
    };
    const stop = uploader.subscribe(check);
    const timer = setTimeout(() => {
      stop();
      const s = uploader.getSnapshot();
      reject(new Error(`timed out; status ${s.status}, counts ${JSON.stringify(s.totals.counts)}`));
    }, timeout);
    check();
  });
}
