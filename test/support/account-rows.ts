import type { ConnectorCredentials } from '../../src/domain/account-connectors/account-connector.ts';
import type { Account } from '../../src/domain/accounts/account.ts';
import type { Stores } from '../../src/domain/stores.ts';

/** An account row for the stores: named `Account {id}`, created at 1, every optional field empty. */
export function accountRow(id: string, overrides: Partial<Account> = {}): Account {
  return {
    id,
    name: `Account ${id}`,
    description: null,
    timezone: null,
    createdAt: 1,
    nextBillDate: 0,
    auditInfo: null,
    taskAuditInfo: null,
    stepDataSuccessRetentionHours: null,
    stepDataErroredRetentionHours: null,
    transactionErrorWebhookEnabled: null,
    transactionErrorWebhookUrl: null,
    transactionErrorWebhookIncludeWarnings: null,
    ...overrides,
  };
}

/** OAuth credentials for the stores: access and refresh tokens, valid until far ahead. */
export function credentialsRow(overrides: Partial<ConnectorCredentials> = {}): ConnectorCredentials {
  return {
    accessToken: 'access',
    refreshToken: 'refresh',
    tokenType: 'bearer',
    expiresAt: 10_000_000,
    refreshExpiresAt: null,
    scope: null,
    metadata: { a: 'b' },
    ...overrides,
  };
}

/** A new account `accountId` with one account connector, holding `credentials` (version 1) unless null; its id. */
export async function connectionWithCredentials(
  stores: Stores,
  accountId: string,
  credentials: ConnectorCredentials | null = credentialsRow(),
): Promise<number> {
  await stores.accounts.insert(accountRow(accountId, { createdAt: 1 }));
  const { id } = await stores.accountConnectors.insert({
    accountId,
    connectorId: 1,
    name: 'c',
    description: null,
    createdAt: 1,
  });
  if (credentials) await stores.connectorCredentials.storeCredentials(id, credentials, 5);
  return id;
}
