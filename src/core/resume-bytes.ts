/** The file bytes of resumable uploads (`keepFileBytes`), kept in IndexedDB. */

/** Files kept in IndexedDB by record key (Blobs are stored as such: big ones go to disk, not to memory). */
export function openByteStore() {
  const DB = 'space-uploader-resume';
  const STORE = 'files';
  let db: Promise<IDBDatabase> | undefined;
  const open = () =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      if (typeof indexedDB === 'undefined') return reject(new Error('no IndexedDB here'));
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    }));
  const run = async <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const database = await open();
    return new Promise<T>((resolve, reject) => {
      const transaction = database.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  };
  return {
    put: (key: string, blob: Blob, _name: string) => run('readwrite', (s) => s.put(blob, key)).then(() => undefined),
    get: async (key: string, name: string, lastModified: number | undefined): Promise<File | undefined> => {
      const blob = (await run('readonly', (s) => s.get(key)).catch(() => undefined)) as Blob | undefined;
      if (!(blob instanceof Blob)) return undefined;
      return blob instanceof File
        ? blob
        : new File([blob], name, { type: blob.type, ...(lastModified !== undefined ? { lastModified } : {}) });
    },
    remove: (key: string) =>
      run('readwrite', (s) => s.delete(key))
        .then(() => undefined)
        .catch(() => undefined),
  };
}
