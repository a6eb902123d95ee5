import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { ConnectorCredentials } from '../../src/domain/account-connectors/account-connector.ts';
import { CredentialsUnreadableError } from '../../src/domain/account-connectors/connector-credential-store.ts';
import { accountRow } from '../support/account-rows.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

const credentials: ConnectorCredentials = {
  accessToken: 'access',
  refreshToken: 'refresh',
  tokenType: 'bearer',
  expiresAt: 10_000_000,
  refreshExpiresAt: null,
  scope: null,
  metadata: { a: 'b' },
};

describeOnEachDatabase('Starting a refresh in one statement', (fixture) => {
  let account = 0;
  /** A new account connector with credentials (version 1), or none. */
  const connection = async (stored: ConnectorCredentials | null = credentials) => {
    const { stores } = fixture().storage;
    const accountId = `begin-refresh-${++account}`;
    await stores.accounts.insert(accountRow(accountId, { createdAt: 1 }));
    const { id } = await stores.accountConnectors.insert({
      accountId,
      connectorId: 1,
      name: 'c',
      description: null,
      createdAt: 1,
    });
    if (stored) await stores.connectorCredentials.storeCredentials(id, stored, 5);
    return id;
  };
  const status = async (id: number) =>
    (await fixture().storage.stores.accountConnectors.findById(id))?.authStatus;

  it('shows Refreshing and returns the row with its credentials when the version is still the one seen', async () => {
    const { stores } = fixture().storage;
    const id = await connection();
    const start = await stores.connectorCredentials.beginRefresh(id, 1, 100);
    expect(start).toMatchObject({ claimed: true, version: 1, credentials });
    expect(start?.connector).toMatchObject({ id, authStatus: 'Refreshing', updatedAt: 100 });
    // Already Refreshing (as a refresher that died leaves it): read, not claimed again.
    const again = await stores.connectorCredentials.beginRefresh(id, 1, 200);
    expect(again).toMatchObject({ claimed: false, version: 1, credentials });
    expect(again?.connector.updatedAt).toBe(100);
  });

  it('writes nothing for newer credentials, a backoff, no refresh token or a status not refreshable', async () => {
    const { stores } = fixture().storage;
    const newer = await connection();
    await stores.connectorCredentials.storeCredentials(newer, credentials, 6);
    expect(await stores.connectorCredentials.beginRefresh(newer, 1, 100)).toMatchObject({
      claimed: false,
      version: 2,
    });
    const backingOff = await connection();
    await stores.connectorCredentials.recordRefreshFailure(backingOff, 1, 'down', 500, 50);
    expect(await stores.connectorCredentials.beginRefresh(backingOff, 1, 100)).toMatchObject({
      claimed: false,
    });
    expect(await status(backingOff)).toBe('Degraded');
    // After the backoff a Degraded row is refreshed again.
    expect(await stores.connectorCredentials.beginRefresh(backingOff, 1, 600)).toMatchObject({
      claimed: true,
    });
    const noRefreshToken = await connection({ ...credentials, refreshToken: null });
    expect(await stores.connectorCredentials.beginRefresh(noRefreshToken, 1, 100)).toMatchObject({
      claimed: false,
      credentials: { refreshToken: null },
    });
    const refused = await connection();
    await stores.connectorCredentials.markNeedsReauthentication(refused, 1, 'refused', 50);
    expect(await stores.connectorCredentials.beginRefresh(refused, 1, 100)).toMatchObject({
      claimed: false,
    });
    expect(await status(refused)).toBe('NeedsReauthentication');
    const none = await connection(null);
    expect(await stores.connectorCredentials.beginRefresh(none, 0, 100)).toMatchObject({
      claimed: false,
      credentials: null,
    });
    expect(await stores.connectorCredentials.beginRefresh(999_999, 1, 100)).toBeUndefined();
  });

  it('puts the status back when the credentials cannot be decrypted', async () => {
    const { stores, database } = fixture().storage;
    const id = await connection();
    await sql`update account_connectors set access_token_ct = refresh_token_ct where id = ${id}`.execute(
      database.db,
    );
    await expect(stores.connectorCredentials.beginRefresh(id, 1, 100)).rejects.toBeInstanceOf(
      CredentialsUnreadableError,
    );
    expect(await status(id)).toBe('Authenticated');
  });
});
