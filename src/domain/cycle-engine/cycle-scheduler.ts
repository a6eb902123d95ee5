import type { Clock } from '../clock.ts';
import type { Cycle } from '../cycles/cycle.ts';
import type { CycleLifecycleHook } from '../cycles/cycle-lifecycle.ts';
import type { Stores } from '../stores.ts';
import { triggerStep } from '../templates/template-document.ts';
import { enqueuePoll } from './work-scheduling.ts';

/**
 * The engine's part of activation and deactivation: a cycle polled on a schedule gets its first poll
 * at its start time; a cycle deactivated without finishing its queued transactions has them stopped.
 * Webhook-triggered cycles are not polled.
 */
export function cycleScheduler(clock: Clock): CycleLifecycleHook {
  return {
    async activated(tx: Stores, cycle: Cycle) {
      if (triggerStep(cycle.document).Kind !== 'Method') return;
      await enqueuePoll(tx, cycle, cycle.nextRunAt ?? clock());
    },
    async deactivated(tx: Stores, cycle: Cycle, { finishQueuedTransactions }) {
      if (!finishQueuedTransactions) await tx.cycleRuns.stopUnfinished(cycle.id, clock());
    },
  };
}
