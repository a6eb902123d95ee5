import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { ConnectorCredentials } from '../../src/domain/account-connectors/account-connector.ts';
import { CredentialsUnreadableError } from '../../src/domain/account-connectors/connector-credential-store.ts';
import { connectionWithCredentials, credentialsRow } from '../support/account-rows.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

const credentials = credentialsRow();

describeOnEachDatabase('Starting a refresh in one statement', (fixture) => {
  let account = 0;
  /** A new account connector with credentials (version 1), or none. */
  const connection = async (stored: ConnectorCredentials | null = credentials) => {
    const { stores } = fixture().storage;
    return connectionWithCredentials(stores, `begin-refresh-${++account}`, stored);
  };
  const status = async (id: number) =>
    (await fixture().storage.stores.accountConnectors.findById(id))?.authStatus;

  it('shows Refreshing, takes the lease and returns the row with its credentials when the version is still the one seen', async () => {
    const { stores } = fixture().storage;
    const id = await connection();
    const start = await stores.connectorCredentials.beginRefresh(id, 1, 100, 1100);
    expect(start).toMatchObject({ claimed: true, leaseUntil: 1100, version: 1, credentials });
    expect(start?.connector).toMatchObject({ id, authStatus: 'Refreshing', updatedAt: 100 });
    // Already Refreshing under a live lease: read, neither claimed nor leased.
    const again = await stores.connectorCredentials.beginRefresh(id, 1, 200, 1200);
    expect(again).toMatchObject({ claimed: false, leaseUntil: null, version: 1, credentials });
    expect(again?.connector).toMatchObject({ updatedAt: 100, refreshBlockedUntil: 1100 });
  });

  it('takes over a refresh whose lease has passed, and the lease is renewed and given back by its fence', async () => {
    const { stores } = fixture().storage;
    const credentialStore = stores.connectorCredentials;
    const id = await connection();
    await credentialStore.beginRefresh(id, 1, 100, 1100);
    // The holder died: once its lease has passed, another takes the refresh over (not claimed: an
    // attempt of this version may be unfinished).
    const takenOver = await credentialStore.beginRefresh(id, 1, 1100, 2100);
    expect(takenOver).toMatchObject({ claimed: false, leaseUntil: 2100, version: 1, credentials });
    expect(await credentialStore.beginRefresh(id, 1, 1200, 2200)).toMatchObject({ leaseUntil: null });
    // The old holder's fence no longer renews it; the new one's does.
    expect(await credentialStore.renewRefreshLease(id, 1, 1100, 5000)).toBe(false);
    expect(await credentialStore.renewRefreshLease(id, 1, 2100, 3000)).toBe(true);
    await credentialStore.releaseRefreshLease(id, 1, 2100);
    expect(await credentialStore.beginRefresh(id, 1, 1300, 2300)).toMatchObject({ leaseUntil: null });
    await credentialStore.releaseRefreshLease(id, 1, 3000);
    // Given back: the next refresher takes it over at once.
    expect(await credentialStore.beginRefresh(id, 1, 1400, 2400)).toMatchObject({ leaseUntil: 2400 });
    // New credentials end the lease.
    await credentialStore.storeCredentials(id, credentials, 1500, { expectedVersion: 1, refreshed: true });
    expect((await stores.accountConnectors.findById(id))?.refreshBlockedUntil).toBeNull();
    expect(await credentialStore.beginRefresh(id, 2, 1600, 2600)).toMatchObject({
      claimed: true,
      leaseUntil: 2600,
    });
  });

  it('writes nothing for newer credentials, a backoff, no refresh token or a status not refreshable', async () => {
    const { stores } = fixture().storage;
    const newer = await connection();
    await stores.connectorCredentials.storeCredentials(newer, credentials, 6);
    expect(await stores.connectorCredentials.beginRefresh(newer, 1, 100, 100 + 1000)).toMatchObject({
      claimed: false,
      version: 2,
    });
    const backingOff = await connection();
    await stores.connectorCredentials.recordRefreshFailure(backingOff, 1, 'down', 500, 50);
    expect(await stores.connectorCredentials.beginRefresh(backingOff, 1, 100, 100 + 1000)).toMatchObject({
      claimed: false,
    });
    expect(await status(backingOff)).toBe('Degraded');
    // After the backoff a Degraded row is refreshed again.
    expect(await stores.connectorCredentials.beginRefresh(backingOff, 1, 600, 600 + 1000)).toMatchObject({
      claimed: true,
    });
    const noRefreshToken = await connection({ ...credentials, refreshToken: null });
    expect(await stores.connectorCredentials.beginRefresh(noRefreshToken, 1, 100, 100 + 1000)).toMatchObject({
      claimed: false,
      credentials: { refreshToken: null },
    });
    const refused = await connection();
    await stores.connectorCredentials.markNeedsReauthentication(refused, 1, 'refused', 50);
    expect(await stores.connectorCredentials.beginRefresh(refused, 1, 100, 100 + 1000)).toMatchObject({
      claimed: false,
    });
    expect(await status(refused)).toBe('NeedsReauthentication');
    const none = await connection(null);
    expect(await stores.connectorCredentials.beginRefresh(none, 0, 100, 100 + 1000)).toMatchObject({
      claimed: false,
      credentials: null,
    });
    expect(await stores.connectorCredentials.beginRefresh(999_999, 1, 100, 100 + 1000)).toBeUndefined();
  });

  it('puts the status back when the credentials cannot be decrypted', async () => {
    const { stores, database } = fixture().storage;
    const id = await connection();
    await sql`update account_connectors set access_token_ct = refresh_token_ct where id = ${id}`.execute(
      database.db,
    );
    await expect(stores.connectorCredentials.beginRefresh(id, 1, 100, 100 + 1000)).rejects.toBeInstanceOf(
      CredentialsUnreadableError,
    );
    expect(await status(id)).toBe('Authenticated');
    expect((await fixture().storage.stores.accountConnectors.findById(id))?.refreshBlockedUntil).toBeNull();
  });
});
