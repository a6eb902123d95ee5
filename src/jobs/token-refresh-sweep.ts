import type { ConnectorCatalog } from '../connectors/catalog.ts';
import type { AccountConnector } from '../domain/account-connectors/account-connector.ts';
import { CredentialsUnreadableError } from '../domain/account-connectors/connector-credential-store.ts';
import type { Clock } from '../domain/clock.ts';
import type { Stores } from '../domain/stores.ts';
import { nextSweepAt } from '../domain/token-refresh/refresh-schedule.ts';
import type { TokenRefresher } from '../domain/token-refresh/token-refresher.ts';
import { type PartnerTraffic, refreshesAllowed, YIELD_RECHECK_MS } from './sweep-yielding.ts';

export const TOKEN_REFRESH_SWEEP = 'token-refresh-sweep';

export interface SweepOptions {
  readonly stores: Stores;
  readonly catalog: ConnectorCatalog;
  readonly refresher: TokenRefresher;
  readonly clock: Clock;
  /** Time between passes. */
  readonly intervalMs: number;
  /** Connections looked at per run; a pass over more continues in the next run, right away. */
  readonly batchSize?: number;
  /** Refreshes in flight at once, at most (fewer while partner traffic is served: see `yieldTo`). */
  readonly concurrency?: number;
  /** The partner traffic the sweep yields to (`refreshesAllowed`); none: always `concurrency`. */
  readonly yieldTo?: PartnerTraffic;
  /** Waits while a refresh slot is held back (tests pass their own). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onRefreshError?: (connector: AccountConnector, error: unknown) => void;
  /** Called once per connection whose stored credentials cannot be decrypted (it is then left alone). */
  readonly onUnreadable?: (connector: AccountConnector, error: unknown) => void;
}

/** Where a pass stands: after this `(dueAt, id)`, or at the start. */
export interface SweepPayload {
  readonly after: { readonly dueAt: number; readonly id: number } | null;
}

/** The sweep's next run: when, and from where. */
export interface SweepNext {
  readonly runAt: number;
  readonly payload: SweepPayload;
}

/**
 * The background refresh: refreshes tokens that expire within their connector's margin, and tokens not
 * refreshed for the connector's keep-alive period (so refresh tokens that die when idle stay alive).
 * Each connection carries `next_refresh_at` (indexed), so a pass reads only what is due — nothing when
 * nothing is — in `(due, id)` order with a cursor kept in the job, so none is starved. A row that turns
 * out not to be due yet is rescheduled, all of a batch in one transaction; a row whose credentials
 * cannot be decrypted is marked, reported once and not looked at again until new credentials arrive.
 * The refresher's lease makes each connection refresh once even if processes overlap. While HTTP
 * requests are in flight (or the event loop lags) fewer refreshes run at once, never fewer than one.
 */
export function tokenRefreshSweep(options: SweepOptions): (payload: SweepPayload) => Promise<SweepNext> {
  const batchSize = options.batchSize ?? 200;
  const concurrency = options.concurrency ?? 4;
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  return async ({ after }) => {
    const now = options.clock();
    const candidates = await options.stores.connectorCredentials.dueForRefresh({
      now,
      after,
      limit: batchSize,
    });
    const reschedule: { id: number; nextRefreshAt: number | null }[] = [];
    const due: AccountConnector[] = [];
    for (const { connector } of candidates) {
      const auth = options.catalog.byId(connector.connectorId)?.auth;
      const next = auth ? nextSweepAt(auth, connector) : null;
      if (next === null || next > now) reschedule.push({ id: connector.id, nextRefreshAt: next });
      else due.push(connector);
    }
    await options.stores.connectorCredentials.scheduleRefresh(reschedule);
    let next = 0;
    let inFlight = 0;
    const worker = async () => {
      while (next < due.length) {
        // A slot over what partner traffic allows now waits and looks again; one always goes on.
        if (inFlight >= refreshesAllowed(concurrency, options.yieldTo)) {
          await sleep(YIELD_RECHECK_MS);
          continue;
        }
        const connector = due[next++] as AccountConnector;
        inFlight++;
        try {
          await options.refresher.refresh(connector.id, connector.credentialsVersion);
        } catch (error) {
          if (error instanceof CredentialsUnreadableError) {
            if (await options.stores.connectorCredentials.markUnreadable(connector.id, options.clock()))
              options.onUnreadable?.(connector, error);
          } else {
            options.onRefreshError?.(connector, error);
          }
        } finally {
          inFlight--;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
    const more = candidates.length === batchSize;
    const last = candidates[candidates.length - 1];
    return {
      runAt: more ? options.clock() : now + options.intervalMs,
      payload: { after: more && last ? { dueAt: last.dueAt, id: last.connector.id } : null },
    };
  };
}
