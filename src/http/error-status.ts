import type { ErrorCode } from '../domain/errors.ts';

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
  provider_error: 502,
  provider_unavailable: 502,
  provider_timeout: 504,
  service_unavailable: 503,
  internal: 500,
  id_in_use: 400,
};
