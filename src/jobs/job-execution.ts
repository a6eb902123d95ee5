import type { Clock } from '../domain/clock.ts';
import type { Stores } from '../domain/stores.ts';
import {
  type JobContext,
  type JobKind,
  LeaseLostError,
  PermanentJobError,
} from '../domain/work-queue/job-kind.ts';
import type { JobKindRegistry } from '../domain/work-queue/job-kind-registry.ts';
import { decideRetry } from '../domain/work-queue/retry-policy.ts';
import type { JobLease, QueuedJob } from '../domain/work-queue/work-queue-store.ts';

/** Where the pool reports what it cannot hand to anyone else (pino's logger fits). */
export interface JobLog {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface ExecutionDependencies {
  readonly stores: Stores;
  readonly kinds: JobKindRegistry;
  readonly clock: Clock;
  readonly log: JobLog;
  readonly random?: () => number;
  /** Writes successful completions in batches; without it each is its own `complete`. */
  readonly completions?: { complete(lease: JobLease): Promise<boolean> };
  /** Commits of work that may share a database transaction (`CommitOptions.shareTransaction`), in batches. */
  readonly commits?: { commit<T>(lease: JobLease, work: (tx: Stores) => Promise<T>): Promise<T> };
}

/** One claimed job as it runs: its lease and the means to give it up early. */
export interface RunningJob {
  readonly job: QueuedJob;
  readonly lease: JobLease;
  readonly controller: AbortController;
  /** True once the job's outcome is written (or refused), so a stopping pool must not release it. */
  settled: boolean;
  readonly done: Promise<void>;
}

/** The abort reason when the pool stops: the job goes back to the queue without spending its attempt. */
export class WorkerStoppingError extends Error {
  override readonly name = 'WorkerStoppingError';
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function details(job: QueuedJob, extra: object = {}): object {
  return { jobId: job.id, jobKind: job.kind, attempt: job.attempts, ...extra };
}

/** Renews the lease at a third of its length; a refused renewal aborts the handler. */
function keepLeased(running: RunningJob, leaseMs: number, deps: ExecutionDependencies): () => void {
  const timer = setInterval(
    () => {
      deps.stores.workQueue
        .heartbeat(running.lease, deps.clock() + leaseMs)
        .then((held) => {
          if (!held && !running.controller.signal.aborted) {
            running.controller.abort(new LeaseLostError(`job ${running.job.id} lost its lease`));
          }
        })
        .catch((error: unknown) =>
          deps.log.warn(details(running.job, { err: error }), 'job heartbeat failed; will try again'),
        );
    },
    Math.max(10, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Runs one claimed job to its end: checks the payload again, heartbeats while the handler runs,
 * and writes the outcome fenced by the claim's epoch (succeeded, snoozed, retried after backoff, or
 * dead). A write that is refused means another process owns the job now; it is logged, never forced.
 */
export function executeJob(job: QueuedJob, leaseMs: number, deps: ExecutionDependencies): RunningJob {
  const lease: JobLease = { id: job.id, epoch: job.epoch };
  const controller = new AbortController();
  const running: RunningJob = { job, lease, controller, settled: false, done: Promise.resolve() };
  const queue = deps.stores.workQueue;
  const settle = async (write: Promise<boolean>) => {
    const held = await write;
    running.settled = true;
    if (!held)
      deps.log.warn(details(job), 'job finished after losing its lease; the result was not recorded');
  };
  const run = async () => {
    const kind = deps.kinds.get(job.kind) as JobKind<unknown>;
    const problems = deps.kinds.payloadProblems(job.kind, job.payload);
    if (problems.length > 0) {
      const message = `payload does not match the schema of job kind "${job.kind}": ${problems.join('; ')}`;
      deps.log.error(details(job), message);
      return settle(queue.fail(lease, { now: deps.clock(), message, retryAt: null }));
    }
    let committed = false;
    const context: JobContext = {
      jobId: job.id,
      attempt: job.attempts,
      maxAttempts: job.maxAttempts,
      epoch: job.epoch,
      accountId: job.accountId,
      signal: controller.signal,
      async commit(work, options) {
        if (controller.signal.aborted) throw new LeaseLostError(`job ${job.id} lost its lease`);
        const shared = options?.shareTransaction && !options.lockFirst ? deps.commits : undefined;
        const result = shared
          ? await shared.commit(lease, work)
          : await deps.stores.transaction(async (tx) => {
              // Before this job's row: an enqueuer holding that lock waits on the row (a unique key), so
              // taking it after the row deadlocks until PostgreSQL's deadlock timeout (a second).
              await options?.lockFirst?.(tx);
              if (!(await tx.workQueue.complete(lease, deps.clock()))) {
                throw new LeaseLostError(`job ${job.id} lost its lease; its work was not committed`);
              }
              return work(tx);
            });
        committed = true;
        running.settled = true;
        return result;
      },
      async commitInOneStatement(write) {
        if (controller.signal.aborted) throw new LeaseLostError(`job ${job.id} lost its lease`);
        const held = await write(deps.stores, lease, deps.clock());
        if (held === undefined) return false;
        if (!held) throw new LeaseLostError(`job ${job.id} lost its lease; its work was not committed`);
        committed = true;
        running.settled = true;
        return true;
      },
    };
    const stopHeartbeat = keepLeased(running, leaseMs, deps);
    try {
      const result = await kind.handle(job.payload, context);
      if (committed) return;
      if (controller.signal.reason instanceof WorkerStoppingError) {
        return await settle(queue.snooze(lease, deps.clock(), deps.clock()));
      }
      if (result && typeof result === 'object' && 'snoozeUntil' in result) {
        return await settle(queue.snooze(lease, result.snoozeUntil, deps.clock()));
      }
      return await settle(
        deps.completions ? deps.completions.complete(lease) : queue.complete(lease, deps.clock()),
      );
    } catch (error) {
      if (committed) {
        deps.log.error(
          details(job, { err: error }),
          'job failed after committing its work; it stays succeeded',
        );
        return;
      }
      if (controller.signal.reason instanceof WorkerStoppingError) {
        return await settle(queue.snooze(lease, deps.clock(), deps.clock()));
      }
      if (error instanceof LeaseLostError || controller.signal.reason instanceof LeaseLostError) {
        running.settled = true;
        deps.log.warn(details(job, { err: error }), 'job lost its lease; another process will finish it');
        return;
      }
      const now = deps.clock();
      const decision = decideRetry({
        attempt: job.attempts,
        maxAttempts: job.maxAttempts,
        permanent: error instanceof PermanentJobError,
        now,
        ...(kind.backoffMs ? { backoffMs: kind.backoffMs } : {}),
        ...(deps.random ? { random: deps.random } : {}),
      });
      const retryAt = decision.kind === 'retry' ? decision.retryAt : null;
      deps.log.warn(
        details(job, { err: error, retryAt }),
        retryAt === null ? 'job failed and is dead' : 'job failed; it will be retried',
      );
      await settle(queue.fail(lease, { now, message: describe(error), retryAt }));
    } finally {
      stopHeartbeat();
    }
  };
  const done = run().catch((error: unknown) => {
    // The outcome could not be written (database down): the lease runs out and the reaper frees it.
    deps.log.error(details(job, { err: error }), 'job outcome could not be recorded; its lease will expire');
  });
  return Object.assign(running, { done });
}
