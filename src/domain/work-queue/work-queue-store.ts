/**
 * The durable work queue's storage port. Every piece of background work — token refresh, a cycle's
 * poll, one step of a transaction, an inbound webhook's processing, an outbound event delivery — is a
 * row behind this interface. `src/storage/` implements it twice (PostgreSQL: `FOR UPDATE SKIP LOCKED`;
 * SQLite: `BEGIN IMMEDIATE`); the contract suite runs the same cases on both.
 *
 * `enqueue` is called on the stores of an open transaction (`stores.transaction(tx => tx.workQueue…)`)
 * so a change and the work it causes commit together (the outbox pattern).
 */

/** Where a job is in its life. `failed` means "failed, will retry"; `dead` means it will not run again. */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'dead';

export interface EnqueueRequest {
  /** The job kind; its payload must validate against that kind's schema (checked on enqueue). */
  readonly kind: string;
  readonly payload: unknown;
  /** Epoch ms; default: now. */
  readonly runAt?: number;
  /** Higher runs first among due jobs; default 0. */
  readonly priority?: number;
  /** A second enqueue with the same unique key (per kind) while the first is not finished is a no-op. */
  readonly uniqueKey?: string | null;
  /** Deleting the account deletes its work. */
  readonly accountId?: string | null;
  /** At most the kind's `concurrencyKeyLimit` jobs with the same key run at once, across processes. */
  readonly concurrencyKey?: string | null;
  /** Overrides the kind's attempt cap for this job. */
  readonly maxAttempts?: number;
}

export interface EnqueueResult {
  readonly id: number;
  /** False when a job with the same unique key already existed (nothing was inserted). */
  readonly created: boolean;
}

/** A job row as the queue keeps it. */
export interface QueuedJob {
  readonly id: number;
  readonly kind: string;
  readonly payload: unknown;
  readonly status: JobStatus;
  readonly priority: number;
  readonly uniqueKey: string | null;
  readonly accountId: string | null;
  readonly concurrencyKey: string | null;
  /** Attempts spent so far (a snooze does not spend one). */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly runAt: number;
  /** Bumped on every claim; a finish carrying an older epoch is refused (fencing). */
  readonly epoch: number;
  readonly lockedBy: string | null;
  readonly lockedUntil: number | null;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}
