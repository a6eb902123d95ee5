/**
 * Named leases in the database: at most one holder at a time across every process. A lease that is not
 * renewed expires, so a crashed holder cannot block others for longer than its time-to-live. The fence
 * grows each time the lease changes hands.
 */
export interface LeaseStore {
  /** Takes the lease if it is free, expired or already ours; returns its fence, or `null` if someone else holds it. */
  acquire(name: string, holder: string, ttlMs: number, now: number): Promise<number | null>;
  /** Extends our lease; false if we lost it. */
  renew(name: string, holder: string, fence: number, ttlMs: number, now: number): Promise<boolean>;
  /** Gives the lease back (only if we still hold it with this fence). */
  release(name: string, holder: string, fence: number): Promise<void>;
}

/** The refresh journal: one row per refresh attempt, so an interrupted one is visible after a crash. */
export interface RefreshAttemptStore {
  open(attempt: {
    accountConnectorId: number;
    credentialsVersion: number;
    refreshTokenHash: string;
    holder: string;
    startedAt: number;
  }): Promise<number>;
  finish(id: number, outcome: string, at: number): Promise<void>;
  /** Attempts on this credentials version that never finished (their holder died mid-refresh). */
  unfinished(
    accountConnectorId: number,
    credentialsVersion: number,
  ): Promise<{ id: number; holder: string; startedAt: number }[]>;
  /** Every attempt of one account connector, oldest first (for audits and tests). */
  list(
    accountConnectorId: number,
  ): Promise<{ id: number; credentialsVersion: number; holder: string; outcome: string | null }[]>;
}
