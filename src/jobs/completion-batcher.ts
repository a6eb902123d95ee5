import type { Clock } from '../domain/clock.ts';
import type { JobLease, WorkQueueStore } from '../domain/work-queue/work-queue-store.ts';

/** Completions written in one statement at most. */
const MAX_BATCH = 200;

interface Pending {
  readonly lease: JobLease;
  readonly resolve: (held: boolean) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Marks finished jobs succeeded in batches, as River's completer does: jobs that finish while a
 * write is on its way go together in the next one, so under load one statement completes many jobs,
 * and an idle queue still writes at once (after the current turn of the event loop). Each job is
 * still fenced by its own epoch: a job whose lease was lost is answered `false`, as by `complete`.
 * A job stays `running` with its lease until its write lands, so nothing is lost if the process dies
 * in between: the lease runs out and the job runs again.
 */
export class CompletionBatcher {
  readonly #queue: WorkQueueStore;
  readonly #clock: Clock;
  #pending: Pending[] = [];
  #writing = false;
  #scheduled = false;

  constructor(queue: WorkQueueStore, clock: Clock) {
    this.#queue = queue;
    this.#clock = clock;
  }

  /** Resolves to true once the job is marked succeeded, false when its lease was lost. */
  complete(lease: JobLease): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.#pending.push({ lease, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#writing || this.#scheduled || this.#pending.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#write();
    });
  }

  async #write(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    const batch = this.#pending.splice(0, MAX_BATCH);
    try {
      const completed = new Set(
        await this.#queue.completeAll(
          batch.map((p) => p.lease),
          this.#clock(),
        ),
      );
      for (const pending of batch) pending.resolve(completed.has(pending.lease.id));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    } finally {
      this.#writing = false;
      this.#schedule();
    }
  }
}
