import type { Stores } from '../stores.ts';
import type { ReadCache } from './read-cache.ts';

/** Method names that only read; every other method of a cached table's store is a write. */
const READ_ONLY = /^(find|list|read|exists|due)/;

/** The stores whose writes change the cached tables (directly, or by a cascade of their deletes). */
const CACHED_TABLE_WRITERS = [
  'apiTokens',
  'apiClients',
  'accounts',
  'accountConnectors',
  'connectorCredentials',
  'connectorSetups',
] as const;
const CACHED_TABLE_WRITER_NAMES = new Set<string | symbol>(CACHED_TABLE_WRITERS);

/** `store` with every write method wrapped by `around`, and the reads in `replaced` swapped in. */
function aroundWrites<T extends object>(
  store: T,
  replaced: Partial<T>,
  around: (write: () => Promise<unknown>) => Promise<unknown>,
): T {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(store)) {
    if (name in replaced) out[name] = (replaced as Record<string, unknown>)[name];
    else if (typeof member !== 'function' || READ_ONLY.test(name)) out[name] = member;
    else
      out[name] = (...args: unknown[]) =>
        around(() => (member as (...a: unknown[]) => Promise<unknown>).apply(store, args));
  }
  return out as T;
}

/**
 * A store whose writes wait for their own announcement to come back (`cache.sync()`), so this process
 * reads its own writes through the cache; `cached` replaces the reads the cache serves.
 */
function withSyncedWrites<T extends object>(store: T, cached: Partial<T>, cache: ReadCache): T {
  return aroundWrites(store, cached, async (write) => {
    const result = await write();
    await cache.sync();
    return result;
  });
}

/** A transaction's stores that call `wrote` whenever a write to a cached table is made through them. */
export function noticingCachedWrites(tx: Stores, wrote: () => void): Stores {
  const notice = (write: () => Promise<unknown>) => {
    wrote();
    return write();
  };
  const wrapped = new Map<string | symbol, unknown>();
  const transaction = <T>(work: (stores: Stores) => Promise<T>) =>
    tx.transaction((inner) => work(noticingCachedWrites(inner, wrote)));
  // A view of `tx`: one object made per transaction; the writers of cached tables wrapped on first use.
  return new Proxy(tx, {
    get(target, name) {
      if (name === 'transaction') return transaction;
      if (!CACHED_TABLE_WRITER_NAMES.has(name)) return Reflect.get(target, name);
      let store = wrapped.get(name);
      if (store === undefined) {
        store = aroundWrites(Reflect.get(target, name) as object, {}, notice);
        wrapped.set(name, store);
      }
      return store;
    },
  });
}

/**
 * The stores as the hot path sees them: the API token, the account, the account connector, its access
 * token and the connector setup (with its secret, for token refreshes) come from `cache` while it is usable, and from the database otherwise.
 * Writes through these stores (and transactions that wrote a cached table through them) return once
 * the change is announced back, so a read after a write in this process never sees the old row.
 * Everything else is the stores as they are.
 */
export function withCachedReads(stores: Stores, cache: ReadCache): Stores {
  const { apiTokens, apiClients, accounts, accountConnectors, connectorCredentials, connectorSetups } =
    stores;
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
        async find(connectorId) {
          if (!cache.usable()) return connectorSetups.find(connectorId);
          const entry = await cache.setupSecrets.get(
            String(connectorId),
            async () => ({ setup: await connectorSetups.find(connectorId) }),
            () => true,
          );
          return entry.setup;
        },
      },
      cache,
    ),
    apiClients: withSyncedWrites(apiClients, {}, cache),
    async transaction(work) {
      // Only a transaction that wrote a cached table waits for the announcement to come back: on
      // PostgreSQL that wait is a round trip through the listening connection, shared by every sync.
      let wroteCached = false;
      const result = await stores.transaction((tx) =>
        work(
          noticingCachedWrites(tx, () => {
            wroteCached = true;
          }),
        ),
      );
      if (wroteCached) await cache.sync();
      return result;
    },
  };
}
