/** The list's icons: per-file actions and one per status (drawn inline: no icon font, no requests). */
import type { ReactNode } from 'react';
import type { FileStatus } from '../core/index.js';

const svg = (path: ReactNode) => (
  <svg className="su-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
    {path}
  </svg>
);
export const PauseIcon = () => svg(<path fill="currentColor" d="M7 5h3.5v14H7zM13.5 5H17v14h-3.5z" />);
export const ResumeIcon = () => svg(<path fill="currentColor" d="M8 5v14l11-7z" />);
export const CancelIcon = () =>
  svg(
    <path
      fill="none"
      stroke="currentColor"
      strokeWidth="2.2"
      strokeLinecap="round"
      d="M6.5 6.5l11 11M17.5 6.5l-11 11"
    />,
  );
export const RetryIcon = () =>
  svg(
    <path
      fill="none"
      stroke="currentColor"
      strokeWidth="2.2"
      strokeLinecap="round"
      strokeLinejoin="round"
      d="M4.5 12a7.5 7.5 0 1 0 2.2-5.3M4.5 4v4.5H9"
    />,
  );

export const STATUS_ICON: Record<FileStatus, ReactNode> = {
  queued: <circle cx="12" cy="12" r="7" fill="none" stroke="currentColor" strokeWidth="2" strokeDasharray="3 3" />,
  preparing: <circle cx="12" cy="12" r="7" fill="none" stroke="currentColor" strokeWidth="2" strokeDasharray="3 3" />,
  uploading: <path fill="currentColor" d="M12 4l6 7h-4v7h-4v-7H6z" />,
  paused: <path fill="currentColor" d="M7 5h3.5v14H7zM13.5 5H17v14h-3.5z" />,
  finalizing: <path fill="currentColor" d="M12 4l6 7h-4v7h-4v-7H6z" />,
  done: (
    <path
      fill="none"
      stroke="currentColor"
      strokeWidth="2.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      d="M5 12.5l4.5 4.5L19 7.5"
    />
  ),
  failed: <path fill="currentColor" d="M12 3l10 18H2zm-1 6v6h2V9zm0 8v2h2v-2z" />,
  canceled: (
    <path
      fill="none"
      stroke="currentColor"
      strokeWidth="2.2"
      strokeLinecap="round"
      d="M6.5 6.5l11 11M17.5 6.5l-11 11"
    />
  ),
  // "Skip forward": the file was passed over, not lost.
  skipped: <path fill="currentColor" d="M5 6l8 6-8 6zM13 6l6 6-6 6zM19 6h2v12h-2z" />,
};
