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

export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'dead'];

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

/** One failed attempt, kept in the job's history (the newest last; the oldest are dropped past 20). */
export interface JobErrorEntry {
  readonly at: number;
  readonly attempt: number;
  readonly message: string;
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
  /** Jobs sharing `concurrencyKey` that may run at once (the kind's limit when enqueued). */
  readonly concurrencyLimit: number;
  /** Attempts spent so far (a snooze does not spend one). */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly runAt: number;
  /** Bumped on every claim; a finish carrying an older epoch is refused (fencing). */
  readonly epoch: number;
  readonly lockedBy: string | null;
  readonly lockedUntil: number | null;
  readonly lastError: string | null;
  readonly errors: readonly JobErrorEntry[];
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

/** What proves a process holds a job: its id and the epoch its claim set. */
export interface JobLease {
  readonly id: number;
  readonly epoch: number;
}

export interface ClaimRequest {
  /** Who claims (`locked_by`): a process id that names the host process in logs and `jobs show`. */
  readonly holder: string;
  readonly now: number;
  /**
   * Read again for `started_at` once the claim has seen that the jobs' concurrency keys are free, so a
   * keyed job's recorded start is never earlier than the finish of the job it waited for (`now`, read
   * before the claim's statements, can be). Without it, `now`.
   */
  readonly clock?: () => number;
  /** At most this many jobs. */
  readonly limit: number;
  /** The kinds this process may take now, with how many more of each it may run and their lease. */
  readonly kinds: ReadonlyMap<string, { readonly capacity: number; readonly leaseMs: number }>;
}

/** How a failed attempt ends: retried at `retryAt`, or dead when `retryAt` is null. */
export interface JobFailure {
  readonly now: number;
  readonly message: string;
  readonly retryAt: number | null;
}

export interface JobListFilter {
  readonly status?: JobStatus;
  readonly kind?: string;
  /** Newest first; `beforeId` pages backwards through history. */
  readonly beforeId?: number;
  readonly offset?: number;
  readonly limit: number;
}

export type RetryOutcome = 'retried' | 'not_found' | 'not_retryable' | 'duplicate';

/**
 * Storage of jobs. Every method that finishes or extends a claim takes the {@link JobLease} and
 * returns false when the epoch no longer matches or the job is no longer running: the caller lost its
 * lease (the reaper freed it, another process claimed it) and must not act as the owner.
 */
export interface WorkQueueStore {
  /** Adds a job (validated against its kind's schema); a repeat of an unfinished unique key is a no-op. */
  enqueue(request: EnqueueRequest): Promise<EnqueueResult>;
  /**
   * Adds many jobs in one write, each validated and each a no-op when its unique key belongs to an
   * unfinished job, as `enqueue` would; answers how many were inserted.
   */
  enqueueMany(requests: readonly EnqueueRequest[]): Promise<number>;
  /**
   * Takes due jobs for `holder`, highest priority and oldest due first, honouring each kind's capacity
   * and each concurrency key's limit across processes. Each claim spends an attempt and bumps the epoch.
   */
  claim(request: ClaimRequest): Promise<QueuedJob[]>;
  /** Extends a held lease to `lockedUntil`. */
  heartbeat(lease: JobLease, lockedUntil: number): Promise<boolean>;
  /** Marks a held job succeeded. */
  complete(lease: JobLease, now: number): Promise<boolean>;
  /**
   * Marks many held jobs succeeded in one write, each fenced by its own epoch as `complete` is;
   * returns the ids of those still held (now succeeded). The others lost their lease.
   */
  completeAll(leases: readonly JobLease[], now: number): Promise<number[]>;
  /** Records a failed attempt: retried later (`failed`) or given up (`dead`). */
  fail(lease: JobLease, failure: JobFailure): Promise<boolean>;
  /** Puts a held job back to run at `runAt` without spending the attempt (rate limits, `Retry-After`). */
  snooze(lease: JobLease, runAt: number, now: number): Promise<boolean>;
  /**
   * Frees jobs whose lease ran out (their process died or hung): each counts as a failed attempt and
   * runs again now, or goes dead when it has no attempts left. Returns how many were freed.
   */
  reapExpired(now: number, limit: number): Promise<number>;
  /** Deletes up to `limit` succeeded or dead jobs finished before `finishedBefore`; returns how many. */
  pruneFinished(finishedBefore: number, limit: number): Promise<number>;
  /** The earliest `runAt` after `after` among waiting jobs of these kinds (to sleep until then), or null. */
  nextRunAt(kinds: readonly string[], after: number): Promise<number | null>;
  find(id: number): Promise<QueuedJob | undefined>;
  list(filter: JobListFilter): Promise<QueuedJob[]>;
  count(filter: Omit<JobListFilter, 'limit' | 'beforeId' | 'offset'>): Promise<number>;
  /** Runs a failed or dead job again now (a dead one with a fresh set of attempts). */
  retry(id: number, now: number): Promise<RetryOutcome>;
}
