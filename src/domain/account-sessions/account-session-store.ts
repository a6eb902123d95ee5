/** A browser session of an account user, opened with a sign-in or LAUNCH token. Only hashes are stored. */
export interface AccountSession {
  /** SHA-256 of the session id held in the HttpOnly cookie. */
  readonly sessionHash: string;
  /** The one account this session may see and change. */
  readonly accountId: string;
  /** The account user the token was made for. */
  readonly username: string;
  /** SHA-256 of the CSRF token the page sends with every state-changing call. */
  readonly csrfHash: string;
  /** The LAUNCH options (JSON) when opened with a LAUNCH token; `null` for the account page. */
  readonly launchOptions: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** Storage of account sessions. */
export interface AccountSessionStore {
  insert(session: AccountSession): Promise<void>;
  /** The session with this hash if it has not expired at `now`. */
  findLive(sessionHash: string, now: number): Promise<AccountSession | undefined>;
  delete(sessionHash: string): Promise<void>;
  /** Deletes at most `limit` sessions that expired before `now`; returns how many went. */
  deleteExpired(now: number, limit: number): Promise<number>;
}
