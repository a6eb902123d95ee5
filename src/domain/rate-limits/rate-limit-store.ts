/** Storage of request counters per bucket and fixed time window, shared by every Plugboard process. */
export interface RateLimitStore {
  /**
   * Adds one to the counter of `(bucket, windowStart)`, creating it at 1, and returns the new count.
   * Atomic: concurrent increments from any number of processes are all counted.
   */
  increment(bucket: string, windowStart: number): Promise<number>;
  /** Adds `count` to the counter (creating it), atomically, and returns the new total. */
  add(bucket: string, windowStart: number, count: number): Promise<number>;
  /** Deletes the bucket's counters of windows that started before `windowStart`. */
  deleteBefore(bucket: string, windowStart: number): Promise<void>;
}
