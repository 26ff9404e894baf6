/**
 * How the planner puts conflicts to the integrator's handler: one at a time, an "apply to all" answer reused for
 * the rest of its kind, an answer that does not fit replaced by the default, a cancel ending the wait at once.
 */
import type { ConflictDecision, ConflictHandler, ConflictResolution, UploadConflict } from './conflicts.js';
import { type BatchPlan, planAborted } from './plan-types.js';

/** Resolves one conflict; `pendingOfKind`: conflicts of its kind found and not yet decided. */
export type AskConflict = (
  conflict: Omit<UploadConflict, 'remaining'>,
  pendingOfKind: number,
) => Promise<ConflictResolution>;

/** An asker for one batch, and the conflicts it met with their resolutions, in order. */
export function conflictAsker(
  onConflict: ConflictHandler,
  batchSignal: AbortSignal | undefined,
): { ask: AskConflict; conflicts: BatchPlan['conflicts'] } {
  const conflicts: BatchPlan['conflicts'] = [];
  const remembered: { file?: ConflictResolution; folder?: ConflictResolution } = {};
  const checkAborted = () => {
    if (batchSignal?.aborted) throw planAborted();
  };
  const ask: AskConflict = async (conflict, pendingOfKind) => {
    const known = remembered[conflict.kind];
    let resolution: ConflictResolution | undefined = known && conflict.options.includes(known) ? known : undefined;
    if (!resolution) {
      checkAborted();
      let answer: ConflictDecision | ConflictResolution;
      const signal = batchSignal ?? new AbortController().signal;
      try {
        answer = await new Promise<ConflictDecision | ConflictResolution>((resolve, reject) => {
          const onAbort = () => reject(planAborted());
          signal.addEventListener('abort', onAbort, { once: true });
          Promise.resolve()
            .then(() => onConflict({ ...conflict, remaining: pendingOfKind }, { signal }))
            .then(resolve, reject)
            .finally(() => signal.removeEventListener('abort', onAbort));
        });
      } catch {
        throw planAborted();
      }
      checkAborted();
      const decision = typeof answer === 'string' ? { resolution: answer } : answer;
      // An answer that does not fit this conflict (e.g. "replace" where a folder stands) falls back to the default.
      resolution = conflict.options.includes(decision.resolution)
        ? decision.resolution
        : (conflict.options[0] ?? 'skip');
      if (decision.applyToAll) remembered[conflict.kind] = decision.resolution;
    }
    conflicts.push({ ...conflict, remaining: pendingOfKind, resolution });
    return resolution;
  };
  return { ask, conflicts };
}
