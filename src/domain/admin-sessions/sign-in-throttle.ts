import type { Admin, AdminStore } from '../admins/admin-store.ts';
import type { Clock } from '../clock.ts';
import type { FailureCount, LoginFailureStore } from './admin-session-store.ts';
import {
  ADDRESS_BACKOFF,
  afterFailure,
  type BackoffPolicy,
  USERNAME_BACKOFF,
  waitBeforeAttempt,
} from './login-backoff.ts';

/** One failed-sign-in counter and the policy that applies to it. */
interface Counter {
  readonly policy: BackoffPolicy;
  read(): Promise<FailureCount>;
  claim(expected: FailureCount, next: FailureCount): Promise<boolean>;
  clear(): Promise<void>;
}

/** An attempt that has been let through; every counter already holds it as a failure. */
export interface AttemptTicket {
  readonly counters: readonly Counter[];
}

export type AttemptDecision =
  | { readonly allowed: true; readonly ticket: AttemptTicket }
  | { readonly allowed: false; readonly retryAfterMs: number };

/** How often, at most, stale counters are swept (per process). */
const SWEEP_INTERVAL_MS = 10 * 60_000;

/**
 * Slows down repeated failed sign-ins per username and client address pair (and setup-code guesses
 * per address). The counters live in the
 * database, so the slow-down holds across every process sharing it. An attempt is counted as a failure
 * *before* the password is checked (compare-and-set), and cleared when it succeeds: parallel guesses
 * cannot all slip through between the check and the count.
 */
export class SignInThrottle {
  private lastSweep = 0;

  constructor(
    _admins: AdminStore,
    private readonly failures: LoginFailureStore,
    private readonly clock: Clock,
  ) {}

  private storedCounter(subject: string, policy: BackoffPolicy): Counter {
    return {
      policy,
      read: () => this.failures.read(subject),
      claim: (expected, next) => this.failures.claim(subject, expected, next),
      clear: () => this.failures.clear(subject),
    };
  }

  /**
   * The counter for a sign-in as `username` from `address`: one per username and address pair,
   * whether the username exists or not (so a wrong username is slowed down exactly like a wrong
   * password and reveals nothing). Nobody's failures slow down anyone else's pair, so a stranger
   * guessing from elsewhere can never keep an admin with the right password out; behind a reverse
   * proxy, `PLUGBOARD_TRUSTED_PROXIES` gives every client its own address.
   */
  countersFor(_admin: Admin | undefined, username: string, address: string | null): Counter[] {
    return [this.storedCounter(`pair:${username.toLowerCase()}|${address ?? 'unknown'}`, USERNAME_BACKOFF)];
  }

  /**
   * The counter for guesses of something that belongs to nobody (the setup code) from `address`. A
   * 100-bit code needs no global counter, and one would let a stranger keep the setup blocked.
   */
  addressCounters(address: string | null): Counter[] {
    return address === null ? [] : [this.storedCounter(`ip:${address}`, ADDRESS_BACKOFF)];
  }

  /** Lets an attempt through (counting it as a failure until {@link succeeded}) or says how long to wait. */
  async begin(counters: readonly Counter[]): Promise<AttemptDecision> {
    const now = this.clock();
    await this.sweep(now);
    const counts = await Promise.all(counters.map((counter) => counter.read()));
    const wait = Math.max(
      0,
      ...counters.map((counter, i) => waitBeforeAttempt(counts[i] as FailureCount, now, counter.policy)),
    );
    if (wait > 0) return { allowed: false, retryAfterMs: wait };
    for (const [i, counter] of counters.entries()) {
      const count = counts[i] as FailureCount;
      // Another attempt changed the counter between our read and our claim: it goes first.
      if (!(await counter.claim(count, afterFailure(count, now, counter.policy)))) {
        return { allowed: false, retryAfterMs: 1000 };
      }
    }
    return { allowed: true, ticket: { counters } };
  }

  /** The attempt was right: forget the failures it was counted as. */
  async succeeded(ticket: AttemptTicket): Promise<void> {
    for (const counter of ticket.counters) await counter.clear();
  }

  private async sweep(now: number): Promise<void> {
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    const longest = Math.max(USERNAME_BACKOFF.forgetAfterMs, ADDRESS_BACKOFF.forgetAfterMs);
    await this.failures.deleteStale(now - longest);
  }
}
