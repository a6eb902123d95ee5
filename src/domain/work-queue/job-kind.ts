import type { TSchema } from 'typebox';
import type { Stores } from '../stores.ts';

/**
 * A kind of durable work: its payload schema, its limits and its handler. Kinds are registered with
 * the worker pool in the composition root; the queue validates a payload against `payload` when it is
 * enqueued and again when it is claimed.
 */
export interface JobKind<P = unknown> {
  readonly kind: string;
  /** JSON Schema (TypeBox) of the payload. */
  readonly payload: TSchema;
  /** Attempts before the job is dead (a snooze does not spend one). Default 5. */
  readonly maxAttempts?: number;
  /** How long a claim lasts without a heartbeat; the runner heartbeats at a third of it. Default 30 s. */
  readonly leaseMs?: number;
  /** Jobs of this kind running at once in one process. Default: the pool's per-process limit. */
  readonly concurrencyPerProcess?: number;
  /** Jobs sharing one concurrency key running at once across all processes. Default 1. */
  readonly concurrencyKeyLimit?: number;
  /** Backoff before retry `attempt` (1-based), before jitter. Default: exponential from 5 s, capped at 1 h. */
  readonly backoffMs?: (attempt: number) => number;
  readonly handle: (payload: P, context: JobContext) => Promise<JobResult>;
}

/** What a handler asks for when it returns (throwing means: failed, retry with backoff or die). */
export type JobResult =
  /** Done. */
  | undefined
  | void
  /** Run again at `runAt` without spending an attempt (rate limits, `Retry-After`, waiting on something). */
  | { readonly snoozeUntil: number; readonly reason?: string };

/** Thrown by a handler for a failure that retrying cannot fix: the job goes straight to `dead`. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/** Thrown by `commit` and `heartbeat` when this process no longer holds the job's lease. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

export interface JobContext {
  readonly jobId: number;
  /** 1 on the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** The claim's fencing epoch. */
  readonly epoch: number;
  readonly accountId: string | null;
  /** Aborted when the lease is lost or the process is stopping. */
  readonly signal: AbortSignal;
  /**
   * Runs `work` in one database transaction together with marking this job succeeded, fenced by the
   * epoch: if another process has taken the job over, the transaction rolls back and `LeaseLostError`
   * is thrown. Use it when the job's effects and its completion must land together (a cycle step's
   * result and the next step's job). After a commit the handler should return.
   *
   * The job's row is marked first, so `work` may enqueue the job's successor under the same unique
   * key. `lockFirst` runs before that, in the same transaction: it takes a lock that this job's
   * enqueuers take before they enqueue (and wait on this job's row), so both take them in one order.
   */
  commit<T>(work: (tx: Stores) => Promise<T>, options?: CommitOptions): Promise<T>;
  /**
   * A commit in one statement, where the database can: `write` marks this job succeeded fenced by its
   * lease (`jobId`, `epoch`) together with the job's effects, and answers whether the lease was held, or
   * undefined when it cannot do that in one statement (then it wrote nothing). Answers true once
   * committed (the handler should return), false when the caller must `commit` as usual; throws
   * `LeaseLostError` when the lease was lost (nothing written). One round trip instead of a
   * transaction's `BEGIN`, completion, effects and `COMMIT`.
   */
  commitInOneStatement(
    write: (
      stores: Stores,
      job: { readonly id: number; readonly epoch: number },
      now: number,
    ) => Promise<boolean | undefined>,
  ): Promise<boolean>;
}

export interface CommitOptions {
  readonly lockFirst?: (tx: Stores) => Promise<unknown>;
  /**
   * `work` may share its database transaction with other jobs' commits that finish at the same time
   * (one `BEGIN`…`COMMIT`, one completion statement, one log flush for all of them). Only for work
   * that locks no row beyond the job's own (its rows and its successors): work that takes another
   * lock, as a cycle's row, could wait on a batch in another process that waits on it. If the shared
   * transaction fails, each of its commits runs again alone, so a failing `work` fails only its job.
   */
  readonly shareTransaction?: boolean;
}
