/** The preview of an image file, in place of its type icon once decoded (loaded lazily by `FilePreview`). */
import { type ReactNode, useEffect, useState } from 'react';
import { requestThumbnail, THUMBNAIL_SIZE } from './thumbnails.js';

export function Thumbnail({ file, fallback }: { file: Blob; fallback: ReactNode }): ReactNode {
  const [url, setUrl] = useState<{ file: Blob; url: string | null }>();
  useEffect(() => requestThumbnail(file, (next) => setUrl({ file, url: next })), [file]);
  const current = url?.file === file ? url.url : null;
  if (!current) return fallback;
  // Decorative: the name beside it says what it is.
  return (
    <img
      className="su-file__thumbnail"
      src={current}
      alt=""
      width={THUMBNAIL_SIZE / 2}
      height={THUMBNAIL_SIZE / 2}
      decoding="async"
    />
  );
}
