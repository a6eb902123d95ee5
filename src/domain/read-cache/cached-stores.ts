import type { Stores } from '../stores.ts';
import type { ReadCache } from './read-cache.ts';

/** Method names that only read; every other method of a cached table's store is a write. */
const READ_ONLY = /^(find|list|read|exists|due)/;

/**
 * A store whose writes wait for their own announcement to come back (`cache.sync()`), so this process
 * reads its own writes through the cache; `cached` replaces the reads the cache serves.
 */
function withSyncedWrites<T extends object>(store: T, cached: Partial<T>, cache: ReadCache): T {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(store)) {
    if (name in cached) out[name] = (cached as Record<string, unknown>)[name];
    else if (typeof member !== 'function' || READ_ONLY.test(name)) out[name] = member;
    else
      out[name] = async (...args: unknown[]) => {
        const result = await (member as (...a: unknown[]) => Promise<unknown>)(...args);
        await cache.sync();
        return result;
      };
  }
  return out as T;
}

/**
 * The stores as the hot path sees them: the API token, the account, the account connector, its access
 * token and the connector setup come from `cache` while it is usable, and from the database otherwise.
 * Writes (and transactions) through these stores return once the change is announced back, so a read
 * after a write in this process never sees the old row. Everything else is the stores as they are.
 */
export function withCachedReads(stores: Stores, cache: ReadCache): Stores {
  const { apiTokens, accounts, accountConnectors, connectorCredentials, connectorSetups } = stores;
  return {
    ...stores,
    apiTokens: withSyncedWrites(
      apiTokens,
      {
        async findLive(tokenHash, now) {
          if (!cache.usable()) return apiTokens.findLive(tokenHash, now);
          const token = await cache.tokens.get(
            tokenHash,
            () => apiTokens.findLive(tokenHash, now),
            (found) => found !== undefined,
          );
          return token && token.revokedAt === null && token.expiresAt > now ? token : undefined;
        },
      },
      cache,
    ),
    accounts: withSyncedWrites(
      accounts,
      {
        exists(id) {
          if (!cache.usable()) return accounts.exists(id);
          return cache.accounts.get(
            id,
            () => accounts.exists(id),
            (found) => found,
          );
        },
      },
      cache,
    ),
    accountConnectors: withSyncedWrites(
      accountConnectors,
      {
        async find(accountId, id) {
          if (!cache.usable()) return accountConnectors.find(accountId, id);
          const connector = await cache.connectors.get(
            String(id),
            () => accountConnectors.findById(id),
            (found) => found !== undefined,
          );
          return connector?.accountId === accountId ? connector : undefined;
        },
      },
      cache,
    ),
    connectorCredentials: withSyncedWrites(
      connectorCredentials,
      {
        readAccessToken(id) {
          if (!cache.usable()) return connectorCredentials.readAccessToken(id);
          return cache.accessTokens.get(
            String(id),
            () => connectorCredentials.readAccessToken(id),
            (found) => found !== undefined,
          );
        },
      },
      cache,
    ),
    connectorSetups: withSyncedWrites(
      connectorSetups,
      {
        async findSummary(connectorId) {
          if (!cache.usable()) return connectorSetups.findSummary(connectorId);
          const entry = await cache.setups.get(
            String(connectorId),
            async () => ({ setup: await connectorSetups.findSummary(connectorId) }),
            () => true,
          );
          return entry.setup;
        },
      },
      cache,
    ),
    async transaction(work) {
      const result = await stores.transaction(work);
      await cache.sync();
      return result;
    },
  };
}
