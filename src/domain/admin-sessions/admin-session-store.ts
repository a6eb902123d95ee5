/** A signed-in console administrator's session. Only hashes of its secrets are stored. */
export interface AdminSession {
  /** SHA-256 of the session id, the value of the HttpOnly session cookie. */
  readonly sessionHash: string;
  readonly adminId: number;
  /** SHA-256 of the session's CSRF token. */
  readonly csrfHash: string;
  readonly createdAt: number;
  /** The session ends here; it is never extended. */
  readonly expiresAt: number;
}

/** A live session together with the admin it belongs to. */
export interface LiveAdminSession extends AdminSession {
  readonly username: string;
}

export interface AdminSessionStore {
  insert(session: AdminSession): Promise<void>;
  /** The session with this hash if it has not expired at `now` (and its admin still exists). */
  findLive(sessionHash: string, now: number): Promise<LiveAdminSession | undefined>;
  delete(sessionHash: string): Promise<void>;
  /** Removes sessions that expired before `now`; returns how many. */
  deleteExpired(now: number): Promise<number>;
}

/** A one-time first-admin setup code (only its hash). */
export interface SetupCode {
  readonly codeHash: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface SetupCodeStore {
  insert(code: SetupCode): Promise<void>;
  /**
   * If a code with `codeHash` is live at `now`, deletes every setup code and reports whether this one
   * was still among the deleted rows; otherwise changes nothing (a wrong guess must not void the real
   * code). Deleting them all at once makes the codes single-use across processes: of two concurrent
   * calls, only the first deletes the row.
   */
  consume(codeHash: string, now: number): Promise<boolean>;
  /** Removes codes that expired before `now`. */
  deleteExpired(now: number): Promise<void>;
}

/** How many sign-ins failed for a subject, and when the last one did. */
export interface FailureCount {
  readonly failures: number;
  readonly lastFailedAt: number | null;
}

/**
 * Failed console sign-in counters for subjects other than known admins (whose counters live on the
 * `admins` row): `ip:{address}` and `user:{unknown username}`.
 */
export interface LoginFailureStore {
  read(subject: string): Promise<FailureCount>;
  /**
   * Sets the counter to `next` if it still equals `expected` (compare-and-set); returns false when
   * another attempt changed it first. This is what stops parallel guesses from all passing the check.
   */
  claim(subject: string, expected: FailureCount, next: FailureCount): Promise<boolean>;
  clear(subject: string): Promise<void>;
  /** Forgets counters whose last failure is older than `before`. */
  deleteStale(before: number): Promise<void>;
}
