import type { CycleEngineEvents } from '../cycle-engine/engine-events.ts';
import type { Cycle } from '../cycles/cycle.ts';
import { cycleErrored } from '../inbound-webhooks/cycle-webhooks.ts';
import type { Stores } from '../stores.ts';
import { reportTransactionIncident } from './incident-notifications.ts';

/**
 * What the engine reports, as the partner hears it, in the engine's own database transaction: an
 * incident becomes `transaction.errored` and the account's Transaction Error Webhook; a cycle that
 * StopIntegration paused sends `cycle.error` with the reason; and every pause the engine makes
 * (StopIntegration, a finished RunOnce) then does what a deactivation does — `cycle.paused`, and
 * the webhook trigger unsubscribed at the provider — through `deactivated` (the cycle's lifecycle
 * hooks, letting queued transactions finish).
 */
export function partnerEngineEvents(
  deactivated: (tx: Stores, cycle: Cycle) => Promise<void>,
): CycleEngineEvents {
  return {
    incident: (tx, incident, at) => reportTransactionIncident(tx, incident, at),
    async paused(tx, cycle, reason, at) {
      if (reason !== null) await cycleErrored(tx, cycle, reason, at);
      await deactivated(tx, cycle);
    },
  };
}
