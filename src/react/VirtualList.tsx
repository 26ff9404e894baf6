/**
 * A virtualised list with fixed row height: only the rows in view (plus overscan) are in the DOM, so
 * 100,000 items mount as fast as 20. `role="list"` with `aria-setsize`/`aria-posinset` on each row keeps the
 * semantics right for screen readers; Up/Down/Home/End/PageUp/PageDown move a roving focus between rows.
 *
 * The row height is the CSS custom property `--su-row-height` (measured after mount), or the `rowHeight`
 * prop in pixels. Positions are inline styles, so the list works even before the stylesheet loads.
 */
import {
  type CSSProperties,
  type FocusEvent,
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';

/** Row height (px) before it is measured (SSR, first client render): `--su-row-height` in styles/tokens.css. */
export const DEFAULT_ROW_HEIGHT = 56;
/** Viewport height (px) assumed before it is measured (and where layout is unavailable). */
export const DEFAULT_VIEWPORT_HEIGHT = 480;

export interface VirtualListProps<T> {
  items: readonly T[];
  /** A stable key per item (e.g. its id). */
  itemKey: (item: T, index: number) => string;
  /** The row's content. Return a memoised component so unchanged rows skip re-rendering. */
  renderItem: (item: T, index: number) => ReactNode;
  /** Accessible name of the list. */
  label: string;
  /** Row height in pixels; default the `--su-row-height` CSS custom property (56 px). */
  rowHeight?: number;
  /** Rows rendered beyond each edge of the viewport. Default 6. */
  overscan?: number;
  /** Viewport height assumed before measuring (SSR). Default 480. */
  initialHeight?: number;
  className?: string;
  /** CSS max-height of the scrolling viewport; default `var(--su-list-height, 24rem)`. */
  maxHeight?: string;
  /** Extra class names per row (e.g. by status). */
  rowClassName?: (item: T, index: number) => string | undefined;
  id?: string;
  /**
   * Keys on a row (or inside it) other than the list's own, e.g. Right/Left to open and close a folder row. It may
   * return the index of a row to move the focus to (Left on a folder's file: the folder's row).
   */
  onRowKeyDown?: (item: T, event: KeyboardEvent<HTMLElement>, index: number) => number | undefined;
}

interface Range {
  first: number;
  last: number;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function visibleRange(
  count: number,
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  overscan: number,
): Range {
  if (count === 0) return { first: 0, last: -1 };
  const first = clamp(Math.floor(scrollTop / rowHeight) - overscan, 0, count - 1);
  const last = clamp(Math.ceil((scrollTop + viewport) / rowHeight) - 1 + overscan, first, count - 1);
  return { first, last };
}

export function VirtualList<T>(props: VirtualListProps<T>): ReactNode {
  const {
    items,
    itemKey,
    renderItem,
    label,
    rowHeight: fixedRowHeight,
    overscan = 6,
    initialHeight = DEFAULT_VIEWPORT_HEIGHT,
    className,
    rowClassName,
    id,
    onRowKeyDown,
  } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  /** An invisible box as high as one row: `--su-row-height` resolved to pixels by the browser. */
  const probeRef = useRef<HTMLDivElement>(null);
  const [measuredRowHeight, setMeasuredRowHeight] = useState<number | undefined>(undefined);
  const rowHeight = fixedRowHeight ?? measuredRowHeight ?? DEFAULT_ROW_HEIGHT;
  const [viewport, setViewport] = useState(initialHeight);
  // Quantised to whole rows, so scrolling within a row does not re-render.
  const [firstVisible, setFirstVisible] = useState(0);
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);

  const count = items.length;
  const activeIndex = clamp(active, 0, Math.max(0, count - 1));
  const { first, last } = visibleRange(count, firstVisible * rowHeight, viewport, rowHeight, overscan);

  // Measure the viewport (and the real row height, from the stylesheet) after mount and on resize.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const measure = () => {
      const height = element.clientHeight;
      if (height > 0) setViewport(height);
      const probed = probeRef.current?.getBoundingClientRect().height ?? 0;
      if (probed > 0) setMeasuredRowHeight((previous) => (previous === probed ? previous : probed));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => measure());
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // A new row height moves every row: find the first visible one again.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element) setFirstVisible(Math.floor(element.scrollTop / rowHeight));
  }, [rowHeight]);

  const onScroll = useCallback(() => {
    const element = scrollRef.current;
    if (element) setFirstVisible(Math.floor(element.scrollTop / rowHeight));
  }, [rowHeight]);

  /** Scrolls row `index` into view and focuses it once rendered. */
  const moveTo = useCallback(
    (index: number) => {
      const element = scrollRef.current;
      if (!element || count === 0) return;
      const target = clamp(index, 0, count - 1);
      const top = target * rowHeight;
      const height = element.clientHeight || viewport;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + rowHeight > element.scrollTop + height) element.scrollTop = top + rowHeight - height;
      setFirstVisible(Math.floor(element.scrollTop / rowHeight));
      focusPending.current = true;
      setActive(target);
      // Same index again: no state change, focus now.
      element.querySelector<HTMLElement>(`[data-su-row][data-index="${target}"]`)?.focus({ preventScroll: true });
    },
    [count, rowHeight, viewport],
  );

  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    scrollRef.current
      ?.querySelector<HTMLElement>(`[data-su-row][data-index="${activeIndex}"]`)
      ?.focus({ preventScroll: true });
  }, [activeIndex]);

  const rowIndexOf = (target: EventTarget): number | undefined => {
    const row = (target as HTMLElement).closest?.('[data-su-row]');
    const value = row?.getAttribute('data-index');
    return value == null ? undefined : Number(value);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const index = rowIndexOf(event.target);
    if (index === undefined) return;
    const row = items[index];
    const to = onRowKeyDown && row !== undefined ? onRowKeyDown(row, event, index) : undefined;
    if (to !== undefined) {
      event.preventDefault();
      moveTo(to);
      return;
    }
    if (event.defaultPrevented) return;
    const page = Math.max(1, Math.floor(viewport / rowHeight) - 1);
    const next: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: count - 1,
    };
    const target = next[event.key];
    if (target === undefined) return;
    event.preventDefault();
    moveTo(target);
  };

  const onFocus = (event: FocusEvent<HTMLElement>) => {
    const index = rowIndexOf(event.target);
    if (index !== undefined && index !== active) setActive(index);
  };

  // The focused row stays rendered while scrolled away, so focus is never lost to <body>.
  const indices: number[] = [];
  if (count > 0 && activeIndex < first) indices.push(activeIndex);
  for (let i = first; i <= last; i++) indices.push(i);
  if (count > 0 && activeIndex > last) indices.push(activeIndex);

  const scrollStyle: CSSProperties = {
    overflowY: 'auto',
    position: 'relative',
    maxHeight: props.maxHeight ?? 'var(--su-list-height, 24rem)',
    ...(fixedRowHeight === undefined ? {} : ({ '--su-row-height': `${fixedRowHeight}px` } as CSSProperties)),
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: delegates the rows' arrow keys and focus; the rows are the targets
    <div
      ref={scrollRef}
      className={className ? `su-vlist ${className}` : 'su-vlist'}
      style={scrollStyle}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      data-count={count}
    >
      <div
        ref={probeRef}
        aria-hidden="true"
        style={{
          position: 'absolute',
          top: 0,
          width: 0,
          visibility: 'hidden',
          pointerEvents: 'none',
          height: 'var(--su-row-height, 56px)',
        }}
      />
      <ul
        aria-label={label}
        id={id}
        className="su-vlist__rows"
        style={{ position: 'relative', height: count * rowHeight, margin: 0, padding: 0, listStyle: 'none' }}
      >
        {indices.map((index) => {
          const item = items[index] as T;
          const extra = rowClassName?.(item, index);
          return (
            <li
              key={itemKey(item, index)}
              aria-setsize={count}
              aria-posinset={index + 1}
              tabIndex={index === activeIndex ? 0 : -1}
              data-su-row=""
              data-index={index}
              className={extra ? `su-vlist__row ${extra}` : 'su-vlist__row'}
              style={{
                position: 'absolute',
                top: index * rowHeight,
                left: 0,
                right: 0,
                height: 'var(--su-row-height, 56px)',
              }}
            >
              {renderItem(item, index)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
