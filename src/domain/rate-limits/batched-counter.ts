import type { Clock } from '../clock.ts';
import type { RateLimitStore } from './rate-limit-store.ts';

interface Window {
  /** The count in the database as of this process's last write to it (every process's calls). */
  shared: number;
  /** Calls counted here since then. */
  pending: number;
  /** Used since the last flush; the first call after a flush writes through (and learns the others'). */
  dirty: boolean;
  lastUsed: number;
  flushing: boolean;
  /** A write-through in flight: calls meanwhile wait for it, then count locally. */
  writing: Promise<number> | null;
}

export interface BatchedCounterOptions {
  /** How often local counts are added to the database. */
  readonly flushMs?: number;
  /** Windows unused this long are forgotten (the next call writes through again). */
  readonly idleMs?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * Counts requests per bucket and window without a database write per call. The first call of a bucket
 * in each flush interval is written through (so it starts from every process's count as it is now);
 * the calls after it are counted here and added to the database at the next flush (every `flushMs`).
 * So a bucket costs at most two writes per interval per process, whatever the rate. Tolerance: a process
 * counts its own calls exactly and sees the others' as of at most one flush interval ago, so with P
 * processes a limit can be exceeded by at most what the other P − 1 admit within one flush interval
 * (one second by default); with one process it is exact.
 */
export class BatchedCounter implements RateLimitStore {
  readonly #windows = new Map<string, Window>();
  readonly #flushMs: number;
  readonly #idleMs: number;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
    private readonly options: BatchedCounterOptions = {},
  ) {
    this.#flushMs = options.flushMs ?? 1_000;
    this.#idleMs = options.idleMs ?? 120_000;
  }

  /** Flushes every `flushMs` until {@link close}. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.flush().catch((error: unknown) => this.options.onError?.(error));
    }, this.#flushMs);
    this.#timer.unref();
  }

  async increment(bucket: string, windowStart: number): Promise<number> {
    const key = `${bucket}\u0000${windowStart}`;
    const now = this.clock();
    let window = this.#windows.get(key);
    if (!window) {
      window = { shared: 0, pending: 0, dirty: false, lastUsed: now, flushing: false, writing: null };
      this.#windows.set(key, window);
    }
    window.lastUsed = now;
    if (window.writing) await window.writing.catch(() => {});
    if (!window.dirty) {
      const target = window;
      target.dirty = true;
      target.writing = this.store.add(bucket, windowStart, 1);
      try {
        // The database has every flushed call and this one; calls still pending here are added on top.
        target.shared = await target.writing;
        return target.shared + target.pending;
      } catch (error) {
        target.dirty = false;
        throw error;
      } finally {
        target.writing = null;
      }
    }
    window.pending += 1;
    return window.shared + window.pending;
  }

  add(bucket: string, windowStart: number, count: number): Promise<number> {
    return this.store.add(bucket, windowStart, count);
  }

  deleteBefore(bucket: string, windowStart: number): Promise<void> {
    return this.store.deleteBefore(bucket, windowStart);
  }

  /** Adds every local count to the database and learns the shared counts back. */
  async flush(): Promise<void> {
    const now = this.clock();
    const writes: Promise<void>[] = [];
    for (const [key, window] of this.#windows) {
      if (window.flushing) continue;
      if (window.pending === 0) {
        window.dirty = false;
        if (now - window.lastUsed > this.#idleMs && !window.writing) this.#windows.delete(key);
        continue;
      }
      const [bucket, start] = key.split('\u0000') as [string, string];
      const counted = window.pending;
      window.flushing = true;
      writes.push(
        this.store
          .add(bucket, Number(start), counted)
          .then((count) => {
            window.pending -= counted;
            window.shared = count;
            window.dirty = false;
          })
          .finally(() => {
            window.flushing = false;
          }),
      );
    }
    await Promise.all(writes);
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.flush();
  }
}
