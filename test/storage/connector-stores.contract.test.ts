import { expect, it } from 'vitest';
import type { ConnectorCredentials } from '../../src/domain/account-connectors/account-connector.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

const credentials = (n: number): ConnectorCredentials => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  tokenType: 'bearer',
  expiresAt: 1_000_000 + n,
  refreshExpiresAt: null,
  scope: 'read write',
  metadata: { subdomain: 'exampleco' },
});

describeOnEachDatabase('ConnectorSetupStore and AccountConnectorStore contract', (fixture) => {
  it('saves and replaces a connector setup, sealing the client secret', async () => {
    const { stores, database } = fixture().storage;
    const setup = {
      connectorId: 5801,
      clientId: 'id-1',
      clientSecret: 'secret-1',
      authoriseUrl: null,
      accessTokenUrl: 'https://token.example/t',
      apiBaseUrl: null,
      scopes: null,
      tokenAuthMethod: 'client_secret_basic' as const,
      issuer: null,
      requestsPerHour: 10,
      updatedAt: 5,
    };
    await stores.connectorSetups.save(setup);
    await stores.connectorSetups.save({ ...setup, clientSecret: 'secret-2', updatedAt: 6 });
    expect(await stores.connectorSetups.find(5801)).toEqual({
      ...setup,
      clientSecret: 'secret-2',
      updatedAt: 6,
    });
    const raw = await database.db
      .selectFrom('connector_setups')
      .select('client_secret_ct')
      .executeTakeFirstOrThrow();
    expect(raw.client_secret_ct).not.toContain('secret-2');
    expect(await stores.connectorSetups.find(1)).toBeUndefined();

    const { clientSecret: _, ...withoutSecret } = setup;
    expect(await stores.connectorSetups.findSummary(5801)).toEqual({
      ...withoutSecret,
      hasClientSecret: true,
      updatedAt: 6,
    });
    await stores.connectorSetups.save({ ...setup, clientSecret: null, updatedAt: 7 });
    expect((await stores.connectorSetups.findSummary(5801))?.hasClientSecret).toBe(false);
    expect(await stores.connectorSetups.findSummary(1)).toBeUndefined();
  });

  it('inserts account connectors scoped to their account', async () => {
    const { stores, database } = fixture().storage;
    await database.db
      .insertInto('accounts')
      .values([
        { id: 'a', name: 'A', created_at: 1, next_bill_date: 1 },
        { id: 'b', name: 'B', created_at: 1, next_bill_date: 1 },
      ])
      .execute();
    const created = await stores.accountConnectors.insert({
      accountId: 'a',
      connectorId: 5801,
      name: 'CRM',
      description: null,
      createdAt: 10,
    });
    expect(created).toMatchObject({
      accountId: 'a',
      name: 'CRM',
      authStatus: 'Unauthenticated',
      credentialsVersion: 0,
    });
    expect(await stores.accountConnectors.find('a', created.id)).toEqual(created);
    expect(await stores.accountConnectors.find('b', created.id)).toBeUndefined();
    expect(await stores.accountConnectors.findIdByName('a', 'crm')).toBe(created.id);
    expect(await stores.accountConnectors.findIdByName('a', 'crm', created.id)).toBeUndefined();
    expect(await stores.accountConnectors.findIdByName('b', 'CRM')).toBeUndefined();
    expect(await stores.accountConnectors.delete('b', created.id)).toBe(false);
    const page = await stores.accountConnectors.list('a', { offset: 0, limit: 10 });
    expect(page.total).toBe(1);
  });

  it('stores credentials with a version that compare-and-set guards', async () => {
    const { stores } = fixture().storage;
    const [connector] = (await stores.accountConnectors.list('a', { offset: 0, limit: 1 })).items;
    if (!connector) throw new Error('missing connector');
    const v1 = await stores.connectorCredentials.storeCredentials(connector.id, credentials(1), 20);
    expect(v1).toBe(1);
    expect(await stores.connectorCredentials.readCredentials(connector.id)).toEqual({
      credentials: credentials(1),
      version: 1,
    });
    expect(
      await stores.connectorCredentials.storeCredentials(connector.id, credentials(2), 21, {
        expectedVersion: 0,
      }),
    ).toBeNull();
    expect((await stores.connectorCredentials.readCredentials(connector.id))?.credentials.refreshToken).toBe(
      'refresh-1',
    );
    expect(
      await stores.connectorCredentials.storeCredentials(connector.id, credentials(2), 22, {
        expectedVersion: 1,
        refreshed: true,
      }),
    ).toBe(2);
    const after = await stores.accountConnectors.findById(connector.id);
    expect(after).toMatchObject({
      authStatus: 'Authenticated',
      credentialsVersion: 2,
      lastRefreshAt: 22,
      tokenExpiresAt: 1_000_002,
    });
    await stores.connectorCredentials.clearCredentials(connector.id, 30);
    expect(await stores.connectorCredentials.readCredentials(connector.id)).toBeUndefined();
    expect(await stores.accountConnectors.findById(connector.id)).toMatchObject({
      authStatus: 'Unauthenticated',
      credentialsVersion: 3,
    });
  });

  it('reads the access token with its status and version in one call, and says when there is none', async () => {
    const { stores } = fixture().storage;
    const connector = await stores.accountConnectors.insert({
      accountId: 'a',
      connectorId: 5801,
      name: 'Token reader',
      description: null,
      createdAt: 40,
    });
    expect(await stores.connectorCredentials.readAccessToken(connector.id)).toEqual({
      connectorId: 5801,
      authStatus: 'Unauthenticated',
      version: 0,
      accessToken: null,
      expiresAt: null,
      hasRefreshToken: false,
    });
    await stores.connectorCredentials.storeCredentials(connector.id, credentials(7), 41);
    expect(await stores.connectorCredentials.readAccessToken(connector.id)).toEqual({
      connectorId: 5801,
      authStatus: 'Authenticated',
      version: 1,
      accessToken: 'access-7',
      expiresAt: 1_000_007,
      hasRefreshToken: true,
    });
    await stores.connectorCredentials.storeCredentials(
      connector.id,
      { ...credentials(8), refreshToken: null },
      42,
    );
    expect(await stores.connectorCredentials.readAccessToken(connector.id)).toMatchObject({
      version: 2,
      accessToken: 'access-8',
      hasRefreshToken: false,
    });
    expect(await stores.connectorCredentials.readAccessToken(999_999)).toBeUndefined();
  });

  it('keeps property names unique per account connector and orders them', async () => {
    const { stores } = fixture().storage;
    const [connector] = (await stores.accountConnectors.list('a', { offset: 0, limit: 1 })).items;
    if (!connector) throw new Error('missing connector');
    const zeta = await stores.connectorProperties.insert(connector.id, 'Zeta', '1', 1);
    await stores.connectorProperties.insert(connector.id, 'Alpha', '2', 2);
    expect(await stores.connectorProperties.insert(connector.id, 'Zeta', '3', 3)).toBeUndefined();
    const byName = await stores.connectorProperties.list(connector.id, {
      by: 'Name',
      ascending: true,
    });
    expect(byName.map((p) => p.name)).toEqual(['Alpha', 'Zeta']);
    expect(await stores.connectorProperties.update(connector.id, zeta?.id ?? 0, 'z')).toMatchObject({
      value: 'z',
    });
    expect(await stores.connectorProperties.delete(connector.id, zeta?.id ?? 0)).toBe(true);
    expect(await stores.connectorProperties.delete(connector.id, zeta?.id ?? 0)).toBe(false);
  });

  it('deletes account connectors and their properties with their account', async () => {
    const { stores, database } = fixture().storage;
    await database.db.deleteFrom('accounts').where('id', '=', 'a').execute();
    expect((await stores.accountConnectors.list('a', { offset: 0, limit: 10 })).total).toBe(0);
    const orphans = await database.db.selectFrom('account_connector_properties').selectAll().execute();
    expect(orphans).toEqual([]);
  });
});
