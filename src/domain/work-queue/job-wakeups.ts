/**
 * Tells the worker pool that work may be ready earlier than its next poll: on PostgreSQL a
 * `LISTEN/NOTIFY` channel fed by every enqueue (delivered on commit), on SQLite an in-process signal.
 * Wake-ups are hints; the pool still polls, so a lost one only delays work by one poll interval.
 */
export interface JobWakeups {
  /** Calls `listener` with the woken job's run-at time (epoch ms); returns the unsubscribe function. */
  subscribe(listener: (runAt: number) => void): () => void;
  /** Settles once the first attempt to listen has finished (connected or failed). */
  ready(): Promise<void>;
  close(): Promise<void>;
}
