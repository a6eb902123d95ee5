const HOUR_MS = 3_600_000;

/** The outcome of counting one request, with the values of the `X-RateLimit-*` headers. */
export interface RateLimitQuota {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** UTC epoch seconds when the window resets. */
  resetEpochSeconds: number;
}

/**
 * Capsule's per-user hourly limit, as a fixed window aligned to the clock hour (the window type is
 * undocumented; a fixed one makes `X-RateLimit-Reset` exact and tests predictable).
 */
export class HourlyRateLimiter {
  private readonly windows = new Map<number, { start: number; used: number }>();

  take(userId: number, limit: number, now: number): RateLimitQuota {
    const start = Math.floor(now / HOUR_MS) * HOUR_MS;
    let window = this.windows.get(userId);
    if (window === undefined || window.start !== start) {
      window = { start, used: 0 };
      this.windows.set(userId, window);
    }
    const resetEpochSeconds = (start + HOUR_MS) / 1000;
    if (window.used >= limit) {
      return { allowed: false, limit, remaining: 0, resetEpochSeconds };
    }
    window.used += 1;
    return { allowed: true, limit, remaining: limit - window.used, resetEpochSeconds };
  }
}
