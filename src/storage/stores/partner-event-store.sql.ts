import type { Kysely, Selectable } from 'kysely';
import type {
  DeliveryAttempt,
  DeliveryStatus,
  EventDelivery,
  PartnerEventStore,
  StoredEvent,
} from '../../domain/partner-events/partner-event-store.ts';
import type { DatabaseSchema } from '../schema.ts';
import type { PartnerEventRow } from '../schema-webhooks.ts';

function toEvent(row: Selectable<PartnerEventRow>): StoredEvent {
  return {
    id: Number(row.id),
    eventId: row.event_id,
    type: row.type,
    accountId: row.account_id,
    accountConnectorId: row.account_connector_id === null ? null : Number(row.account_connector_id),
    body: row.body,
    occurredAt: Number(row.occurred_at),
  };
}

const num = (value: number | null) => (value === null ? null : Number(value));

/** The outbox: events, their deliveries in ordered streams, and the attempt log. */
export function sqlPartnerEventStore(db: Kysely<DatabaseSchema>): PartnerEventStore {
  const deliveries = () =>
    db
      .selectFrom('event_deliveries as d')
      .innerJoin('partner_events as e', 'e.id', 'd.event_id')
      .select([
        'd.id',
        'd.endpoint_id',
        'd.target_url',
        'd.stream',
        'd.seq',
        'd.status',
        'd.attempts',
        'd.first_attempt_at',
        'd.next_attempt_at',
        'd.last_attempt_at',
        'd.last_response_status',
        'd.last_error',
        'd.created_at',
        'd.finished_at',
        'e.id as e_id',
        'e.event_id as e_event_id',
        'e.type as e_type',
        'e.account_id as e_account_id',
        'e.account_connector_id as e_account_connector_id',
        'e.body as e_body',
        'e.occurred_at as e_occurred_at',
      ]);
  type Joined = Awaited<ReturnType<ReturnType<typeof deliveries>['execute']>>[number];
  const toDelivery = (row: Joined): EventDelivery => ({
    id: Number(row.id),
    event: toEvent({
      id: row.e_id,
      event_id: row.e_event_id,
      type: row.e_type,
      account_id: row.e_account_id,
      account_connector_id: row.e_account_connector_id,
      body: row.e_body,
      occurred_at: row.e_occurred_at,
    }),
    endpointId: row.endpoint_id,
    targetUrl: row.target_url,
    stream: row.stream,
    seq: Number(row.seq),
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    firstAttemptAt: num(row.first_attempt_at),
    nextAttemptAt: Number(row.next_attempt_at),
    lastAttemptAt: num(row.last_attempt_at),
    lastResponseStatus: num(row.last_response_status),
    lastError: row.last_error,
    createdAt: Number(row.created_at),
    finishedAt: num(row.finished_at),
  });

  return {
    async insertEvent(event) {
      const row = await db
        .insertInto('partner_events')
        .values({
          event_id: event.eventId,
          type: event.type,
          account_id: event.accountId,
          account_connector_id: event.accountConnectorId,
          body: event.body,
          occurred_at: event.occurredAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async nextSequence(stream) {
      // The upsert takes the stream's row lock until commit, so a second writer waits for the first
      // to commit before it gets the next number: sequence order is commit order.
      const row = await db
        .insertInto('event_streams')
        .values({ stream, last_seq: 1 })
        .onConflict((oc) =>
          oc.column('stream').doUpdateSet((eb) => ({ last_seq: eb('event_streams.last_seq', '+', 1) })),
        )
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      return Number(row.last_seq);
    },
    async lockStream(stream) {
      // A no-op update: a row lock on PostgreSQL, a write transaction on SQLite.
      const result = await db
        .updateTable('event_streams')
        .set((eb) => ({ last_seq: eb.ref('last_seq') }))
        .where('stream', '=', stream)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async insertDelivery(delivery) {
      const row = await db
        .insertInto('event_deliveries')
        .values({
          event_id: delivery.eventId,
          endpoint_id: delivery.endpointId,
          target_url: delivery.targetUrl,
          stream: delivery.stream,
          seq: delivery.seq,
          status: 'Pending',
          attempts: 0,
          first_attempt_at: null,
          next_attempt_at: delivery.createdAt,
          created_at: delivery.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async findDelivery(id) {
      const row = await deliveries().where('d.id', '=', id).executeTakeFirst();
      return row ? toDelivery(row) : undefined;
    },
    async pendingBefore(stream, seq) {
      const row = await deliveries()
        .where('d.stream', '=', stream)
        .where('d.seq', '<', seq)
        .where('d.status', '=', 'Pending')
        .orderBy('d.seq')
        .limit(1)
        .executeTakeFirst();
      return row ? toDelivery(row) : undefined;
    },
    async nextPendingAfter(stream, seq) {
      const row = await deliveries()
        .where('d.stream', '=', stream)
        .where('d.seq', '>', seq)
        .where('d.status', '=', 'Pending')
        .orderBy('d.seq')
        .limit(1)
        .executeTakeFirst();
      return row ? toDelivery(row) : undefined;
    },
    async recordAttempt(attempt, outcome, at) {
      const updated = await db
        .updateTable('event_deliveries')
        .set((eb) => ({
          status: outcome.status,
          attempts: eb('attempts', '+', 1),
          first_attempt_at: outcome.firstAttemptAt,
          next_attempt_at: outcome.nextAttemptAt,
          last_attempt_at: at,
          last_response_status: attempt.responseStatus,
          last_error: outcome.error,
          finished_at: outcome.finishedAt,
        }))
        .where('id', '=', attempt.deliveryId)
        .where('status', '=', 'Pending')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return false;
      await db
        .insertInto('delivery_attempts')
        .values({
          delivery_id: attempt.deliveryId,
          attempted_at: attempt.attemptedAt,
          duration_ms: attempt.durationMs,
          response_status: attempt.responseStatus,
          response_body: attempt.responseBody,
          error: attempt.error,
        })
        .execute();
      return true;
    },
    async listDeliveries(query) {
      let select = deliveries().where('d.endpoint_id', '=', query.endpointId);
      if (query.status !== undefined) select = select.where('d.status', '=', query.status);
      if (query.before !== undefined) select = select.where('d.id', '<', query.before);
      const rows = await select.orderBy('d.id', 'desc').limit(query.limit).execute();
      return rows.map(toDelivery);
    },
    async attemptsOf(deliveryIds) {
      if (deliveryIds.length === 0) return [];
      const rows = await db
        .selectFrom('delivery_attempts')
        .selectAll()
        .where('delivery_id', 'in', [...deliveryIds])
        .orderBy('id')
        .execute();
      return rows.map(
        (row): DeliveryAttempt => ({
          deliveryId: Number(row.delivery_id),
          attemptedAt: Number(row.attempted_at),
          durationMs: Number(row.duration_ms),
          responseStatus: num(row.response_status),
          responseBody: row.response_body,
          error: row.error,
        }),
      );
    },
    async requeue(id, seq, at) {
      const result = await db
        .updateTable('event_deliveries')
        .set({
          status: 'Pending',
          seq,
          attempts: 0,
          next_attempt_at: at,
          first_attempt_at: null,
          finished_at: null,
        })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async eventsBetween(since, until, limit) {
      const rows = await db
        .selectFrom('partner_events')
        .selectAll()
        .where('occurred_at', '>=', since)
        .where('occurred_at', '<', until)
        .orderBy('occurred_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toEvent);
    },
  };
}
