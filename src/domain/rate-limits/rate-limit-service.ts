import type { Clock } from '../clock.ts';
import type { RateLimitStore } from './rate-limit-store.ts';

export const RATE_LIMIT_WINDOW_MS = 60_000;

/** The state of one caller's budget after counting a request. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Requests allowed per window. */
  readonly limit: number;
  /** Requests left in this window (0 once refused). */
  readonly remaining: number;
  /** When the window ends, epoch milliseconds. */
  readonly resetAt: number;
  /** Whole seconds until the window ends (at least 1). */
  readonly retryAfterSeconds: number;
}

/**
 * A fixed one-minute window per caller, counted in the database so every process shares it. Each
 * caller has its own bucket: one client flooding the API does not use up another's budget.
 */
export class RateLimitService {
  constructor(
    private readonly store: RateLimitStore,
    /** Requests per minute per bucket; 0 turns limiting off. */
    private readonly limitPerMinute: number,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return this.limitPerMinute > 0;
  }

  /** Counts one request against `bucket`; `null` when limiting is off. */
  async consume(bucket: string): Promise<RateLimitDecision | null> {
    if (!this.enabled) return null;
    const now = this.clock();
    const windowStart = now - (now % RATE_LIMIT_WINDOW_MS);
    const count = await this.store.increment(bucket, windowStart);
    // The first request of a window tidies the bucket's old windows: one indexed delete a minute.
    if (count === 1) await this.store.deleteBefore(bucket, windowStart);
    const resetAt = windowStart + RATE_LIMIT_WINDOW_MS;
    return {
      allowed: count <= this.limitPerMinute,
      limit: this.limitPerMinute,
      remaining: Math.max(0, this.limitPerMinute - count),
      resetAt,
      retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
    };
  }
}
