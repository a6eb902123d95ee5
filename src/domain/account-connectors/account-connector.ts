/**
 * Where an account connector's credentials stand. `Authenticated` is the only state in which calls go
 * out; `Refreshing` is shown while a refresh is in flight; `NeedsReauthentication` means the provider
 * refused the refresh token (the user must authenticate again); `Degraded` means the provider could
 * not be reached or failed, and refreshing is backing off.
 */
export type AuthStatus =
  | 'Unauthenticated'
  | 'Authenticated'
  | 'Refreshing'
  | 'NeedsReauthentication'
  | 'Degraded';

/** A connector installed in an account. Credentials are read separately and never leave the server. */
export interface AccountConnector {
  readonly id: number;
  readonly accountId: string;
  readonly connectorId: number;
  readonly name: string;
  readonly description: string | null;
  readonly authStatus: AuthStatus;
  /** Grows on every credentials change; refreshes compare-and-set on it. */
  readonly credentialsVersion: number;
  readonly tokenExpiresAt: number | null;
  readonly authenticatedAt: number | null;
  readonly lastRefreshAt: number | null;
  readonly lastUsedAt: number | null;
  readonly lastError: string | null;
  readonly lastErrorAt: number | null;
  readonly refreshFailures: number;
  readonly refreshBlockedUntil: number | null;
  readonly rateLimitedUntil: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The provider's tokens as stored (plaintext in memory only; sealed at rest). */
export interface ConnectorCredentials {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  readonly tokenType: string;
  readonly expiresAt: number | null;
  readonly refreshExpiresAt: number | null;
  readonly scope: string | null;
  /** Non-secret facts from the token response, e.g. Capsule's `subdomain`. */
  readonly metadata: Readonly<Record<string, string>>;
}

export interface AccountConnectorProperty {
  readonly id: number;
  readonly accountConnectorId: number;
  readonly name: string;
  readonly value: string | null;
}
