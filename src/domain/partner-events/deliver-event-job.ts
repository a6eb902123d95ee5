import { Webhook } from 'standardwebhooks';
import { Type } from 'typebox';
import type { EventSender, OutboundEventResult } from '../../runtime/outbound/event-sender.ts';
import type { Clock } from '../clock.ts';
import type { Stores } from '../stores.ts';
import type { JobKind, JobResult } from '../work-queue/job-kind.ts';
import { DELIVER_EVENT_JOB, enqueueDelivery } from './event-outbox.ts';
import type { AttemptOutcome, EventDelivery } from './partner-event-store.ts';
import {
  type AttemptResult,
  DEFAULT_RETRY_SCHEDULE,
  decideRetry,
  type RetrySchedule,
} from './retry-schedule.ts';

export interface DeliverEventDependencies {
  readonly stores: Stores;
  readonly sender: EventSender;
  readonly clock: Clock;
  readonly schedule?: RetrySchedule;
  /** How long a claim lasts without a heartbeat (default 60 s: longer than a slow receiver's timeout). */
  readonly leaseMs?: number;
}

const Payload = Type.Object({ deliveryId: Type.Integer({ minimum: 1 }) });
type Payload = { deliveryId: number };

/** How long a later delivery waits before looking again when an earlier one of its stream is unfinished. */
const TURN_CHECK_MS = 1000;

/** Standard Webhooks headers for one attempt (`webhook-signature` only when there is a secret). */
export function signedHeaders(
  delivery: EventDelivery,
  secret: string | null,
  at: number,
): Record<string, string> {
  const timestamp = new Date(at);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Plugboard-Webhooks',
    'webhook-id': delivery.event.eventId,
    'webhook-timestamp': String(Math.floor(at / 1000)),
  };
  if (secret)
    headers['webhook-signature'] = new Webhook(secret).sign(
      delivery.event.eventId,
      timestamp,
      delivery.event.body,
    );
  return headers;
}

function asAttemptResult(result: OutboundEventResult): AttemptResult {
  if (result.kind !== 'answered') return { kind: 'network-error' };
  return result.retryAfterMs === undefined
    ? { kind: 'answered', status: result.status }
    : { kind: 'answered', status: result.status, retryAfterMs: result.retryAfterMs };
}

/**
 * Delivers one event to one target, in its stream's order: while an earlier delivery of the stream is
 * unfinished this one waits (a snooze, no attempt spent). Retries are snoozes too, on the retry
 * schedule, so the delivery's own row — not the job — says where it stands; a process killed
 * mid-request loses nothing, the job is taken over and the POST repeats (at least once).
 */
export function deliverEventJob(deps: DeliverEventDependencies): JobKind<Payload> {
  const schedule = deps.schedule ?? DEFAULT_RETRY_SCHEDULE;
  const { stores, clock } = deps;
  return {
    kind: DELIVER_EVENT_JOB,
    payload: Payload,
    maxAttempts: 20,
    leaseMs: deps.leaseMs ?? 60_000,
    concurrencyKeyLimit: 1,
    async handle({ deliveryId }, context): Promise<JobResult> {
      const delivery = await stores.partnerEvents.findDelivery(deliveryId);
      if (!delivery || delivery.status !== 'Pending') return;
      const now = clock();
      const earlier = await stores.partnerEvents.pendingBefore(delivery.stream, delivery.seq);
      if (earlier) {
        return {
          snoozeUntil: Math.max(now + TURN_CHECK_MS, earlier.nextAttemptAt + TURN_CHECK_MS),
          reason: 'an earlier event of the stream is unfinished',
        };
      }
      if (delivery.nextAttemptAt > now) return { snoozeUntil: delivery.nextAttemptAt };
      let url = delivery.targetUrl;
      let secret: string | null = null;
      if (delivery.endpointId !== null) {
        const endpoint = await stores.webhookEndpoints.find(delivery.endpointId);
        if (!endpoint) return;
        if (!endpoint.enabled) return { snoozeUntil: now + 60_000, reason: 'the endpoint is disabled' };
        url = endpoint.url;
        secret = (await stores.webhookEndpoints.secret(endpoint.id)) ?? null;
      }
      if (url === null) return;
      const started = clock();
      const result = await deps.sender.send({
        url,
        headers: signedHeaders(delivery, secret, started),
        body: delivery.event.body,
        signal: context.signal,
      });
      const finished = clock();
      const firstAttemptAt = delivery.firstAttemptAt ?? started;
      const decision = decideRetry(
        asAttemptResult(result),
        delivery.attempts + 1,
        firstAttemptAt,
        finished,
        schedule,
      );
      const outcome: AttemptOutcome =
        decision.action === 'delivered'
          ? {
              status: 'Delivered',
              nextAttemptAt: finished,
              firstAttemptAt,
              finishedAt: finished,
              error: null,
            }
          : decision.action === 'retry'
            ? {
                status: 'Pending',
                nextAttemptAt: decision.at,
                firstAttemptAt,
                finishedAt: null,
                error: decision.reason,
              }
            : {
                status: decision.final,
                nextAttemptAt: finished,
                firstAttemptAt,
                finishedAt: finished,
                error: decision.reason,
              };
      const attempt = {
        deliveryId,
        attemptedAt: started,
        durationMs: Math.max(0, finished - started),
        responseStatus: result.kind === 'answered' ? result.status : null,
        responseBody: result.kind === 'answered' ? result.bodyExcerpt : null,
        error: result.kind === 'answered' ? null : result.message,
      };
      await stores.transaction(async (tx) => {
        if (!(await tx.partnerEvents.recordAttempt(attempt, outcome, finished))) return;
        if (outcome.status === 'Pending') return;
        // The stream's next delivery may be snoozed waiting for this one: wake it now.
        const next = await tx.partnerEvents.nextPendingAfter(delivery.stream, delivery.seq);
        if (next && next.nextAttemptAt <= finished)
          await enqueueDelivery(tx, next.id, next.stream, next.event.accountId, finished);
      });
      return decision.action === 'retry' ? { snoozeUntil: decision.at, reason: decision.reason } : undefined;
    },
  };
}
