import { CONFIG_DEFAULTS } from '../config/config-options.ts';
import type { Clock } from '../domain/clock.ts';
import type { Stores } from '../domain/stores.ts';
import type { JobKindRegistry } from '../domain/work-queue/job-kind-registry.ts';
import type { JobWakeups } from '../domain/work-queue/job-wakeups.ts';
import type { EnqueueRequest } from '../domain/work-queue/work-queue-store.ts';
import { CommitBatcher } from './commit-batcher.ts';
import { CompletionBatcher } from './completion-batcher.ts';
import {
  type ExecutionDependencies,
  executeJob,
  type JobLog,
  type RunningJob,
  WorkerStoppingError,
} from './job-execution.ts';

export interface WorkerPoolOptions {
  /** The stores (not a transaction's): the queue, and `transaction` for `JobContext.commit`. */
  readonly stores: Stores;
  readonly kinds: JobKindRegistry;
  readonly clock: Clock;
  readonly log: JobLog;
  /** Names this process in `locked_by`. */
  readonly holder: string;
  /** Announcements of new work; null polls only. */
  readonly wakeups?: JobWakeups | null;
  /** Jobs running at once in this process. Default: `PLUGBOARD_WORKER_CONCURRENCY`'s. */
  readonly concurrency?: number;
  /** Longest wait between looks for due work when no wake-up comes. Default 1 s. */
  readonly pollMs?: number;
  /** How often expired leases are freed. Default 1 s. */
  readonly reapMs?: number;
  /** How long succeeded and dead jobs are kept. */
  readonly retentionMs: number;
  /** How often finished jobs past retention are deleted and recurring jobs ensured. Default 60 s. */
  readonly housekeepingMs?: number;
  /** How long `stop` waits for running handlers before it aborts and releases them. Default 10 s. */
  readonly stopTimeoutMs?: number;
  /** Jobs that must always exist (recurring work), each with a unique key; ensured on start and hourly. */
  readonly recurring?: readonly EnqueueRequest[];
  readonly random?: () => number;
}

const PRUNE_BATCH = 500;
const PRUNE_BATCHES_PER_ROUND = 20;
const REAP_BATCH = 200;
const CLAIM_RETRY_CAP_MS = 30_000;

/**
 * Runs durable jobs in this process: claims due work in batches up to its concurrency (and each
 * kind's), runs handlers with heartbeats, writes their completions (and the commits that may share a
 * transaction) in batches, wakes on announcements and polls as a fallback, frees expired leases and
 * prunes old history. Every process runs one; the store keeps them apart.
 */
export class WorkerPool {
  readonly #options: WorkerPoolOptions;
  readonly #concurrency: number;
  readonly #execution: ExecutionDependencies;
  readonly #running = new Map<number, RunningJob>();
  #started = false;
  #stopping = false;
  #fetching: Promise<void> | null = null;
  #fetchAgain = false;
  #pollTimer: NodeJS.Timeout | null = null;
  #pollAt = Number.POSITIVE_INFINITY;
  #claimFailures = 0;
  #maintenance: NodeJS.Timeout[] = [];
  #unsubscribe: () => void = () => {};

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    this.#concurrency = Math.max(1, options.concurrency ?? CONFIG_DEFAULTS.workerConcurrency);
    this.#execution = {
      ...options,
      completions: new CompletionBatcher(options.stores.workQueue, options.clock),
      commits: new CommitBatcher(options.stores, options.clock),
    };
  }

  /** Jobs running in this process now. */
  get inFlight(): number {
    return this.#running.size;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    const { wakeups, clock } = this.#options;
    if (wakeups) {
      this.#unsubscribe = wakeups.subscribe((runAt) => {
        if (runAt <= clock()) this.#kick();
        else this.#pollNoLaterThan(runAt);
      });
    }
    this.#every(this.#options.reapMs ?? 1_000, () => this.reap());
    this.#every(this.#options.housekeepingMs ?? 60_000, async () => {
      await this.prune();
      await this.ensureRecurring();
    });
    this.#kick();
  }

  /**
   * Stops claiming, waits for running handlers (up to the stop timeout), then aborts the rest and
   * puts them back in the queue without spending their attempt, so another process takes them now.
   */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#unsubscribe();
    for (const timer of this.#maintenance) clearInterval(timer);
    if (this.#pollTimer) clearTimeout(this.#pollTimer);
    await this.#fetching;
    const all = () => Promise.all([...this.#running.values()].map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#options.stopTimeoutMs ?? 10_000);
    });
    await Promise.race([all(), timeout]);
    clearTimeout(timer);
    // Handlers still running are told to stop; one that returns puts its job back itself. One that
    // does not return within a second is put back here; its late finish is then refused by the fence.
    const left = [...this.#running.values()].filter((r) => !r.settled);
    for (const running of left) running.controller.abort(new WorkerStoppingError('the worker is stopping'));
    await Promise.race([
      Promise.all(left.map((r) => r.done)),
      new Promise((r) => setTimeout(r, 1_000).unref()),
    ]);
    await Promise.all(
      left
        .filter((running) => !running.settled)
        .map((running) =>
          this.#options.stores.workQueue
            .snooze(running.lease, this.#options.clock(), this.#options.clock())
            .catch((error: unknown) =>
              this.#options.log.warn(
                { jobId: running.job.id, err: error },
                'job could not be released; its lease will expire',
              ),
            ),
        ),
    );
    await this.#options.wakeups?.close();
  }

  /** Creates the recurring jobs that do not exist (their unique keys make this a no-op otherwise). */
  async ensureRecurring(): Promise<void> {
    for (const request of this.#options.recurring ?? []) {
      await this.#options.stores.workQueue.enqueue(request);
    }
  }

  /** Frees expired leases; returns how many. */
  async reap(): Promise<number> {
    const freed = await this.#options.stores.workQueue.reapExpired(this.#options.clock(), REAP_BATCH);
    if (freed > 0) this.#kick();
    return freed;
  }

  /** Deletes finished jobs past retention in batches; returns how many. */
  async prune(): Promise<number> {
    const before = this.#options.clock() - this.#options.retentionMs;
    let deleted = 0;
    for (let round = 0; round < PRUNE_BATCHES_PER_ROUND; round++) {
      const batch = await this.#options.stores.workQueue.pruneFinished(before, PRUNE_BATCH);
      deleted += batch;
      if (batch < PRUNE_BATCH) break;
    }
    return deleted;
  }

  /**
   * Runs every job that is due now, in this call, until none is left; returns how many ran. For
   * tests and one-off commands; a started pool does this by itself.
   */
  async runDueJobs(): Promise<number> {
    let ran = 0;
    for (;;) {
      const batch = await this.#claim(this.#concurrency);
      if (batch.length === 0) return ran;
      ran += batch.length;
      await Promise.all(batch.map((running) => running.done));
    }
  }

  #every(ms: number, work: () => Promise<unknown>): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || this.#stopping) return;
      busy = true;
      work()
        .catch((error: unknown) => this.#options.log.error({ err: error }, 'queue maintenance failed'))
        .finally(() => {
          busy = false;
        });
    }, ms);
    timer.unref();
    this.#maintenance.push(timer);
  }

  /** Looks for work now (or right after the look in progress). */
  #kick(): void {
    if (!this.#started || this.#stopping) return;
    if (this.#fetching) {
      this.#fetchAgain = true;
      return;
    }
    this.#fetching = this.#fetch().finally(() => {
      this.#fetching = null;
      // A wake-up that came while the look was finishing (after its last claim) must not be lost.
      if (this.#fetchAgain) this.#kick();
    });
  }

  #pollNoLaterThan(at: number): void {
    if (this.#stopping || at >= this.#pollAt) return;
    if (this.#pollTimer) clearTimeout(this.#pollTimer);
    this.#pollAt = at;
    this.#pollTimer = setTimeout(
      () => {
        this.#pollTimer = null;
        this.#pollAt = Number.POSITIVE_INFINITY;
        this.#kick();
      },
      Math.max(0, at - this.#options.clock()),
    );
    this.#pollTimer.unref();
  }

  async #fetch(): Promise<void> {
    const { clock, stores, pollMs = 1_000 } = this.#options;
    let claimedAny = false;
    // Jobs finishing in this turn of the event loop free their slots first, so one claim fills them all.
    await new Promise((resolve) => setImmediate(resolve));
    do {
      this.#fetchAgain = false;
      const free = this.#concurrency - this.#running.size;
      if (free <= 0 || this.#stopping) return;
      try {
        const batch = await this.#claim(free);
        this.#claimFailures = 0;
        claimedAny = batch.length > 0;
        if (claimedAny) this.#fetchAgain = true;
      } catch (error) {
        this.#claimFailures++;
        const wait = Math.min(CLAIM_RETRY_CAP_MS, 500 * 2 ** Math.min(this.#claimFailures, 6));
        this.#options.log.error({ err: error, retryInMs: wait }, 'claiming jobs failed');
        this.#pollNoLaterThan(clock() + wait);
        return;
      }
    } while (this.#fetchAgain && !this.#stopping);
    if (this.#running.size >= this.#concurrency) return;
    let next = clock() + pollMs;
    try {
      const due = await stores.workQueue.nextRunAt(this.#options.kinds.names(), clock());
      if (due !== null && due < next) next = due;
    } catch (error) {
      this.#options.log.error({ err: error }, 'looking for the next due job failed');
    }
    this.#pollNoLaterThan(next);
  }

  async #claim(limit: number): Promise<RunningJob[]> {
    const { stores, kinds, clock, holder } = this.#options;
    const inKind = new Map<string, number>();
    for (const running of this.#running.values()) {
      inKind.set(running.job.kind, (inKind.get(running.job.kind) ?? 0) + 1);
    }
    const capacities = new Map<string, { capacity: number; leaseMs: number }>();
    for (const name of kinds.names()) {
      const kind = kinds.get(name);
      if (!kind) continue;
      const limits = kinds.limits(kind, this.#concurrency);
      capacities.set(name, {
        capacity: limits.concurrencyPerProcess - (inKind.get(name) ?? 0),
        leaseMs: limits.leaseMs,
      });
    }
    const jobs = await stores.workQueue.claim({ holder, now: clock(), clock, limit, kinds: capacities });
    return jobs.map((job) => {
      const running = executeJob(job, capacities.get(job.kind)?.leaseMs ?? 30_000, this.#execution);
      this.#running.set(job.id, running);
      void running.done.finally(() => {
        this.#running.delete(job.id);
        this.#kick();
      });
      return running;
    });
  }
}
