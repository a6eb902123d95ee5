import { Type } from 'typebox';
import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { Clock } from '../clock.ts';
import type { Stores } from '../stores.ts';
import { type JobKind, PermanentJobError } from '../work-queue/job-kind.ts';
import type { InboundDelivery, InboundHook } from './inbound-hook-store.ts';
import { PROCESS_INBOUND_JOB } from './inbound-webhook-service.ts';
import type { InboundItemRoute } from './item-routes.ts';
import {
  type InboundItem,
  splitConnectorDelivery,
  splitGenericDelivery,
  UnreadableDeliveryError,
} from './split-delivery.ts';

export interface ProcessInboundDependencies {
  readonly stores: Stores;
  readonly connectors: Pick<ConnectorCatalog, 'byId'>;
  readonly routes: readonly InboundItemRoute[];
  readonly clock: Clock;
}

const Payload = Type.Object({ deliveryId: Type.Integer({ minimum: 1 }) });

/** How long an item's key is remembered: far longer than any provider retries a delivery. */
export const ITEM_KEY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/** Every this many deliveries, keys older than the retention are forgotten. */
const FORGET_EVERY = 500;
type Payload = { deliveryId: number };

/** The scope repeats are recognised in: the account connector (across its hooks), or the generic hook. */
export function dedupeScope(hook: InboundHook): string {
  return hook.accountConnectorId === null ? `hook:${hook.id}` : `ac:${hook.accountConnectorId}`;
}

/**
 * Processes one stored delivery: splits it into records, drops repeats, and routes each new record
 * — all in one transaction with the job's completion, so a crash routes nothing twice. A body that
 * cannot be read goes straight to dead work; other failures retry; either way the body is kept.
 */
export function processInboundJob(deps: ProcessInboundDependencies): JobKind<Payload> {
  const { stores, clock } = deps;
  return {
    kind: PROCESS_INBOUND_JOB,
    payload: Payload,
    maxAttempts: 8,
    async handle({ deliveryId }, context) {
      const delivery = await stores.inboundHooks.findDelivery(deliveryId);
      if (!delivery || delivery.status === 'processed') return;
      const hook = await stores.inboundHooks.findHook(delivery.hookId);
      if (!hook) return;
      try {
        const items = await itemsOf(hook, delivery);
        await context.commit(async (tx) => {
          const at = clock();
          let routed = 0;
          for (const item of items) {
            if (!(await tx.inboundHooks.rememberItem(dedupeScope(hook), item.key, at))) continue;
            routed += 1;
            if (hook.status !== 'active') continue;
            for (const route of deps.routes) await route.route(tx, hook, item, at);
          }
          await tx.inboundHooks.updateDelivery(deliveryId, {
            status: 'processed',
            items: routed,
            duplicates: items.length - routed,
            attempts: context.attempt,
            lastError: null,
            processedAt: at,
          });
        });
        if (deliveryId % FORGET_EVERY === 0)
          await stores.inboundHooks.forgetItemsBefore(clock() - ITEM_KEY_RETENTION_MS);
      } catch (error) {
        const permanent = error instanceof UnreadableDeliveryError;
        const message = error instanceof Error ? error.message : 'processing failed';
        const last = permanent || context.attempt >= context.maxAttempts;
        await stores.inboundHooks.updateDelivery(deliveryId, {
          status: last ? 'dead' : 'failed',
          attempts: context.attempt,
          lastError: message.slice(0, 500),
        });
        if (permanent) throw new PermanentJobError(message);
        throw error;
      }
    },
  };

  async function itemsOf(hook: InboundHook, delivery: InboundDelivery): Promise<InboundItem[]> {
    if (hook.kind === 'generic') return splitGenericDelivery(delivery.body);
    const connector =
      hook.accountConnectorId === null
        ? undefined
        : await stores.accountConnectors.findById(hook.accountConnectorId);
    const definition = connector ? deps.connectors.byId(connector.connectorId) : undefined;
    if (!definition?.webhooks) throw new UnreadableDeliveryError('The connector declares no webhooks.');
    return splitConnectorDelivery(definition.webhooks.delivery, hook.event, delivery.body);
  }
}
