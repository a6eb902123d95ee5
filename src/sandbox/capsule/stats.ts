/** Counters that tests read; they only ever grow until {@link resetStats}. */
export interface SandboxStats {
  /** Every request that reached `POST /oauth/token`. */
  tokenRequests: number;
  /** Token requests with `grant_type=authorization_code`, whatever the outcome. */
  authorizationCodeGrants: number;
  /** Authorization-code token requests answered with an error. */
  authorizationCodeGrantsRejected: number;
  /** Token requests with `grant_type=refresh_token`, whatever the outcome. */
  refreshGrants: number;
  /** Refresh-token requests answered with an error (including injected 503s). */
  refreshGrantsRejected: number;
  /** Grants revoked as a whole: code or refresh-token reuse, or revocation of a refresh token. */
  grantsRevoked: number;
  /** Requests to either revocation endpoint. */
  revocationRequests: number;
  /** Consent decisions. */
  consentsAllowed: number;
  consentsDenied: number;
  /** Every request that reached `/api/v2`. */
  apiRequests: number;
  /** API requests answered 401, 403, 429 and injected 503. */
  apiUnauthorized: number;
  apiForbidden: number;
  apiRateLimited: number;
  apiInjectedFailures: number;
  /** REST hook POST attempts, failed attempts (non-2xx or network error), and hooks removed (410 or dead). */
  hookDeliveries: number;
  hookDeliveryFailures: number;
  hooksUnsubscribed: number;
}

/** Fresh counters, all zero. */
export function createStats(): SandboxStats {
  return {
    tokenRequests: 0,
    authorizationCodeGrants: 0,
    authorizationCodeGrantsRejected: 0,
    refreshGrants: 0,
    refreshGrantsRejected: 0,
    grantsRevoked: 0,
    revocationRequests: 0,
    consentsAllowed: 0,
    consentsDenied: 0,
    apiRequests: 0,
    apiUnauthorized: 0,
    apiForbidden: 0,
    apiRateLimited: 0,
    apiInjectedFailures: 0,
    hookDeliveries: 0,
    hookDeliveryFailures: 0,
    hooksUnsubscribed: 0,
  };
}

/** Zeroes the counters in place, so references held by tests stay live. */
export function resetStats(stats: SandboxStats): void {
  Object.assign(stats, createStats());
}
