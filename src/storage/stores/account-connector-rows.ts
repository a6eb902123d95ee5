import type { Selectable } from 'kysely';
import type { AccountConnector, AuthStatus } from '../../domain/account-connectors/account-connector.ts';
import type { AccountConnectorRow } from '../schema.ts';

type Row = Pick<Selectable<AccountConnectorRow>, (typeof ACCOUNT_CONNECTOR_COLUMNS)[number]>;

export function toAccountConnector(row: Row): AccountConnector {
  return {
    id: Number(row.id),
    accountId: row.account_id,
    connectorId: Number(row.connector_id),
    name: row.name,
    description: row.description,
    authStatus: row.auth_status as AuthStatus,
    credentialsVersion: Number(row.credentials_version),
    tokenExpiresAt: row.token_expires_at,
    authenticatedAt: row.authenticated_at,
    lastRefreshAt: row.last_refresh_at,
    lastUsedAt: row.last_used_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    refreshFailures: Number(row.refresh_failures),
    refreshBlockedUntil: row.refresh_blocked_until,
    rateLimitedUntil: row.rate_limited_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns an account connector's view needs: never the sealed tokens. */
export const ACCOUNT_CONNECTOR_COLUMNS = [
  'id',
  'account_id',
  'connector_id',
  'name',
  'description',
  'auth_status',
  'credentials_version',
  'token_expires_at',
  'authenticated_at',
  'last_refresh_at',
  'last_used_at',
  'last_error',
  'last_error_at',
  'refresh_failures',
  'refresh_blocked_until',
  'rate_limited_until',
  'created_at',
  'updated_at',
] as const;
