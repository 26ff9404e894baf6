import { type CSSProperties, type ReactNode, useEffect } from 'react';
import type { ConflictHandler, UploadContext, UploaderSnapshot } from '../core/index.js';
import { useConflictPrompt } from './conflict-prompt.js';
import { useUploaderSelector } from './context.js';
import { DropZone } from './DropZone.js';
import { FileList } from './FileList.js';
import type { UseSpaceUploaderOptions } from './hooks.js';
import { LazyConflictDialog, LazyInterruptedUploads, LazyUploadPanel } from './lazy-parts.js';
import { SpaceUploaderProvider, type SpaceUploaderProviderProps } from './provider.js';
import { QuotaHolds, SignInNotice } from './QuotaHolds.js';
import { UploadErrors } from './UploadErrors.js';
import { UploadSummary } from './UploadSummary.js';

export interface SpaceUploaderProps extends Omit<SpaceUploaderProviderProps, 'target' | 'children'> {
  /** The space to upload into (from Graph `/me/drives`); for a received share, the share's id. */
  space: UploadContext['space'];
  /** The folder the user is in; default the space root. */
  folder?: UploadContext['folder'];
  /** The web app's route (`shareId` is sent as `routeShareId`). */
  route?: UploadContext['route'];
  /**
   * `full` (default): drop zone, summary and list. `panel`: a collapsible panel in the page's corner with a
   * one-line summary and the list, no drop zone, for apps with their own drop target (they add files with
   * `useUploaderContext().actions.addFiles` from a child of this component).
   */
  variant?: 'full' | 'panel';
  /** `light` (default), `dark`, or `auto` (follows the system). */
  theme?: 'light' | 'dark' | 'auto';
  /** Ask before the page is left while files are uploading; default true. */
  warnBeforeUnload?: boolean;
  disabled?: boolean;
  className?: string;
  style?: CSSProperties;
  /** Extra content below the list. */
  children?: ReactNode;
  /**
   * Decides each name conflict found before upload (async: return a promise to ask someone). Without it the
   * component asks the user in its own dialog.
   */
  // Not `SpaceUploaderProviderProps['onConflict']`: its `| undefined` breaks this override in apps compiled
  // with exactOptionalPropertyTypes.
  onConflict?: ConflictHandler;
}

const BUSY = new Set(['preparing', 'uploading', 'finalizing']);
const selectBusy = (snapshot: UploaderSnapshot) => BUSY.has(snapshot.status);

const selectHasRows = (snapshot: UploaderSnapshot) => snapshot.items.length > 0;

/**
 * Its children (the summary, the list) once there is a row to show: before that the drop zone stands alone (two
 * empty cards under it said "Nothing to upload yet" and "No files yet"). The parts used alone keep their empty text.
 */
function WhenRows({ children }: { children: ReactNode }) {
  return useUploaderSelector(selectHasRows) ? children : null;
}

/** Warns before the page is left while files are moving (the browser shows its own text). */
function BeforeUnloadGuard({ enabled }: { enabled: boolean }) {
  const busy = useUploaderSelector(selectBusy) && enabled;
  useEffect(() => {
    if (!busy) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [busy]);
  return null;
}

/**
 * The whole uploader: drop zone, summary, spaces waiting for free space, uploads interrupted earlier (with the
 * `resume` option), errors and the file list, and the conflict dialog, over one uploader configured from the
 * server's capabilities. Each part is also exported to compose your own layout inside a `SpaceUploaderProvider`.
 */
export function SpaceUploader(props: SpaceUploaderProps): ReactNode {
  const {
    space,
    folder,
    route,
    theme = 'light',
    variant = 'full',
    warnBeforeUnload = true,
    disabled,
    className,
    style,
    children,
    onConflict,
    ...options
  } = props;
  // Without the app's own policy, the user is asked (the prompt is always created: hooks cannot be conditional).
  const prompt = useConflictPrompt();
  const target: UploadContext = { space, ...(folder ? { folder } : {}), ...(route ? { route } : {}) };
  const providerOptions: UseSpaceUploaderOptions & Pick<SpaceUploaderProviderProps, 'messages'> = {
    ...options,
    target,
    onConflict: onConflict ?? prompt.onConflict,
  };
  return (
    <SpaceUploaderProvider {...providerOptions}>
      <div
        className={['space-uploader', className].filter(Boolean).join(' ')}
        data-theme={theme}
        data-variant={variant}
        style={style}
      >
        <BeforeUnloadGuard enabled={warnBeforeUnload} />
        {variant === 'panel' ? (
          <LazyUploadPanel />
        ) : (
          <>
            <DropZone {...(disabled ? { disabled } : {})} autoStart={options.autoStart ?? true} />
            <WhenRows>
              <UploadSummary />
            </WhenRows>
            <SignInNotice />
            <QuotaHolds />
            <LazyInterruptedUploads />
            <UploadErrors />
            <WhenRows>
              <FileList />
            </WhenRows>
          </>
        )}
        {children}
        {onConflict ? null : <LazyConflictDialog question={prompt.question} />}
      </div>
    </SpaceUploaderProvider>
  );
}
