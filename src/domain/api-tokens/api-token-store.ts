/** A bearer token issued by `POST /oauth/token`. Only its hash is stored. */
export interface ApiToken {
  readonly tokenHash: string;
  readonly clientId: string;
  /** Set for an account-restricted token (`scope=account:{id}`): it can touch only that account. */
  readonly accountId: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
}

export interface ApiTokenStore {
  insert(token: ApiToken): Promise<void>;
  /**
   * The token with this hash if it is live: not revoked, not expired at `now`, and its API client is not
   * revoked. One query, since it runs on every partner API call.
   */
  findLive(tokenHash: string, now: number): Promise<ApiToken | undefined>;
  /** Revokes one token; returns false when no live token has this hash. */
  revoke(tokenHash: string, at: number): Promise<boolean>;
  /** Revokes every live token restricted to the account (when it is deleted); returns how many. */
  revokeForAccount(accountId: string, at: number): Promise<number>;
}
