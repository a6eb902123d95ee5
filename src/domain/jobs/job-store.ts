/** A unit of background work kept in the database, so it survives restarts and is shared by every process. */
export interface Job {
  readonly id: number;
  readonly kind: string;
  readonly dedupeKey: string | null;
  /** JSON text. */
  readonly payload: string;
  readonly runAt: number;
  readonly attempts: number;
}

/** Storage of jobs. Claiming is a conditional update, so one job runs in one process at a time. */
export interface JobStore {
  /** Creates a recurring job once (by its dedupe key); does nothing when it already exists. */
  ensure(kind: string, dedupeKey: string, runAt: number, payload: string): Promise<void>;
  /** Takes the next due job, locked to `holder` until `now + lockMs`; `undefined` when none is due. */
  claimDue(holder: string, now: number, lockMs: number): Promise<Job | undefined>;
  /** Unlocks a recurring job and schedules its next run (resetting its failure count). */
  reschedule(id: number, holder: string, runAt: number, payload: string): Promise<void>;
  /** Unlocks a failed job and schedules a retry. */
  fail(id: number, holder: string, runAt: number, error: string): Promise<void>;
  /** Removes a finished one-off job. */
  complete(id: number, holder: string): Promise<void>;
  find(dedupeKey: string): Promise<Job | undefined>;
}
