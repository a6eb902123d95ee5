import type { Cycle } from '../cycles/cycle.ts';
import type { CycleLifecycleHook } from '../cycles/cycle-lifecycle.ts';
import { emitPartnerEvent } from '../partner-events/event-outbox.ts';
import type { Stores } from '../stores.ts';
import type { TemplateStep } from '../templates/template-document.ts';
import { hookTokenHash, hookUrl, newHookToken } from './hook-token.ts';
import type { InboundHook } from './inbound-hook-store.ts';
import type { InboundItemRoute } from './item-routes.ts';
import type { InboundItem } from './split-delivery.ts';
import { requestReconcile } from './subscription-jobs.ts';

/** The event a cycle's webhook trigger takes from its partner's own app. */
export const GENERIC_EVENT = 'Generic';

/** The cycle's webhook trigger steps (a template's trigger is its Webhook step, if it has one). */
export function webhookTriggers(cycle: Cycle): TemplateStep[] {
  return cycle.document.Steps.filter((step) => step.Kind === 'Webhook');
}

/** The account connectors a cycle's connector webhook triggers subscribe through. */
function subscribedConnections(cycle: Cycle): number[] {
  const ids = new Set<number>();
  for (const step of webhookTriggers(cycle)) {
    if (step.Event === GENERIC_EVENT || !step.Connector) continue;
    const id = cycle.connectors[step.Connector];
    if (id !== undefined) ids.add(id);
  }
  return [...ids];
}

/** The provider events the active cycles bound to an account connector trigger on. */
export async function cycleWebhookDemand(stores: Stores, accountConnectorId: number): Promise<string[]> {
  const events = new Set<string>();
  for (const cycle of await stores.cycles.activeUsingAccountConnector(accountConnectorId)) {
    for (const step of webhookTriggers(cycle)) {
      if (!step.Event || step.Event === GENERIC_EVENT || !step.Connector) continue;
      if (cycle.connectors[step.Connector] === accountConnectorId) events.add(step.Event);
    }
  }
  return [...events];
}

/**
 * Webhook triggers follow their cycle's life, inside the transaction of the status change: activation
 * and deactivation emit `cycle.activated` / `cycle.paused` and ask for the bound account connectors'
 * provider subscriptions to be reconciled (subscribing or unsubscribing the trigger's event).
 */
export function cycleWebhookLifecycle(clock: () => number): CycleLifecycleHook {
  const changed = async (tx: Stores, cycle: Cycle, type: 'cycle.activated' | 'cycle.paused') => {
    const at = clock();
    await emitPartnerEvent(
      tx,
      {
        type,
        accountId: cycle.accountId,
        data: { CycleId: cycle.id, CycleName: cycle.name, Status: cycle.status },
      },
      at,
    );
    for (const id of subscribedConnections(cycle))
      await requestReconcile(tx, { id, accountId: cycle.accountId }, at);
  };
  return {
    activated: (tx, cycle) => changed(tx, cycle, 'cycle.activated'),
    deactivated: (tx, cycle) => changed(tx, cycle, 'cycle.paused'),
  };
}

/**
 * Emits `cycle.error` in the transaction in which the engine stops the cycle on an error (its
 * StopIntegration pauses it); `Reason` says which step failed and why.
 */
export async function cycleErrored(tx: Stores, cycle: Cycle, reason: string, at: number): Promise<void> {
  await emitPartnerEvent(
    tx,
    {
      type: 'cycle.error',
      accountId: cycle.accountId,
      data: { CycleId: cycle.id, CycleName: cycle.name, Status: cycle.status, Reason: reason },
    },
    at,
  );
}

/**
 * Issues a new URL for a cycle's generic webhook trigger and retires the old one (its deliveries are
 * then answered 410). The URL is shown only in this answer: only a hash of it is kept.
 */
export async function issueGenericHookUrl(
  stores: Stores,
  cycle: Cycle,
  publicUrl: string,
  at: number,
): Promise<{ url: string; hook: InboundHook }> {
  const token = newHookToken();
  const hook = await stores.transaction(async (tx) => {
    for (const old of await tx.inboundHooks.hooksOfCycle(cycle.id, ['active', 'pending']))
      await tx.inboundHooks.updateHook(old.id, { status: 'retired' }, at);
    return tx.inboundHooks.insertHook(
      {
        kind: 'generic',
        accountId: cycle.accountId,
        accountConnectorId: null,
        cycleId: cycle.id,
        event: GENERIC_EVENT,
        providerHookId: null,
        status: 'active',
        lastError: null,
        createdAt: at,
      },
      hookTokenHash(token),
    );
  });
  return { url: hookUrl(publicUrl, token), hook };
}

/** Issues generic webhook URLs for cycles (see {@link issueGenericHookUrl}). */
export class GenericHookUrls {
  constructor(
    private readonly stores: Stores,
    private readonly publicUrl: string,
    private readonly clock: () => number,
  ) {}

  async issue(cycle: Cycle): Promise<string> {
    return (await issueGenericHookUrl(this.stores, cycle, this.publicUrl, this.clock())).url;
  }

  /** When the cycle's working URL was issued (the URL itself is not kept), or null when it has none. */
  async issuedAt(cycle: Cycle): Promise<number | null> {
    const [newest] = (await this.stores.inboundHooks.hooksOfCycle(cycle.id, ['active'])).reverse();
    return newest?.createdAt ?? null;
  }
}

/** Starts one transaction per item in a cycle (the cycle engine's entry point for trigger items). */
export type StartTransactions = (
  tx: Stores,
  cycle: Cycle,
  items: readonly { readonly record: unknown; readonly key: string }[],
  at: number,
) => Promise<void>;

/**
 * Routes inbound items to cycles: a provider item to every active cycle bound to its account
 * connector whose trigger takes its event, a generic item to its own cycle when it is active.
 */
export function routeToCycles(startTransactions: StartTransactions): InboundItemRoute {
  return {
    async route(tx: Stores, hook: InboundHook, item: InboundItem, at: number) {
      const targets: Cycle[] = [];
      if (hook.kind === 'generic') {
        const cycle = hook.cycleId ? await tx.cycles.findById(hook.cycleId) : undefined;
        if (cycle?.status === 'Active') targets.push(cycle);
      } else if (hook.accountConnectorId !== null) {
        for (const cycle of await tx.cycles.activeUsingAccountConnector(hook.accountConnectorId)) {
          const wants = webhookTriggers(cycle).some(
            (step) =>
              step.Event === item.event &&
              step.Connector &&
              cycle.connectors[step.Connector] === hook.accountConnectorId,
          );
          if (wants) targets.push(cycle);
        }
      }
      for (const cycle of targets)
        await startTransactions(tx, cycle, [{ record: item.record, key: item.key }], at);
    },
  };
}
