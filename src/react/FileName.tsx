/**
 * A file name cut in the middle when its row is too narrow: "Quarterly rep…final v3.pdf". CSS does the measuring
 * (two spans: the start shrinks with an ellipsis, the end with the extension never does), so no row measures text
 * in JavaScript. The whole name is the tooltip and what screen readers read (the cut spans are hidden from them).
 */
import { memo } from 'react';

/** Characters kept before the extension in the part that never shrinks. */
const END_STEM = 6;

/** Splits `name` into the part that may shrink and the end that stays ("…final v3" + ".pdf"). */
export function splitName(name: string): [start: string, end: string] {
  const dot = name.lastIndexOf('.');
  // An extension of 1–10 characters after a non-empty stem; otherwise the last characters alone stay.
  const ext = dot > 0 && name.length - dot <= 11 ? name.length - dot : 0;
  const cut = Math.max(0, name.length - ext - END_STEM);
  return [name.slice(0, cut), name.slice(cut)];
}

export const FileName = memo(function FileName({ name }: { name: string }) {
  const [start, end] = splitName(name);
  return (
    <span className="su-file__name" title={name}>
      <span className="su-visually-hidden">{name}</span>
      <span className="su-file__name-start" aria-hidden="true">
        {start}
      </span>
      <span className="su-file__name-end" aria-hidden="true">
        {end}
      </span>
    </span>
  );
});
