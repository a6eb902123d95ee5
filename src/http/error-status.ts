import type { ErrorCode } from '../domain/errors.ts';
import type { FlowFailureKind } from '../domain/oauth-flows/flow-failure.ts';

/** The one table that maps error codes to HTTP statuses. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  invalid_request: 400,
  invalid_parameter: 400,
  unauthenticated: 401,
  account_header_missing: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  idempotency_key_reused: 409,
  idempotency_key_in_progress: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  provider_validation_failed: 422,
  rate_limited: 429,
  needs_reauthentication: 401,
  not_authenticated: 409,
  connector_not_set_up: 409,
  provider_rejected: 400,
  provider_redirected: 502,
  provider_retry_later: 503,
  provider_error: 502,
  provider_unavailable: 502,
  provider_timeout: 504,
  outbound_address_refused: 409,
  service_unavailable: 503,
  internal: 500,
  id_in_use: 400,
  name_in_use: 400,
};

/** The status of each way the browser's OAuth flow can fail (its error page says what to do next). */
export const FLOW_FAILURE_STATUS: Readonly<Record<FlowFailureKind, number>> = {
  invalid_request: 400,
  target_origin_not_allowed: 400,
  sign_in_token_unknown: 403,
  sign_in_token_expired: 403,
  sign_in_token_used: 403,
  account_connector_not_found: 404,
  connector_not_set_up: 409,
  browser_mismatch: 403,
  state_unknown: 400,
  flow_expired: 400,
  flow_used: 409,
  provider_denied: 403,
  provider_error: 400,
  exchange_failed: 502,
  storage_failed: 500,
};
