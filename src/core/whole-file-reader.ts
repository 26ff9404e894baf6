/**
 * tus-js-client's file reader, except that a request carrying the whole file sends the file itself. tus-js-client
 * slices a file even when one request takes all of it, and in Chromium every `Blob.slice` registers a new blob with
 * the browser process: about 1.3 ms of the main thread per small file in the small-files profile (README, "Known
 * limits"). The uploader only hands it Files (or Blobs).
 */

/** tus-js-client's `FileSource` (its types do not export it). */
export interface SlicedFile {
  size: number;
  slice(start: number, end: number): Promise<{ value: Blob; done: boolean }>;
  close(): void;
}

export const wholeFileReader = {
  openFile(input: unknown): Promise<SlicedFile> {
    if (!(input instanceof Blob)) return Promise.reject(new TypeError('the uploader sends Files and Blobs only'));
    const { size } = input;
    return Promise.resolve({
      size,
      slice: (start: number, end: number) =>
        Promise.resolve({ value: start === 0 && end >= size ? input : input.slice(start, end), done: end >= size }),
      close() {},
    });
  },
};
