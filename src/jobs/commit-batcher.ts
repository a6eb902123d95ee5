import type { Clock } from '../domain/clock.ts';
import type { Stores } from '../domain/stores.ts';
import { LeaseLostError } from '../domain/work-queue/job-kind.ts';
import type { JobLease } from '../domain/work-queue/work-queue-store.ts';

/** Commits sharing one database transaction at most. */
const MAX_BATCH = 50;
/** Shared transactions on their way at once (each holds a connection). */
const MAX_WRITING = 2;

interface Pending {
  readonly lease: JobLease;
  readonly work: (tx: Stores) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Commits jobs' work together with their completion, several jobs in one database transaction:
 * commits that arrive while a transaction is on its way go together in the next one, so under load a
 * step job's commit costs a share of one `BEGIN`…`COMMIT` and of one completion statement instead of
 * four round trips and a log flush of its own; an idle queue still commits at once (after the current
 * turn of the event loop). Each job is fenced by its own epoch: a job whose lease was lost gets
 * `LeaseLostError` and its work does not run. Every job's work is committed before its `commit`
 * resolves, exactly as alone. When the shared transaction fails (one job's work threw, or it met a
 * deadlock), it rolls back and each job's commit runs again in its own transaction, so only the job
 * at fault fails.
 */
export class CommitBatcher {
  readonly #stores: Stores;
  readonly #clock: Clock;
  #pending: Pending[] = [];
  #writing = 0;
  #scheduled = false;

  constructor(stores: Stores, clock: Clock) {
    this.#stores = stores;
    this.#clock = clock;
  }

  /** Runs `work` and marks the job succeeded in one transaction; resolves to `work`'s result once committed. */
  commit<T>(lease: JobLease, work: (tx: Stores) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ lease, work, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#writing >= MAX_WRITING || this.#scheduled || this.#pending.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#writing >= MAX_WRITING || this.#pending.length === 0) return;
      this.#writing++;
      void this.#write(this.#pending.splice(0, MAX_BATCH)).finally(() => {
        this.#writing--;
        this.#schedule();
      });
    });
  }

  async #write(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return this.#alone(batch[0] as Pending);
    let results: { readonly held: boolean; readonly value?: unknown }[];
    try {
      results = await this.#stores.transaction(async (tx) => {
        const held = new Set(
          await tx.workQueue.completeAll(
            batch.map((p) => p.lease),
            this.#clock(),
          ),
        );
        const done = [];
        for (const pending of batch) {
          done.push(
            held.has(pending.lease.id) ? { held: true, value: await pending.work(tx) } : { held: false },
          );
        }
        return done;
      });
    } catch {
      await Promise.all(batch.map((pending) => this.#alone(pending)));
      return;
    }
    batch.forEach((pending, index) => {
      const result = results[index];
      if (result?.held) pending.resolve(result.value);
      else pending.reject(lost(pending.lease));
    });
  }

  async #alone(pending: Pending): Promise<void> {
    try {
      pending.resolve(
        await this.#stores.transaction(async (tx) => {
          if (!(await tx.workQueue.complete(pending.lease, this.#clock()))) throw lost(pending.lease);
          return pending.work(tx);
        }),
      );
    } catch (error) {
      pending.reject(error);
    }
  }
}

const lost = (lease: JobLease) =>
  new LeaseLostError(`job ${lease.id} lost its lease; its work was not committed`);
