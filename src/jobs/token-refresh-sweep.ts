import type { ConnectorCatalog } from '../connectors/catalog.ts';
import type { AccountConnector } from '../domain/account-connectors/account-connector.ts';
import type { Clock } from '../domain/clock.ts';
import type { Stores } from '../domain/stores.ts';
import type { TokenRefresher } from '../domain/token-refresh/token-refresher.ts';

export const TOKEN_REFRESH_SWEEP = 'token-refresh-sweep';

export interface SweepOptions {
  readonly stores: Stores;
  readonly catalog: ConnectorCatalog;
  readonly refresher: TokenRefresher;
  readonly clock: Clock;
  /** Time between full passes. */
  readonly intervalMs: number;
  /** Connections looked at per run; a pass over more continues in the next run, right away. */
  readonly batchSize?: number;
  /** Refreshes in flight at once. */
  readonly concurrency?: number;
  readonly onRefreshError?: (connector: AccountConnector, error: unknown) => void;
}

/** Where a pass over the due connections continues (0: from the start). */
export interface SweepPayload {
  readonly afterId: number;
}

/** The sweep's next run: when, and from where. */
export interface SweepNext {
  readonly runAt: number;
  readonly payload: SweepPayload;
}

/**
 * The background refresh: refreshes tokens that expire within their connector's margin, and tokens not
 * refreshed for the connector's keep-alive period (so refresh tokens that die when idle stay alive). It
 * pages through every due connection with a cursor kept in the job, so none is starved; the refresher's
 * lease makes each connection refresh once even if processes overlap.
 */
export function tokenRefreshSweep(options: SweepOptions): (payload: SweepPayload) => Promise<SweepNext> {
  const batchSize = options.batchSize ?? 200;
  const concurrency = options.concurrency ?? 4;
  const definitions = options.catalog.definitions;
  const widestMargin = Math.max(0, ...definitions.map((d) => d.auth.refreshMarginSeconds)) * 1000;
  const shortestKeepAlive = Math.min(...definitions.map((d) => d.auth.keepAliveSeconds)) * 1000;

  return async ({ afterId }) => {
    const now = options.clock();
    const candidates = await options.stores.accountConnectors.dueForRefresh({
      expiringBefore: now + widestMargin,
      idleSince: now - shortestKeepAlive,
      now,
      afterId,
      limit: batchSize,
    });
    const due = candidates.filter((connector) => {
      const auth = options.catalog.byId(connector.connectorId)?.auth;
      if (!auth) return false;
      const expiring =
        connector.tokenExpiresAt !== null &&
        connector.tokenExpiresAt < now + auth.refreshMarginSeconds * 1000;
      const lastTouched = connector.lastRefreshAt ?? connector.authenticatedAt ?? connector.createdAt;
      return expiring || lastTouched < now - auth.keepAliveSeconds * 1000;
    });
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const connector = due[next++] as AccountConnector;
        try {
          await options.refresher.refresh(connector.id, connector.credentialsVersion);
        } catch (error) {
          options.onRefreshError?.(connector, error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
    const more = candidates.length === batchSize;
    const last = candidates[candidates.length - 1];
    return {
      runAt: more ? options.clock() : now + options.intervalMs,
      payload: { afterId: more && last ? last.id : 0 },
    };
  };
}
