import type { AccountConnector } from '../account-connectors/account-connector.ts';
import { requestResume } from '../cycle-engine/reauthentication-resume.ts';
import { requestReconcile } from '../inbound-webhooks/subscription-jobs.ts';
import type { Stores } from '../stores.ts';
import { emitPartnerEvent } from './event-outbox.ts';

type Connection = Pick<AccountConnector, 'id' | 'accountId' | 'name'>;

const data = (connection: Connection, extra: Record<string, unknown> = {}) => ({
  AccountConnectorName: connection.name,
  ...extra,
});

/**
 * The partner events of a connection's life, each written in the caller's transaction (the one that
 * changes the credentials). Authenticating also asks for the provider subscriptions to be made —
 * again, with `renew`, when the connection was authenticated before (re-authentication) — and for
 * the account's cycle transactions parked for re-authentication to resume.
 */
export async function connectionAuthenticated(
  tx: Stores,
  connection: Connection,
  at: number,
  options: { reauthenticated: boolean },
): Promise<void> {
  await emitPartnerEvent(
    tx,
    {
      type: 'account_connector.authenticated',
      accountId: connection.accountId,
      accountConnectorId: connection.id,
      data: data(connection, { Reauthenticated: options.reauthenticated }),
    },
    at,
  );
  await requestReconcile(tx, connection, at, { renew: options.reauthenticated });
  await requestResume(tx, connection, at);
}

export async function connectionDeauthenticated(
  tx: Stores,
  connection: Connection,
  at: number,
): Promise<void> {
  await emitPartnerEvent(
    tx,
    {
      type: 'account_connector.deauthenticated',
      accountId: connection.accountId,
      accountConnectorId: connection.id,
      data: data(connection),
    },
    at,
  );
}

export async function connectionNeedsReauthentication(
  tx: Stores,
  connection: Connection,
  reason: string,
  at: number,
): Promise<void> {
  await emitPartnerEvent(
    tx,
    {
      type: 'account_connector.needs_reauthentication',
      accountId: connection.accountId,
      accountConnectorId: connection.id,
      data: data(connection, { Reason: reason }),
    },
    at,
  );
}

export async function connectionDegraded(
  tx: Stores,
  connection: Connection,
  reason: string,
  retryAt: number,
  at: number,
): Promise<void> {
  await emitPartnerEvent(
    tx,
    {
      type: 'account_connector.degraded',
      accountId: connection.accountId,
      accountConnectorId: connection.id,
      data: data(connection, { Reason: reason, RetryAtUtc: new Date(retryAt).toISOString() }),
    },
    at,
  );
}
