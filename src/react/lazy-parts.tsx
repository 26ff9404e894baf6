/**
 * The parts of `<SpaceUploader>` most pages never show, loaded the first time they have something to show (a
 * bundler makes each a chunk of its own): the conflict dialog when a conflict is asked, the list of interrupted
 * uploads when the uploader starts with resume records, the corner panel when `variant="panel"` asks for it. Apps that compose their own layout import the parts
 * themselves (`ConflictDialog`, `InterruptedUploads` from the package) and get them up front.
 */
import { lazy, type ReactNode, Suspense, useContext, useMemo } from 'react';
import type { SpaceUploader } from '../core/index.js';
import type { ConflictQuestion } from './conflict-prompt.js';
import { UploaderContext } from './context.js';

const ConflictDialog = lazy(() => import('./ConflictDialog.js').then((m) => ({ default: m.ConflictDialog })));
const InterruptedUploads = lazy(() =>
  import('./InterruptedUploads.js').then((m) => ({ default: m.InterruptedUploads })),
);
const UploadPanel = lazy(() => import('./UploadPanel.js').then((m) => ({ default: m.UploadPanel })));

/** `<UploadPanel>` (`variant="panel"`): only apps that ask for the corner panel load it. */
export function LazyUploadPanel(): ReactNode {
  return (
    <Suspense fallback={null}>
      <UploadPanel />
    </Suspense>
  );
}

/** `<ConflictDialog>`, loaded when the first question comes. */
export function LazyConflictDialog({ question }: { question: ConflictQuestion | undefined }): ReactNode {
  if (!question) return null;
  return (
    <Suspense fallback={null}>
      <ConflictDialog question={question} />
    </Suspense>
  );
}

const firstSeen = new WeakMap<SpaceUploader, number>();

/**
 * When a component first saw this uploader: the list leaves out records made from then on (files uploaded in this
 * session). Kept here, not in the lazy list, so that the time is the uploader's appearance, not the chunk's arrival.
 */
export function sessionStart(uploader: SpaceUploader): number {
  let at = firstSeen.get(uploader);
  if (at === undefined) {
    at = Date.now();
    firstSeen.set(uploader, at);
  }
  return at;
}

/**
 * `<InterruptedUploads>`, loaded when the uploader starts with records (it never lists newer ones, so an uploader
 * that starts without any never needs it).
 */
export function LazyInterruptedUploads(): ReactNode {
  const uploader = useContext(UploaderContext)?.uploader;
  const needed = useMemo(() => {
    if (!uploader) return false;
    const since = sessionStart(uploader);
    return uploader.interrupted().some((record) => !(record.createdAt >= since));
  }, [uploader]);
  if (!needed) return null;
  return (
    <Suspense fallback={null}>
      <InterruptedUploads />
    </Suspense>
  );
}
