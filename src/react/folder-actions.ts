/**
 * A folder row's controls, for that folder's files only: which apply (pause or resume, never both; retry for its
 * failed files; cancel while anything in it is unfinished) and the ids each one acts on, passed to the uploader as
 * one list (one pass for 5,000 files, not 5,000 calls).
 */
import type { FileStatus, UploadItem } from '../core/index.js';
import type { FolderGroup } from './folder-groups.js';

export type FolderAction = 'pause' | 'resume' | 'retry' | 'cancel';

/** Paused by the user: a file waiting for free space or a sign-in has its own banner and button. */
const userPaused = (item: UploadItem) => item.status === 'paused' && item.hold === undefined;

const statusIn =
  (statuses: readonly FileStatus[]) =>
  (item: UploadItem): boolean =>
    statuses.includes(item.status);

/** Which files each action is for (the core ignores the others anyway; a short list is less work). */
const ACTS_ON: Record<FolderAction, (item: UploadItem) => boolean> = {
  pause: statusIn(['queued', 'preparing', 'uploading']),
  resume: userPaused,
  retry: statusIn(['failed']),
  // Failed files stay listed for retry: the core cancels only what is still to finish.
  cancel: statusIn(['queued', 'preparing', 'uploading', 'finalizing', 'paused']),
};

/** The actions that apply to the folder now, in the order the buttons show. */
export function folderActions(group: Pick<FolderGroup, 'totals' | 'items'>): FolderAction[] {
  const { counts } = group.totals;
  const pause = counts.queued + counts.preparing + counts.uploading > 0;
  const actions: FolderAction[] = [];
  if (pause) actions.push('pause');
  // Counted only when something is paused: a progress tick of a moving folder does not scan its files.
  else if (counts.paused > 0 && group.items.some(userPaused)) actions.push('resume');
  if (counts.failed > 0) actions.push('retry');
  if (counts.queued + counts.preparing + counts.uploading + counts.finalizing + counts.paused > 0)
    actions.push('cancel');
  return actions;
}

/** The ids of the folder's files `action` is for, read when the button is pressed. */
export function folderIds(group: Pick<FolderGroup, 'items'>, action: FolderAction): string[] {
  const wanted = ACTS_ON[action];
  const ids: string[] = [];
  for (const item of group.items) if (wanted(item)) ids.push(item.id);
  return ids;
}
