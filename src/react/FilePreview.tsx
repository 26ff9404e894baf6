/**
 * The picture at the start of a row: the file's type icon, and for images a small preview once decoded. The preview
 * code is imported when the first image row shows (`React.lazy`), so lists without images never load it.
 */
import { lazy, memo, Suspense } from 'react';
import { FileTypeIcon, fileKind } from './file-type-icons.js';

const Thumbnail = lazy(() => import('./Thumbnail.js').then((module) => ({ default: module.Thumbnail })));

export const FilePreview = memo(function FilePreview(props: { name: string; type: string; file: Blob | undefined }) {
  const kind = fileKind(props.name, props.type);
  const icon = <FileTypeIcon kind={kind} />;
  return (
    <span className="su-file__preview" aria-hidden="true">
      {kind === 'image' && props.file ? (
        <Suspense fallback={icon}>
          <Thumbnail file={props.file} fallback={icon} />
        </Suspense>
      ) : (
        icon
      )}
    </span>
  );
});
