/** "Copy details": the text block of one failure for a support ticket, and writing it to the clipboard. */
import type { UploadItem } from '../core/index.js';
import { errorText, type SpaceUploaderMessages } from './messages.js';

/** The "Copy details" text block: one `Label: value` line per known fact. */
export function errorDetailsText(
  item: Pick<UploadItem, 'name' | 'path' | 'error'> & { isFolder?: boolean },
  messages: SpaceUploaderMessages,
  time?: Date,
): string {
  const f = messages.detailFields;
  const details = item.error?.details;
  const lines: [string, string | number | undefined][] = [
    [item.isFolder ? f.folder : f.file, item.name],
    [f.path, item.path],
    [f.error, item.isFolder ? messages.folderNotCreated(errorText(item, messages)) : errorText(item, messages)],
    [f.message, item.error?.message],
    [f.status, details?.status],
    [f.requestId, details?.requestId],
    [f.method, details?.method?.toUpperCase()],
    [f.url, details?.url],
    [f.time, time?.toISOString()],
  ];
  return lines
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([label, value]) => `${label}: ${value}`)
    .join('\n');
}

/** The Clipboard API, else a hidden textarea and `execCommand('copy')`; `false` when neither works. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied or unavailable (insecure context): try the old way.
  }
  if (typeof document === 'undefined' || typeof document.execCommand !== 'function') return false;
  const previous = document.activeElement as HTMLElement | null;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.setAttribute('aria-hidden', 'true');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  area.style.pointerEvents = 'none';
  document.body.append(area);
  try {
    area.select();
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
    previous?.focus?.({ preventScroll: true });
  }
}
