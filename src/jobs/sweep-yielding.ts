/** What background work yields to: the HTTP requests being served now, and a lagging event loop. */
export interface PartnerTraffic {
  /** HTTP requests received whose response has not finished yet. */
  requestsInFlight(): number;
  /** Whether the event loop has lately been late by more than its threshold. */
  lagging(): boolean;
}

/** How often a refresh slot held back by partner traffic looks again. */
export const YIELD_RECHECK_MS = 25;

/**
 * How many refreshes the sweep may have in flight now: its full concurrency when nothing is being
 * served, one fewer for each HTTP request in flight, and only one while the event loop lags — never
 * fewer than one, so the sweep always moves on. A refresh due now can wait a little; a partner's
 * request cannot.
 */
export function refreshesAllowed(concurrency: number, traffic: PartnerTraffic | undefined): number {
  if (!traffic) return concurrency;
  if (traffic.lagging()) return 1;
  return Math.max(1, concurrency - traffic.requestsInFlight());
}
