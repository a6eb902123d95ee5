/**
 * Storage of partner events: the endpoints a partner registers, the outbox of events and one delivery
 * per event and target. Deliveries form ordered streams (one per target and account connector): a
 * delivery's `seq` is taken from {@link PartnerEventStore.nextSequence} in the transaction that writes
 * it, which holds the stream's row until commit, so sequence order is commit order.
 */

/** A partner's receiver of events. The signing secret is read separately and never listed. */
export interface WebhookEndpoint {
  /** `ep_` followed by random characters. */
  readonly id: string;
  readonly url: string;
  readonly description: string | null;
  /** Event types delivered; empty means every type. `capsule.*` matches every type under `capsule.`. */
  readonly eventTypes: readonly string[];
  readonly enabled: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface EndpointChanges {
  readonly url?: string;
  readonly description?: string | null;
  readonly eventTypes?: readonly string[];
  readonly enabled?: boolean;
}

export interface WebhookEndpointStore {
  insert(endpoint: WebhookEndpoint, secret: string): Promise<void>;
  update(id: string, changes: EndpointChanges, at: number): Promise<boolean>;
  replaceSecret(id: string, secret: string, at: number): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  find(id: string): Promise<WebhookEndpoint | undefined>;
  /** Every endpoint, oldest first. */
  list(): Promise<WebhookEndpoint[]>;
  /** The plaintext signing secret (`whsec_…`), for signing only. */
  secret(id: string): Promise<string | undefined>;
}

/** An event as written to the outbox. */
export interface StoredEvent {
  readonly id: number;
  /** The public id, sent as `webhook-id` (`evt_…`). */
  readonly eventId: string;
  readonly type: string;
  readonly accountId: string | null;
  readonly accountConnectorId: number | null;
  /** The exact JSON body every attempt sends. */
  readonly body: string;
  readonly occurredAt: number;
}

/** `Pending` (will be attempted), `Delivered`, `Failed` (a final refusal such as 404), `Dead` (out of retries). */
export type DeliveryStatus = 'Pending' | 'Delivered' | 'Failed' | 'Dead';

export interface EventDelivery {
  readonly id: number;
  readonly event: StoredEvent;
  /** The endpoint, or null for an account's Transaction Error Webhook (then `targetUrl` is set). */
  readonly endpointId: string | null;
  readonly targetUrl: string | null;
  readonly stream: string;
  readonly seq: number;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly firstAttemptAt: number | null;
  readonly nextAttemptAt: number;
  readonly lastAttemptAt: number | null;
  readonly lastResponseStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

export interface DeliveryAttempt {
  readonly deliveryId: number;
  readonly attemptedAt: number;
  readonly durationMs: number;
  readonly responseStatus: number | null;
  /** The first few hundred characters of the answer. */
  readonly responseBody: string | null;
  readonly error: string | null;
}

/** What one attempt changes on its delivery. */
export interface AttemptOutcome {
  readonly status: DeliveryStatus;
  readonly nextAttemptAt: number;
  readonly firstAttemptAt: number;
  readonly finishedAt: number | null;
  readonly error: string | null;
}

export interface NewDelivery {
  readonly eventId: number;
  readonly endpointId: string | null;
  readonly targetUrl: string | null;
  readonly stream: string;
  readonly seq: number;
  readonly createdAt: number;
}

export interface DeliveryQuery {
  readonly endpointId: string;
  readonly status?: DeliveryStatus;
  /** Deliveries with a smaller id than this (paging backwards, newest first). */
  readonly before?: number;
  readonly limit: number;
}

export interface PartnerEventStore {
  insertEvent(event: Omit<StoredEvent, 'id'>): Promise<number>;
  /** The next sequence number of `stream` (1 for a new stream); locks the stream until commit. */
  nextSequence(stream: string): Promise<number>;
  insertDelivery(delivery: NewDelivery): Promise<number>;
  findDelivery(id: number): Promise<EventDelivery | undefined>;
  /** The earliest unfinished delivery of `stream` before `seq`, if any. */
  pendingBefore(stream: string, seq: number): Promise<EventDelivery | undefined>;
  /**
   * Takes the stream's row lock until the transaction ends (a writer taking the next sequence number
   * waits for it, and it for the writer); false when the stream has no row yet.
   */
  lockStream(stream: string): Promise<boolean>;
  /** The first unfinished delivery of `stream` after `seq`, if any. */
  nextPendingAfter(stream: string, seq: number): Promise<EventDelivery | undefined>;
  /** Logs an attempt and applies its outcome, unless the delivery is no longer `Pending`. */
  recordAttempt(attempt: DeliveryAttempt, outcome: AttemptOutcome, at: number): Promise<boolean>;
  /** Newest first. */
  listDeliveries(query: DeliveryQuery): Promise<EventDelivery[]>;
  /** Attempts of the given deliveries, oldest first. */
  attemptsOf(deliveryIds: readonly number[]): Promise<DeliveryAttempt[]>;
  /** Puts a delivery back to `Pending` at the end of its stream (`seq`), with a fresh retry window (`attempts` counts the window; the log keeps every attempt). */
  requeue(id: number, seq: number, at: number): Promise<boolean>;
  /** Events that occurred in [since, until), oldest first, at most `limit`. */
  eventsBetween(since: number, until: number, limit: number): Promise<StoredEvent[]>;
}
