import { randomBytes } from 'node:crypto';
import type { Stores } from '../stores.ts';
import { endpointWants, PLATFORM_EVENT_TYPES } from './event-types.ts';

/** The job kind that delivers one event to one target. */
export const DELIVER_EVENT_JOB = 'partner-event.deliver';

/** An event to send: its type, whose it is, and the rest of its `data`. */
export interface PartnerEventInput {
  readonly type: string;
  readonly accountId: string | null;
  readonly accountConnectorId?: number | null;
  /** More `data` fields, PascalCase (`CycleId`, `TransactionId`, `Record`, …). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A delivery to a URL that is not an endpoint (an account's Transaction Error Webhook). */
export interface DirectTarget {
  readonly url: string;
  /** The stream this target's deliveries are ordered in. */
  readonly stream: string;
}

/** A fresh public event id, sent as `webhook-id`. */
export function newEventId(): string {
  return `evt_${randomBytes(16).toString('base64url')}`;
}

/** The stream a delivery is ordered in: per target, then per account connector (or account). */
export function streamOf(target: string, input: Pick<PartnerEventInput, 'accountId' | 'accountConnectorId'>) {
  if (input.accountConnectorId != null) return `${target}|ac:${input.accountConnectorId}`;
  if (input.accountId != null) return `${target}|account:${input.accountId}`;
  return `${target}|partner`;
}

/** The JSON body of an event: `{"type","timestamp","data":{AccountId, AccountConnectorId?, …}}`. */
export function eventBody(input: PartnerEventInput, at: number): string {
  return JSON.stringify({
    type: input.type,
    timestamp: new Date(at).toISOString(),
    data: {
      AccountId: input.accountId,
      ...(input.accountConnectorId == null ? {} : { AccountConnectorId: input.accountConnectorId }),
      ...input.data,
    },
  });
}

async function deliver(
  tx: Stores,
  eventRowId: number,
  target: { endpointId: string | null; targetUrl: string | null; stream: string },
  accountId: string | null,
  at: number,
): Promise<void> {
  const seq = await tx.partnerEvents.nextSequence(target.stream);
  await tx.partnerEvents.insertDelivery({
    eventId: eventRowId,
    ...target,
    seq,
    createdAt: at,
  });
  await ensureStreamDrainer(tx, target.stream, accountId, at);
}

/**
 * Writes an event to the outbox with one delivery (and its job) per enabled endpoint that wants it,
 * in `tx` — the transaction of the change that caused the event, so both land or neither does.
 * Platform events are kept even when no endpoint wants them (they can be replayed to one added
 * later); a forwarded provider event no endpoint wants is not written at all.
 */
export async function emitPartnerEvent(tx: Stores, input: PartnerEventInput, at: number): Promise<void> {
  const endpoints = (await tx.webhookEndpoints.list()).filter(
    (endpoint) => endpoint.enabled && endpointWants(endpoint.eventTypes, input.type),
  );
  const platform = (PLATFORM_EVENT_TYPES as readonly string[]).includes(input.type);
  if (endpoints.length === 0 && !platform) return;
  const eventRowId = await tx.partnerEvents.insertEvent({
    eventId: newEventId(),
    type: input.type,
    accountId: input.accountId,
    accountConnectorId: input.accountConnectorId ?? null,
    body: eventBody(input, at),
    occurredAt: at,
  });
  for (const endpoint of endpoints) {
    const target = { endpointId: endpoint.id, targetUrl: null, stream: streamOf(endpoint.id, input) };
    await deliver(tx, eventRowId, target, input.accountId, at);
  }
}

/**
 * Writes a message with its own body for one URL that is not an endpoint (an account's Transaction
 * Error Webhook) to the same outbox: same transaction, same ordering, retries and log.
 */
export async function emitDirectMessage(
  tx: Stores,
  message: { readonly type: string; readonly accountId: string; readonly body: unknown },
  target: DirectTarget,
  at: number,
): Promise<void> {
  const eventRowId = await tx.partnerEvents.insertEvent({
    eventId: newEventId(),
    type: message.type,
    accountId: message.accountId,
    accountConnectorId: null,
    body: JSON.stringify(message.body),
    occurredAt: at,
  });
  await deliver(
    tx,
    eventRowId,
    { endpointId: null, targetUrl: target.url, stream: target.stream },
    message.accountId,
    at,
  );
}

/**
 * Makes sure the stream's drainer job exists, in `tx`: one unfinished job per stream (its unique key),
 * which sends the stream's deliveries one after the other. When one already exists this does
 * nothing; the drainer re-checks the stream under its lock before it finishes, so a delivery written
 * while it was finishing is never left behind.
 */
export async function ensureStreamDrainer(
  tx: Stores,
  stream: string,
  accountId: string | null,
  at: number,
): Promise<void> {
  await tx.workQueue.enqueue({
    kind: DELIVER_EVENT_JOB,
    payload: { stream },
    runAt: at,
    accountId,
    uniqueKey: stream,
  });
}
