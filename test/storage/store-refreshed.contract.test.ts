import { expect, it } from 'vitest';
import type { ConnectorCredentials } from '../../src/domain/account-connectors/account-connector.ts';
import { connectionWithCredentials, credentialsRow } from '../support/account-rows.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

const credentials = credentialsRow();
const refreshed: ConnectorCredentials = {
  ...credentials,
  accessToken: 'access-2',
  refreshToken: 'refresh-2',
};

describeOnEachDatabase("A refresh's outcome in one write", (fixture) => {
  let account = 0;
  /** A connection with credentials (version 1) under a refresh lease, and two journal entries of it. */
  const refreshing = async () => {
    const { stores } = fixture().storage;
    const accountId = `store-refreshed-${++account}`;
    const id = await connectionWithCredentials(stores, accountId, credentials);
    await stores.connectorCredentials.beginRefresh(id, 1, 100, 1100);
    const attempt = (holder: string) =>
      stores.refreshAttempts.open({
        accountConnectorId: id,
        credentialsVersion: 1,
        refreshTokenHash: 'hash',
        holder,
        startedAt: 100,
      });
    return { id, accountId, interrupted: await attempt('died'), attemptId: await attempt('p1') };
  };
  const outcome = (attemptId: number, interruptedAttemptIds: number[]) => ({
    expectedVersion: 1,
    nextRefreshAt: 5000,
    actor: 'refresher:p1',
    auditDetail: 'Refreshed; soon',
    attemptId,
    interruptedAttemptIds,
  });

  it('stores the credentials, ends the lease, audits and closes the journal together', async () => {
    const { stores } = fixture().storage;
    const { id, accountId, interrupted, attemptId } = await refreshing();
    expect(
      await stores.connectorCredentials.storeRefreshed(id, refreshed, 200, outcome(attemptId, [interrupted])),
    ).toBe(2);
    expect(await stores.connectorCredentials.readCredentials(id)).toEqual({
      credentials: refreshed,
      version: 2,
    });
    expect(await stores.accountConnectors.findById(id)).toMatchObject({
      authStatus: 'Authenticated',
      refreshBlockedUntil: null,
      lastRefreshAt: 200,
    });
    expect(await stores.audit.listForAccountConnector(id, 10)).toEqual([
      expect.objectContaining({
        at: 200,
        actor: 'refresher:p1',
        action: 'credentials.refreshed',
        accountId,
        detail: 'Refreshed; soon',
      }),
    ]);
    expect((await stores.refreshAttempts.list(id)).map((a) => a.outcome)).toEqual([
      'superseded',
      'refreshed',
    ]);
  });

  it('writes nothing but its own journal entry when the compare-and-set loses', async () => {
    const { stores } = fixture().storage;
    const { id, interrupted, attemptId } = await refreshing();
    await stores.connectorCredentials.storeCredentials(id, credentials, 150);
    expect(
      await stores.connectorCredentials.storeRefreshed(id, refreshed, 200, outcome(attemptId, [interrupted])),
    ).toBeNull();
    expect(await stores.connectorCredentials.readCredentials(id)).toEqual({ credentials, version: 2 });
    expect(await stores.audit.listForAccountConnector(id, 10)).toEqual([]);
    expect((await stores.refreshAttempts.list(id)).map((a) => a.outcome)).toEqual([
      null,
      'lost_compare_and_set',
    ]);
  });
});
