import type { Stores } from '../stores.ts';
import type { Cycle } from './cycle.ts';

/**
 * What happens around a cycle's activation and deactivation, inside the same database transaction
 * as the status change: the engine schedules the first poll; webhook triggers subscribe and
 * unsubscribe at the provider. Each hook sees the cycle as it is after the change.
 */
export interface CycleLifecycleHook {
  activated(tx: Stores, cycle: Cycle): Promise<void>;
  deactivated(
    tx: Stores,
    cycle: Cycle,
    options: { readonly finishQueuedTransactions: boolean },
  ): Promise<void>;
}
