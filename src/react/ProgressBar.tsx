/**
 * One progress bar: a file's, a dropped folder's, the batch's (summary and corner panel). The ARIA progressbar and
 * its fill, moved by `transform` (see `progressFillStyle`); `status` picks the colour in the stylesheet.
 */
import type { ReactNode } from 'react';
import { progressFillStyle } from './format.js';

export interface ProgressBarProps {
  label: string;
  /** 0–100. */
  percent: number;
  /** What a screen reader says, e.g. "40 %" or "40 %, 3 MB of 10 MB". */
  valueText: string;
  /** A file status or a batch status (`data-status`). */
  status: string;
  /** Beside `su-progress`, e.g. `su-progress--large`. */
  className?: string;
}

export function ProgressBar({ label, percent, valueText, status, className }: ProgressBarProps): ReactNode {
  return (
    <div
      className={className ? `su-progress ${className}` : 'su-progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={valueText}
      data-status={status}
    >
      <div className="su-progress__bar" style={progressFillStyle(percent)} />
    </div>
  );
}
