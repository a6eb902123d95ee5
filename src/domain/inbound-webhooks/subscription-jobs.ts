import { Type } from 'typebox';
import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { ConnectorDefinition } from '../../connectors/connector-definition.ts';
import { endpointWants, forwardedEventType } from '../partner-events/event-types.ts';
import type { Stores } from '../stores.ts';
import type { JobKind } from '../work-queue/job-kind.ts';
import type { ProviderSubscriptions, ReconcileReport } from './provider-subscriptions.ts';

/** Makes one account connector's provider subscriptions match what is wanted. */
export const RECONCILE_HOOKS_JOB = 'provider-hooks.reconcile';
/** Enqueues {@link RECONCILE_HOOKS_JOB} for every connection that may need it (after endpoints change). */
export const RECONCILE_ALL_HOOKS_JOB = 'provider-hooks.reconcile-all';

/** The provider events an account connector's active cycles need (supplied by the cycle engine). */
export type CycleWebhookDemand = (accountConnectorId: number) => Promise<readonly string[]>;

/**
 * The provider events partner endpoints want forwarded for a connector: those whose forwarded type
 * an enabled endpoint names, exactly or with a `prefix.*` pattern. An endpoint that takes every type
 * (no EventTypes) does not by itself subscribe at providers — every connection would spend its
 * provider's hook allowance on events nobody asked for.
 */
export async function forwardingDemand(
  stores: Stores,
  definition: ConnectorDefinition,
): Promise<Set<string>> {
  const endpoints = (await stores.webhookEndpoints.list()).filter(
    (e) => e.enabled && e.eventTypes.length > 0,
  );
  const wanted = new Set<string>();
  for (const { event } of definition.webhooks?.events ?? []) {
    const type = forwardedEventType(definition.name, event);
    if (endpoints.some((endpoint) => endpointWants(endpoint.eventTypes, type))) wanted.add(event);
  }
  return wanted;
}

/** Asks for a reconciliation of one account connector, in `tx` (after authentication, cycle changes). */
export async function requestReconcile(
  tx: Stores,
  connection: { readonly id: number; readonly accountId: string },
  at: number,
  options: { renew?: boolean } = {},
): Promise<void> {
  const renew = options.renew === true;
  await tx.workQueue.enqueue({
    kind: RECONCILE_HOOKS_JOB,
    payload: { accountConnectorId: connection.id, renew },
    runAt: at,
    accountId: connection.accountId,
    // Not unique: a request made while one runs must run again (the running one may have read the
    // demand before the change); one at a time per connection, and repeating one is harmless.
    concurrencyKey: `provider-hooks:${connection.id}`,
  });
}

/** Asks for a reconciliation of every connection, in `tx` (after partner endpoints change). */
export async function requestReconcileAll(tx: Stores, at: number): Promise<void> {
  await tx.workQueue.enqueue({
    kind: RECONCILE_ALL_HOOKS_JOB,
    payload: { afterId: 0 },
    runAt: at,
  });
}

export interface SubscriptionJobDependencies {
  readonly stores: Stores;
  readonly connectors: Pick<ConnectorCatalog, 'byId'> & {
    readonly definitions: readonly ConnectorDefinition[];
  };
  readonly subscriptions: ProviderSubscriptions;
  readonly cycleDemand: CycleWebhookDemand;
  readonly onReport: (accountConnectorId: number, report: ReconcileReport) => void;
  readonly clock: () => number;
}

const ReconcilePayload = Type.Object({
  accountConnectorId: Type.Integer({ minimum: 1 }),
  renew: Type.Boolean(),
});

/** The job that reconciles one account connector's subscriptions. */
export function reconcileHooksJob(
  deps: SubscriptionJobDependencies,
): JobKind<{ accountConnectorId: number; renew: boolean }> {
  return {
    kind: RECONCILE_HOOKS_JOB,
    payload: ReconcilePayload,
    maxAttempts: 5,
    async handle({ accountConnectorId, renew }) {
      const connector = await deps.stores.accountConnectors.findById(accountConnectorId);
      const definition = connector ? deps.connectors.byId(connector.connectorId) : undefined;
      if (!definition?.webhooks) return;
      const wanted = await forwardingDemand(deps.stores, definition);
      for (const event of await deps.cycleDemand(accountConnectorId)) wanted.add(event);
      const report = await deps.subscriptions.reconcile(accountConnectorId, wanted, { renew });
      deps.onReport(accountConnectorId, report);
    },
  };
}

const PAGE = 200;

/** The job that pages through every connection of a connector with webhooks, enqueuing reconciliations. */
export function reconcileAllHooksJob(deps: SubscriptionJobDependencies): JobKind<{ afterId: number }> {
  return {
    kind: RECONCILE_ALL_HOOKS_JOB,
    payload: Type.Object({ afterId: Type.Integer({ minimum: 0 }) }),
    async handle({ afterId }, context) {
      const connectorIds = deps.connectors.definitions.filter((d) => d.webhooks).map((d) => d.id);
      const ids = await deps.stores.inboundHooks.callableConnectionIds(connectorIds, afterId, PAGE);
      await context.commit(async (tx) => {
        const at = deps.clock();
        for (const id of ids) {
          const connector = await tx.accountConnectors.findById(id);
          if (connector) await requestReconcile(tx, connector, at);
        }
        const last = ids[ids.length - 1];
        if (ids.length === PAGE && last !== undefined) {
          await tx.workQueue.enqueue({
            kind: RECONCILE_ALL_HOOKS_JOB,
            payload: { afterId: last },
            runAt: at,
          });
        }
      });
    },
  };
}
