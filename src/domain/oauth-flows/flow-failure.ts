/**
 * Why a browser flow stopped. Each kind has a page a person can understand: what went wrong and what to
 * do next (see `src/browser-auth/error-page.ts`).
 */
export type FlowFailureKind =
  | 'invalid_request'
  | 'target_origin_not_allowed'
  | 'sign_in_token_unknown'
  | 'sign_in_token_expired'
  | 'sign_in_token_used'
  | 'account_connector_not_found'
  | 'connector_not_set_up'
  | 'browser_mismatch'
  | 'state_unknown'
  | 'flow_expired'
  | 'flow_used'
  | 'provider_denied'
  | 'provider_error'
  | 'exchange_failed'
  | 'storage_failed';

export class FlowFailure extends Error {
  constructor(
    readonly kind: FlowFailureKind,
    /** Extra detail safe to show (escaped) on the page, e.g. the provider's error code and description. */
    readonly detail: string | null = null,
    /** What went wrong inside (for the log only, never the page). */
    cause?: unknown,
  ) {
    super(kind, cause === undefined ? undefined : { cause });
    this.name = 'FlowFailure';
  }
}
