import type { Clock } from '../domain/clock.ts';
import type { Job, JobStore } from '../domain/jobs/job-store.ts';

/** What a job handler asks for next: run again at `runAt` with `payload` (recurring), or nothing (done). */
export type JobOutcome = { readonly runAt: number; readonly payload: string } | null;

export type JobHandler = (job: Job) => Promise<JobOutcome>;

export interface JobRunnerOptions {
  readonly store: JobStore;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly holder: string;
  readonly clock: Clock;
  /** How often to look for due jobs. */
  readonly pollMs?: number;
  /** How long a claimed job stays locked to this process (a process that dies releases it this late). */
  readonly lockMs?: number;
  readonly onError?: (job: Job, error: unknown) => void;
}

const RETRY_BASE_MS = 5_000;
const RETRY_CAP_MS = 10 * 60 * 1000;

/**
 * Runs durable jobs from the database in this process. Every process runs one; a job is claimed by one
 * of them at a time, and a job whose process died is claimed again once its lock runs out.
 */
export class JobRunner {
  readonly #options: Required<Omit<JobRunnerOptions, 'onError'>> & Pick<JobRunnerOptions, 'onError'>;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #stopped = true;

  constructor(options: JobRunnerOptions) {
    this.#options = { pollMs: 1_000, lockMs: 5 * 60 * 1000, ...options };
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.runDueJobs()
        .then(() => undefined)
        .catch(() => undefined)
        .finally(() => {
          this.#running = null;
          this.#schedule(this.#options.pollMs);
        });
    }, delay);
    this.#timer.unref();
  }

  /** Runs every job that is due now, one after another; returns how many ran. */
  async runDueJobs(limit = 100): Promise<number> {
    const { store, handlers, holder, clock, lockMs } = this.#options;
    let ran = 0;
    while (ran < limit) {
      const job = await store.claimDue(holder, clock(), lockMs);
      if (!job) break;
      ran++;
      const handler = handlers[job.kind];
      try {
        if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
        const outcome = await handler(job);
        if (outcome) await store.reschedule(job.id, holder, outcome.runAt, outcome.payload);
        else await store.complete(job.id, holder);
      } catch (error) {
        this.#options.onError?.(job, error);
        const delay = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(job.attempts, 10));
        await store.fail(
          job.id,
          holder,
          clock() + delay,
          error instanceof Error ? error.message : String(error),
        );
      }
    }
    return ran;
  }
}
