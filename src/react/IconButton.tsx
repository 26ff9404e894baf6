/** A row's icon button (file and folder rows): its label is the accessible name and the tooltip. */
import type { ReactNode } from 'react';

export function IconButton(props: { label: string; onClick: () => void; kind: string; children: ReactNode }) {
  return (
    <button
      type="button"
      className={`su-icon-button su-icon-button--${props.kind}`}
      aria-label={props.label}
      title={props.label}
      data-action={props.kind}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}
