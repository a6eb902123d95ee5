import type { BudgetGrant, RequestBudget } from '../../runtime/ports.ts';
import type { RateLimitSignal } from '../../runtime/rate-limit-signals.ts';
import type { AccountConnector } from '../account-connectors/account-connector.ts';
import type { AccountConnectorStore } from '../account-connectors/account-connector-store.ts';
import type { Clock } from '../clock.ts';

const HOUR_MS = 60 * 60 * 1000;

/** Counts requests per bucket and fixed window, atomically across processes. */
export interface RequestCounter {
  increment(bucket: string, windowStart: number): Promise<number>;
}

/**
 * The proactive budget of one account connector: the setup's requests per hour (Capsule: 4,000 per user,
 * in a fixed hourly window), counted in the database so every process shares it, and the provider's own
 * "come back at" time after it reported its limit exhausted.
 */
export class AccountConnectorBudget implements RequestBudget {
  #blockedUntil: number | null;

  constructor(
    private readonly connector: AccountConnector,
    private readonly requestsPerHour: number,
    private readonly counter: RequestCounter,
    private readonly store: AccountConnectorStore,
    private readonly clock: Clock,
  ) {
    this.#blockedUntil = connector.rateLimitedUntil;
  }

  async take(): Promise<BudgetGrant> {
    const now = this.clock();
    if (this.#blockedUntil !== null && this.#blockedUntil > now)
      return { granted: false, retryAfterMs: this.#blockedUntil - now };
    if (this.requestsPerHour <= 0) return { granted: true };
    const windowStart = now - (now % HOUR_MS);
    const count = await this.counter.increment(`account-connector:${this.connector.id}`, windowStart);
    return count <= this.requestsPerHour
      ? { granted: true }
      : { granted: false, retryAfterMs: windowStart + HOUR_MS - now };
  }

  async observe(signal: RateLimitSignal): Promise<void> {
    const until =
      signal.blockedUntil ??
      (signal.remaining === 0 && signal.resetAt !== undefined ? signal.resetAt : undefined);
    if (until === undefined || until <= this.clock()) return;
    this.#blockedUntil = until;
    await this.store.setRateLimitedUntil(this.connector.id, Math.ceil(until));
  }
}
