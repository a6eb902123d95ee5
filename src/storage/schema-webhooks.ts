import type { Generated } from 'kysely';

/** Row types of the webhook tables (migration 0007); times are epoch milliseconds. */
export interface WebhookTables {
  inbound_hooks: InboundHookRow;
  inbound_deliveries: InboundDeliveryRow;
  inbound_item_keys: InboundItemKeyRow;
  webhook_endpoints: WebhookEndpointRow;
  partner_events: PartnerEventRow;
  event_streams: EventStreamRow;
  event_deliveries: EventDeliveryRow;
  delivery_attempts: DeliveryAttemptRow;
}

export interface InboundHookRow {
  id: Generated<number>;
  token_hash: string;
  kind: string;
  account_id: string;
  account_connector_id: number | null;
  cycle_id: string | null;
  event: string | null;
  provider_hook_id: string | null;
  status: string;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface InboundDeliveryRow {
  id: Generated<number>;
  hook_id: number;
  account_id: string;
  received_at: number;
  content_type: string;
  body: string;
  status: string;
  items: number | null;
  duplicates: number | null;
  attempts: Generated<number>;
  last_error: string | null;
  processed_at: number | null;
}

export interface InboundItemKeyRow {
  scope: string;
  item_key: string;
  created_at: number;
}

export interface WebhookEndpointRow {
  id: string;
  url: string;
  description: string | null;
  /** JSON array of event types (empty: every type). */
  event_types: string;
  enabled: number;
  secret_ct: string;
  created_at: number;
  updated_at: number;
}

export interface PartnerEventRow {
  id: Generated<number>;
  event_id: string;
  type: string;
  account_id: string | null;
  account_connector_id: number | null;
  /** The exact JSON body sent, fixed when the event is written so every attempt sends the same bytes. */
  body: string;
  occurred_at: number;
}

export interface EventStreamRow {
  stream: string;
  last_seq: number;
}

export interface EventDeliveryRow {
  id: Generated<number>;
  event_id: number;
  endpoint_id: string | null;
  target_url: string | null;
  stream: string;
  seq: number;
  status: string;
  attempts: number;
  first_attempt_at: number | null;
  next_attempt_at: number;
  last_attempt_at: number | null;
  last_response_status: number | null;
  last_error: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface DeliveryAttemptRow {
  id: Generated<number>;
  delivery_id: number;
  attempted_at: number;
  duration_ms: number;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
}
