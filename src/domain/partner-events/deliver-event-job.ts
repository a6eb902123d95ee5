import { Webhook } from 'standardwebhooks';
import { Type } from 'typebox';
import type { EventSender, OutboundEventResult } from '../../runtime/outbound/event-sender.ts';
import type { Clock } from '../clock.ts';
import type { Stores } from '../stores.ts';
import type { JobContext, JobKind, JobResult } from '../work-queue/job-kind.ts';
import { DELIVER_EVENT_JOB } from './event-outbox.ts';
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

const Payload = Type.Object({ stream: Type.String({ minLength: 1, maxLength: 500 }) });
type Payload = { stream: string };

/** Deliveries sent by one run of a drainer before it yields to other work. */
const PER_RUN = 50;

/** Thrown inside the finishing transaction when the stream got a delivery after all: run again. */
class StreamNotEmpty extends Error {}

/** Standard Webhooks headers for one attempt (`webhook-signature` only when there is a secret). */
export function signedHeaders(
  delivery: EventDelivery,
  secret: string | null,
  at: number,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Plugboard-Webhooks',
    'webhook-id': delivery.event.eventId,
    'webhook-timestamp': String(Math.floor(at / 1000)),
  };
  if (secret)
    headers['webhook-signature'] = new Webhook(secret).sign(
      delivery.event.eventId,
      new Date(at),
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
 * Drains one stream (an endpoint or Transaction Error Webhook, and an account connector): sends its
 * deliveries one after the other in sequence order. A failed delivery that will be retried holds the
 * stream: the job snoozes until its next attempt (no job attempt spent), so a later event never
 * overtakes it. The delivery rows — not the job — say where each stands; a process killed
 * mid-request loses nothing: the job is taken over and the POST repeats (at least once). One drainer
 * exists per stream (its unique key); before finishing it re-checks the stream under the stream's
 * lock, which every writer of the stream also takes, so no delivery is left without a drainer.
 */
export function deliverEventJob(deps: DeliverEventDependencies): JobKind<Payload> {
  const schedule = deps.schedule ?? DEFAULT_RETRY_SCHEDULE;
  const { stores, clock } = deps;

  /** Sends one delivery and records the attempt; answers when the stream may go on, or when to come back. */
  async function attempt(delivery: EventDelivery, context: JobContext): Promise<number | 'next'> {
    let url = delivery.targetUrl;
    let secret: string | null = null;
    if (delivery.endpointId !== null) {
      const endpoint = await stores.webhookEndpoints.find(delivery.endpointId);
      if (endpoint && !endpoint.enabled) return clock() + 60_000;
      url = endpoint?.url ?? null;
      secret = endpoint ? ((await stores.webhookEndpoints.secret(endpoint.id)) ?? null) : null;
    }
    if (url === null) {
      // Its endpoint is gone (its deliveries go with it); never let it hold the stream.
      const at = clock();
      await stores.partnerEvents.recordAttempt(
        {
          deliveryId: delivery.id,
          attemptedAt: at,
          durationMs: 0,
          responseStatus: null,
          responseBody: null,
          error: 'no target',
        },
        { status: 'Failed', nextAttemptAt: at, firstAttemptAt: at, finishedAt: at, error: 'no target' },
        at,
      );
      return 'next';
    }
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
        ? { status: 'Delivered', nextAttemptAt: finished, firstAttemptAt, finishedAt: finished, error: null }
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
    await stores.partnerEvents.recordAttempt(
      {
        deliveryId: delivery.id,
        attemptedAt: started,
        durationMs: Math.max(0, finished - started),
        responseStatus: result.kind === 'answered' ? result.status : null,
        responseBody: result.kind === 'answered' ? result.bodyExcerpt : null,
        error: result.kind === 'answered' ? null : result.message,
      },
      outcome,
      finished,
    );
    return decision.action === 'retry' ? decision.at : 'next';
  }

  return {
    kind: DELIVER_EVENT_JOB,
    payload: Payload,
    maxAttempts: 20,
    leaseMs: deps.leaseMs ?? 60_000,
    async handle({ stream }, context): Promise<JobResult> {
      for (let sent = 0; sent < PER_RUN; ) {
        const next = await stores.partnerEvents.nextPendingAfter(stream, 0);
        if (!next) {
          try {
            // The stream's lock before the job's row, as the stream's writers take them.
            await context.commit(
              async (tx) => {
                if (await tx.partnerEvents.nextPendingAfter(stream, 0)) throw new StreamNotEmpty();
              },
              { lockFirst: (tx) => tx.partnerEvents.lockStream(stream) },
            );
            return;
          } catch (error) {
            if (error instanceof StreamNotEmpty) continue;
            throw error;
          }
        }
        if (next.nextAttemptAt > clock())
          return { snoozeUntil: next.nextAttemptAt, reason: 'retry of the stream head' };
        const outcome = await attempt(next, context);
        if (outcome !== 'next') return { snoozeUntil: outcome, reason: 'the stream head is retried later' };
        sent += 1;
      }
      // Yield to other work; the stream goes on at once.
      return { snoozeUntil: clock() };
    },
  };
}
