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
