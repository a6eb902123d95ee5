import { describe, expect, it } from 'vitest';
import type { Stores } from '../stores.ts';
import { withCachedReads } from './cached-stores.ts';
import type { ReadCache } from './read-cache.ts';

/** Stores that record what is called on them, and a cache that records its syncs. */
function recording() {
  const calls: string[] = [];
  const store = (name: string) =>
    Object.fromEntries(
      ['findById', 'update', 'revoke', 'markUnreadable', 'scheduleRefresh', 'nextSequence'].map((method) => [
        method,
        async () => {
          calls.push(`${name}.${method}`);
        },
      ]),
    );
  const base: Record<string, unknown> = {
    apiTokens: store('apiTokens'),
    apiClients: store('apiClients'),
    accounts: store('accounts'),
    accountConnectors: store('accountConnectors'),
    connectorCredentials: store('connectorCredentials'),
    connectorSetups: store('connectorSetups'),
    partnerEvents: store('partnerEvents'),
    async transaction(work: (tx: Stores) => Promise<unknown>) {
      const result = await work(base as unknown as Stores);
      calls.push('commit');
      return result;
    },
  };
  const cache = {
    usable: () => false,
    sync: async () => {
      calls.push('sync');
    },
    forgetAccountConnectors: (ids: Iterable<number>) => {
      calls.push(`forget ${[...ids].join(',')}`);
    },
  } as unknown as ReadCache;
  return { calls, stores: withCachedReads(base as unknown as Stores, cache) };
}

describe('the cached stores', () => {
  it('does not wait for the change feed after a transaction that wrote no cached table', async () => {
    const { calls, stores } = recording();
    await stores.transaction(async (tx) => {
      await tx.partnerEvents.nextSequence('stream');
      await tx.accounts.findById('a');
    });
    expect(calls).toEqual(['partnerEvents.nextSequence', 'accounts.findById', 'commit']);
  });

  it('waits for the change feed after the commit of a transaction that wrote a cached table', async () => {
    const { calls, stores } = recording();
    await stores.transaction(async (tx) => {
      await tx.accounts.update('a', {});
    });
    expect(calls).toEqual(['accounts.update', 'commit', 'sync']);
  });

  it('notices a write made in a nested transaction', async () => {
    const { calls, stores } = recording();
    await stores.transaction((tx) => tx.transaction((inner) => inner.accounts.update('a', {})));
    expect(calls[0]).toBe('accounts.update');
    expect(calls.filter((call) => call === 'sync')).toHaveLength(1);
    expect(calls.at(-1)).toBe('sync');
  });

  it('drops the account connectors a credential write names once it returns, without waiting for the feed', async () => {
    const { calls, stores } = recording();
    await stores.connectorCredentials.markUnreadable(7, 0);
    await stores.connectorCredentials.scheduleRefresh([
      { id: 8, nextRefreshAt: 1 },
      { id: 9, nextRefreshAt: null },
    ]);
    expect(calls).toEqual([
      'connectorCredentials.markUnreadable',
      'forget 7',
      'connectorCredentials.scheduleRefresh',
      'forget 8,9',
    ]);
  });

  it('drops them after the commit of a transaction that wrote only credentials, and waits when it wrote more', async () => {
    const { calls, stores } = recording();
    await stores.transaction((tx) =>
      tx.transaction(async (inner) => {
        await inner.connectorCredentials.markUnreadable(1, 0);
        await inner.connectorCredentials.markUnreadable(2, 0);
      }),
    );
    expect(calls).toEqual([
      'connectorCredentials.markUnreadable',
      'connectorCredentials.markUnreadable',
      'commit',
      'commit',
      'forget 1,2',
    ]);
    calls.length = 0;
    await stores.transaction(async (tx) => {
      await tx.connectorCredentials.markUnreadable(3, 0);
      await tx.accounts.update('a', {});
    });
    expect(calls).toEqual(['connectorCredentials.markUnreadable', 'accounts.update', 'commit', 'sync']);
  });

  it('waits for the change feed after a write outside a transaction, also of an API client', async () => {
    const { calls, stores } = recording();
    await stores.apiClients.revoke('client', 1);
    expect(calls).toEqual(['apiClients.revoke', 'sync']);
  });
});
