import type { ConnectorDefinition } from '../../connectors/connector-definition.ts';
import type { AccountConnector } from '../account-connectors/account-connector.ts';

/** Statuses in which the sweep refreshes a connection. */
const REFRESHABLE = new Set(['Authenticated', 'Degraded', 'Refreshing']);

/**
 * When the refresh sweep should refresh a connection: its access token's expiry less the connector's
 * margin, or its keep-alive period after it was last refreshed (or authenticated), whichever is first.
 */
export function refreshDueAt(
  auth: ConnectorDefinition['auth'],
  expiresAt: number | null,
  lastTouchedAt: number,
): number {
  const keepAlive = lastTouchedAt + auth.keepAliveSeconds * 1000;
  return expiresAt === null ? keepAlive : Math.min(expiresAt - auth.refreshMarginSeconds * 1000, keepAlive);
}

/**
 * When the sweep should look at this connection: `null` when there is nothing it could do (no refresh
 * possible in this status), else its due time, or the end of a backoff if that is later.
 */
export function nextSweepAt(auth: ConnectorDefinition['auth'], connector: AccountConnector): number | null {
  if (!REFRESHABLE.has(connector.authStatus)) return null;
  const touched = connector.lastRefreshAt ?? connector.authenticatedAt ?? connector.createdAt;
  const due = refreshDueAt(auth, connector.tokenExpiresAt, touched);
  return connector.refreshBlockedUntil !== null ? Math.max(due, connector.refreshBlockedUntil) : due;
}
