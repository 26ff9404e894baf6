/**
 * A fake drag and drop of a folder tree, as Chromium hands it over (`webkitGetAsEntry`, directory readers that
 * answer in one batch and then an empty one), for play functions that drop onto the drop zone.
 */
import type { DropDirectoryEntry, DropEntry, DropFileEntry, DropTransfer } from '../../src/react/walk-drop.ts';

export function fileEntry(file: File): DropFileEntry {
  return { name: file.name, isFile: true, isDirectory: false, file: (success) => success(file) };
}

export function directoryEntry(name: string, children: DropEntry[]): DropDirectoryEntry {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let read = false;
      return {
        // Like Chromium: one batch, then an empty one.
        readEntries: (success) => {
          const batch = read ? [] : children;
          read = true;
          setTimeout(() => success(batch), 0);
        },
      };
    },
  };
}

/** What a drag of the given top-level entries carries (`types` says files, for dragenter/dragover). */
export function dropTransfer(roots: DropEntry[]): DropTransfer & { types: string[]; dropEffect: string } {
  return {
    types: ['Files'],
    dropEffect: 'none',
    items: roots.map((entry) => ({ kind: 'file', getAsFile: () => null, webkitGetAsEntry: () => entry })),
    files: [],
  };
}

export function dragEvent(type: string, transfer: DropTransfer): Event {
  const event = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: transfer });
  return event;
}

/** Drags `roots` over `zone` (dragenter, dragover) and drops them. */
export function dropEntries(zone: HTMLElement, roots: DropEntry[]): void {
  const transfer = dropTransfer(roots);
  zone.dispatchEvent(dragEvent('dragenter', transfer));
  zone.dispatchEvent(dragEvent('dragover', transfer));
  zone.dispatchEvent(dragEvent('drop', transfer));
}
