/** A one-time sign-in token for an account user. Only the SHA-256 hash of the token is stored. */
export interface SignInToken {
  readonly tokenHash: string;
  readonly accountId: string;
  readonly username: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** When it was redeemed; `null` while unused. */
  readonly usedAt: number | null;
  /** A LAUNCH token's options (JSON, read by the LAUNCH page); `null` for an ordinary sign-in token. */
  readonly launchOptions: string | null;
}

/** Storage of sign-in tokens. */
export interface SignInTokenStore {
  insert(token: SignInToken): Promise<void>;
  /**
   * Marks the token used if it is unused and not expired at `now`, and returns it; otherwise returns
   * `undefined`. One conditional UPDATE, so of any number of concurrent callers exactly one succeeds.
   */
  consume(tokenHash: string, now: number, usedAt: number): Promise<SignInToken | undefined>;
  findByHash(tokenHash: string): Promise<SignInToken | undefined>;
  /** Deletes at most `limit` tokens that expired before `before`; returns how many went. */
  deleteExpired(before: number, limit: number): Promise<number>;
}
