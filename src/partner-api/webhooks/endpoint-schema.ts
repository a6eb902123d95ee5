import { Type } from 'typebox';
import type { WebhookEndpoint } from '../../domain/partner-events/partner-event-store.ts';
import type { DeliveryWithAttempts } from '../../domain/partner-events/webhook-endpoint-service.ts';
import { Nullable, Timestamp } from '../schemas.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export const EndpointBody = Type.Object(
  {
    Url: Type.Optional(
      Type.String({ description: 'Where events are POSTed (http or https; no redirects are followed).' }),
    ),
    EventTypes: Type.Optional(
      Type.Array(Type.String(), {
        maxItems: 100,
        description:
          'Event types to receive; empty or absent means every type. `prefix.*` matches a group, e.g. `capsule.*` or `account_connector.*`.',
      }),
    ),
    Enabled: Type.Optional(Type.Boolean({ description: 'Default true.' })),
    Description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const EndpointSchema = Type.Object({
  Id: Type.String(),
  Url: Type.String(),
  EventTypes: Type.Array(Type.String()),
  Enabled: Type.Boolean(),
  Description: Nullable(Type.String()),
  CreatedOnUtc: Timestamp('When the endpoint was created.'),
  UpdatedOnUtc: Timestamp('When the endpoint last changed.'),
});

export const EndpointWithSecretSchema = Type.Object({
  ...EndpointSchema.properties,
  Secret: Type.String({
    description: 'The signing secret (`whsec_` + base64 of 32 bytes). Shown only in this answer; keep it.',
  }),
});

export function toEndpointJson(endpoint: WebhookEndpoint) {
  return {
    Id: endpoint.id,
    Url: endpoint.url,
    EventTypes: [...endpoint.eventTypes],
    Enabled: endpoint.enabled,
    Description: endpoint.description,
    CreatedOnUtc: iso(endpoint.createdAt),
    UpdatedOnUtc: iso(endpoint.updatedAt),
  };
}

const AttemptSchema = Type.Object({
  AttemptedOnUtc: Timestamp('When the attempt started.'),
  DurationMs: Type.Integer(),
  ResponseStatus: Nullable(Type.Integer(), {
    description: 'The status answered; null when there was no answer.',
  }),
  Response: Nullable(Type.String(), { description: 'The start of the answer (at most 500 characters).' }),
  Error: Nullable(Type.String(), { description: 'Why there was no answer.' }),
});

export const DeliverySchema = Type.Object({
  Id: Type.Integer(),
  EventId: Type.String({
    description: 'The `webhook-id` header: the same for every attempt, retry and replay.',
  }),
  EventType: Type.String(),
  Status: Type.String({
    description: '`Pending`, `Delivered`, `Failed` (a final answer such as 404) or `Dead` (out of retries).',
  }),
  Attempts: Type.Integer({ description: 'Attempts since the delivery was last queued.' }),
  LastResponseStatus: Nullable(Type.Integer()),
  LastError: Nullable(Type.String()),
  AccountId: Nullable(Type.String()),
  AccountConnectorId: Nullable(Type.Integer()),
  CreatedOnUtc: Timestamp('When the delivery was queued.'),
  NextAttemptOnUtc: Nullable(Timestamp('When a pending delivery is tried next.')),
  FinishedOnUtc: Nullable(Timestamp('When it was delivered or given up.')),
  Payload: Type.Unknown({ description: 'The body sent.' }),
  AttemptLog: Type.Array(AttemptSchema),
});

export function toDeliveryJson(
  delivery: DeliveryWithAttempts | (Omit<DeliveryWithAttempts, 'attemptLog'> & { attemptLog?: undefined }),
) {
  return {
    Id: delivery.id,
    EventId: delivery.event.eventId,
    EventType: delivery.event.type,
    Status: delivery.status,
    Attempts: delivery.attempts,
    LastResponseStatus: delivery.lastResponseStatus,
    LastError: delivery.lastError,
    AccountId: delivery.event.accountId,
    AccountConnectorId: delivery.event.accountConnectorId,
    CreatedOnUtc: iso(delivery.createdAt),
    NextAttemptOnUtc: delivery.status === 'Pending' ? iso(delivery.nextAttemptAt) : null,
    FinishedOnUtc: isoOrNull(delivery.finishedAt),
    Payload: JSON.parse(delivery.event.body) as unknown,
    AttemptLog: (delivery.attemptLog ?? []).map((attempt) => ({
      AttemptedOnUtc: iso(attempt.attemptedAt),
      DurationMs: attempt.durationMs,
      ResponseStatus: attempt.responseStatus,
      Response: attempt.responseBody,
      Error: attempt.error,
    })),
  };
}
