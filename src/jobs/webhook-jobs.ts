import type { ConnectorCatalog } from '../connectors/catalog.ts';
import type { Clock } from '../domain/clock.ts';
import type { InboundItemRoute } from '../domain/inbound-webhooks/item-routes.ts';
import { processInboundJob } from '../domain/inbound-webhooks/process-inbound-job.ts';
import type {
  ProviderSubscriptions,
  ReconcileReport,
} from '../domain/inbound-webhooks/provider-subscriptions.ts';
import {
  type CycleWebhookDemand,
  reconcileAllHooksJob,
  reconcileHooksJob,
} from '../domain/inbound-webhooks/subscription-jobs.ts';
import { deliverEventJob } from '../domain/partner-events/deliver-event-job.ts';
import type { RetrySchedule } from '../domain/partner-events/retry-schedule.ts';
import type { Stores } from '../domain/stores.ts';
import type { JobKind } from '../domain/work-queue/job-kind.ts';
import type { EventSender } from '../runtime/outbound/event-sender.ts';

export interface WebhookJobDependencies {
  readonly stores: Stores;
  readonly catalog: ConnectorCatalog;
  readonly clock: Clock;
  readonly sender: EventSender;
  readonly retrySchedule?: RetrySchedule;
  readonly deliveryLeaseMs?: number;
  readonly routes: readonly InboundItemRoute[];
  readonly subscriptions: ProviderSubscriptions;
  readonly cycleDemand: CycleWebhookDemand;
  readonly onReconcileReport: (accountConnectorId: number, report: ReconcileReport) => void;
}

/** The job kinds of webhooks in and events out, for the worker pool. */
export function webhookJobKinds(deps: WebhookJobDependencies): JobKind<never>[] {
  const subscriptionDeps = {
    stores: deps.stores,
    connectors: deps.catalog,
    subscriptions: deps.subscriptions,
    cycleDemand: deps.cycleDemand,
    onReport: deps.onReconcileReport,
    clock: deps.clock,
  };
  const kinds = [
    deliverEventJob({
      stores: deps.stores,
      sender: deps.sender,
      clock: deps.clock,
      ...(deps.retrySchedule ? { schedule: deps.retrySchedule } : {}),
      ...(deps.deliveryLeaseMs ? { leaseMs: deps.deliveryLeaseMs } : {}),
    }),
    processInboundJob({
      stores: deps.stores,
      connectors: deps.catalog,
      routes: deps.routes,
      clock: deps.clock,
    }),
    reconcileHooksJob(subscriptionDeps),
    reconcileAllHooksJob(subscriptionDeps),
  ];
  return kinds as unknown as JobKind<never>[];
}
