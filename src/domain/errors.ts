/**
 * Every error Plugboard reports, by stable code. The code travels to partners in the
 * `Plugboard-Error-Code` header; the HTTP status for each code is decided in one place
 * (`src/http/error-status.ts`). Messages are written for people and never contain secrets.
 */
import type { ProviderErrorCode } from '../runtime/provider-errors.ts';

export type ErrorCode =
  /** A provider call's failure, by kind (see `runtime/provider-errors.ts`). */
  | ProviderErrorCode
  | 'invalid_request'
  | 'invalid_parameter'
  | 'unauthenticated'
  | 'account_header_missing'
  | 'method_not_allowed'
  | 'conflict'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_progress'
  | 'payload_too_large'
  | 'uri_too_long'
  | 'unsupported_media_type'
  | 'not_authenticated'
  | 'connector_not_set_up'
  | 'service_unavailable'
  | 'internal'
  | 'id_in_use'
  /** An account connector name the account already uses. */
  | 'name_in_use';

export interface ErrorExtras {
  /** Seconds until trying again makes sense (429, 503). */
  readonly retryAfterSeconds?: number;
  /** Structured details passed through to the caller (e.g. the provider's validation errors). */
  readonly details?: unknown;
  /** The error this one stands for; kept for logs, never sent to a client. */
  readonly cause?: unknown;
}

export class PlugboardError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extras: ErrorExtras = {},
  ) {
    super(message, extras.cause === undefined ? undefined : { cause: extras.cause });
    this.name = 'PlugboardError';
  }
}

/** Shorthands for the common cases. */
export const invalid = (message: string, extras?: ErrorExtras) =>
  new PlugboardError('invalid_request', message, extras);
export const notFound = (message: string) => new PlugboardError('not_found', message);
export const conflict = (message: string) => new PlugboardError('conflict', message);
export const forbidden = (message: string) => new PlugboardError('forbidden', message);

/**
 * A value read from a request, or the refusal to give once the checks that come before it have
 * passed. Input is read at the edge, but some refusals must not hide an earlier answer (a 404 for an
 * unknown account connector comes before a 400 for its bad credentials), so the service decides
 * when a refusal is reported.
 */
export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: PlugboardError };

/** Runs `read`, keeping a {@link PlugboardError} it throws for later; any other error is thrown now. */
export function checked<T>(read: () => T): Checked<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof PlugboardError) return { ok: false, error };
    throw error;
  }
}

/** The value, or the refusal thrown. */
export function unwrapChecked<T>(input: Checked<T>): T {
  if (!input.ok) throw input.error;
  return input.value;
}
