import { expect, it } from 'vitest';
import type { NewOAuthFlow } from '../../src/domain/oauth-flows/oauth-flow.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

const flow = (id: string, overrides: Partial<NewOAuthFlow> = {}): NewOAuthFlow => ({
  id,
  accountConnectorId: 0,
  accountId: 'acct',
  connectorId: 5801,
  username: 'ada',
  browserBindingHash: `binding-${id}`,
  redirectUri: 'http://localhost:3000/connector/callback',
  targetOrigin: 'https://app.example.com',
  redirectUrl: null,
  callbackMessage: 'done',
  clientId: 'client',
  authoriseUrl: 'https://auth.example/authorise',
  accessTokenUrl: 'https://auth.example/token',
  issuer: null,
  createdAt: 1_000,
  expiresAt: 11_000,
  ...overrides,
});

describeOnEachDatabase('OAuthFlowStore, RefreshAttemptStore and AuditStore contract', (fixture) => {
  let connectorId = 0;

  it('prepares an account with one account connector', async () => {
    const { stores, database } = fixture().storage;
    await database.db
      .insertInto('accounts')
      .values({ id: 'acct', name: 'Acct', created_at: 1, next_bill_date: 1 })
      .execute();
    const created = await stores.accountConnectors.insert({
      accountId: 'acct',
      connectorId: 5801,
      name: 'CRM',
      description: null,
      createdAt: 1,
    });
    connectorId = created.id;
    expect(connectorId).toBeGreaterThan(0);
  });

  it('starts a flow once, before it expires, and keeps the PKCE verifier sealed', async () => {
    const { stores, database } = fixture().storage;
    await stores.oauthFlows.insert(flow('f1', { accountConnectorId: connectorId }));
    expect(await stores.oauthFlows.find('f1')).toMatchObject({
      id: 'f1',
      authorizationStartedAt: null,
      consumedAt: null,
      outcome: null,
    });
    expect(await stores.oauthFlows.startAuthorization('f1', 'state-hash-1', 'verifier-secret', 2_000)).toBe(
      true,
    );
    expect(await stores.oauthFlows.startAuthorization('f1', 'state-hash-2', 'other', 2_001)).toBe(false);
    expect((await stores.oauthFlows.findByStateHash('state-hash-1'))?.id).toBe('f1');
    expect(await stores.oauthFlows.findByStateHash('state-hash-2')).toBeUndefined();
    expect(await stores.oauthFlows.readCodeVerifier('f1')).toBe('verifier-secret');
    const raw = JSON.stringify(await database.db.selectFrom('oauth_flows').selectAll().execute());
    expect(raw).not.toContain('verifier-secret');

    await stores.oauthFlows.insert(flow('late', { accountConnectorId: connectorId }));
    expect(await stores.oauthFlows.startAuthorization('late', 'state-late', 'v', 11_001)).toBe(false);
  });

  it('consumes a flow exactly once and only before it expires', async () => {
    const { stores } = fixture().storage;
    expect(await stores.oauthFlows.consume('f1', 3_000)).toBe(true);
    expect(await stores.oauthFlows.consume('f1', 3_001)).toBe(false);
    expect(await stores.oauthFlows.consume('late', 11_001)).toBe(false);
    await stores.oauthFlows.recordOutcome('f1', 'authenticated');
    expect(await stores.oauthFlows.find('f1')).toMatchObject({
      consumedAt: 3_000,
      outcome: 'authenticated',
    });
  });

  it('deletes expired flows in batches of the size asked for', async () => {
    const { stores } = fixture().storage;
    for (const id of ['x1', 'x2', 'x3']) {
      await stores.oauthFlows.insert(flow(id, { accountConnectorId: connectorId, expiresAt: 500 }));
    }
    expect(await stores.oauthFlows.deleteExpired(600, 2)).toBe(2);
    expect(await stores.oauthFlows.deleteExpired(600, 10)).toBe(1);
    expect(await stores.oauthFlows.find('x3')).toBeUndefined();
    expect(await stores.oauthFlows.find('f1')).toBeDefined();
  });

  it('journals refresh attempts and shows the ones whose holder never finished', async () => {
    const { refreshAttempts } = fixture().storage.stores;
    const open = (holder: string, version: number) =>
      refreshAttempts.open({
        accountConnectorId: connectorId,
        credentialsVersion: version,
        refreshTokenHash: `hash-${holder}`,
        holder,
        startedAt: 100,
      });
    const finished = await open('p1', 3);
    const dangling = await open('p2', 3);
    await open('p3', 4);
    await refreshAttempts.finish(finished, 'refreshed', 200);
    expect(await refreshAttempts.unfinished(connectorId, 3)).toEqual([
      { id: dangling, holder: 'p2', startedAt: 100 },
    ]);
    const all = await refreshAttempts.list(connectorId);
    expect(all.map((attempt) => [attempt.holder, attempt.credentialsVersion, attempt.outcome])).toEqual([
      ['p1', 3, 'refreshed'],
      ['p2', 3, null],
      ['p3', 4, null],
    ]);
  });

  it("records audit events and lists one account connector's newest first, up to the limit", async () => {
    const { audit } = fixture().storage.stores;
    const event = (at: number, action: 'credentials.authenticated' | 'credentials.refreshed') => ({
      at,
      actor: 'partner',
      action,
      accountId: 'acct',
      accountConnectorId: connectorId,
      detail: null,
    });
    await audit.record(event(1, 'credentials.authenticated'));
    await audit.record(event(2, 'credentials.refreshed'));
    await audit.record(event(3, 'credentials.refreshed'));
    await audit.record({ ...event(4, 'credentials.refreshed'), accountConnectorId: null });
    const listed = await audit.listForAccountConnector(connectorId, 2);
    expect(listed.map((e) => e.at)).toEqual([3, 2]);
    expect(listed[0]).toEqual(event(3, 'credentials.refreshed'));
  });

  it('writes nothing of a transaction that fails', async () => {
    const { stores } = fixture().storage;
    await expect(
      stores.transaction(async (tx) => {
        await tx.oauthFlows.insert(flow('rolled-back', { accountConnectorId: connectorId }));
        await tx.audit.record({
          at: 9,
          actor: 'system',
          action: 'credentials.deauthenticated',
          accountId: 'acct',
          accountConnectorId: connectorId,
          detail: null,
        });
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await stores.oauthFlows.find('rolled-back')).toBeUndefined();
    expect((await stores.audit.listForAccountConnector(connectorId, 100)).map((e) => e.at)).not.toContain(9);
  });
});
