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

/** `store` with every write method wrapped by `around` (told the method's arguments), and the reads in `replaced` swapped in. */
function aroundWrites<T extends object>(
  store: T,
  replaced: Partial<T>,
  around: (write: () => Promise<unknown>, args: unknown[]) => Promise<unknown>,
): T {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(store)) {
    if (name in replaced) out[name] = (replaced as Record<string, unknown>)[name];
    else if (typeof member !== 'function' || READ_ONLY.test(name)) out[name] = member;
    else
      out[name] = (...args: unknown[]) =>
        around(() => (member as (...a: unknown[]) => Promise<unknown>).apply(store, args), args);
  }
  return out as T;
}

/**
 * The account connectors a write of the credential store changes: every one of its writes names them
 * in its first argument (an id, or entries with ids) and changes no other cached row.
 */
function credentialRowsWritten(args: unknown[]): number[] {
  const [first] = args;
  if (typeof first === 'number') return [first];
  if (Array.isArray(first)) return first.map((entry) => (entry as { id: number }).id);
  throw new Error('a credential store write names the account connectors it changes first');
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

/**
 * The credential store, whose writes each change only the account connectors they name: once a write
 * returns (committed) they are dropped from this process's cache at once, instead of waiting for the
 * announcement to come back (a round trip on PostgreSQL for every refresh).
 */
function withForgottenWrites<T extends object>(store: T, cached: Partial<T>, cache: ReadCache): T {
  return aroundWrites(store, cached, async (write, args) => {
    const result = await write();
    cache.forgetAccountConnectors(credentialRowsWritten(args));
    return result;
  });
}

/** What a transaction wrote to the cached tables: account connectors by id, or something else too. */
export interface CachedWritesNoticed {
  /** A cached table was written other than by the credential store: wait for the announcements. */
  wroteOther: boolean;
  /** Account connectors the credential store wrote. */
  readonly accountConnectors: Set<number>;
}

/** A transaction's stores that record in `noticed` every write made through them to a cached table. */
export function noticingCachedWrites(tx: Stores, noticed: CachedWritesNoticed): Stores {
  const wrapped = new Map<string | symbol, unknown>();
  const transaction = <T>(work: (stores: Stores) => Promise<T>) =>
    tx.transaction((inner) => work(noticingCachedWrites(inner, noticed)));
  // A view of `tx`: one object made per transaction; the writers of cached tables wrapped on first use.
  return new Proxy(tx, {
    get(target, name) {
      if (name === 'transaction') return transaction;
      if (!CACHED_TABLE_WRITER_NAMES.has(name)) return Reflect.get(target, name);
      let store = wrapped.get(name);
      if (store === undefined) {
        store = aroundWrites(Reflect.get(target, name) as object, {}, (write, args) => {
          if (name === 'connectorCredentials')
            for (const id of credentialRowsWritten(args)) noticed.accountConnectors.add(id);
          else noticed.wroteOther = true;
          return write();
        });
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
 * the change is announced back, or, for credential writes, once the rows they name are dropped here;
 * so a read after a write in this process never sees the old row.
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
    connectorCredentials: withForgottenWrites(
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
      // Only a transaction that wrote a cached table waits for the announcement to come back (on
      // PostgreSQL a round trip through the listening connection, shared by every sync), and not even
      // one that wrote nothing but credentials: it drops those account connectors here once committed.
      const noticed: CachedWritesNoticed = { wroteOther: false, accountConnectors: new Set() };
      const result = await stores.transaction((tx) => work(noticingCachedWrites(tx, noticed)));
      if (noticed.wroteOther) await cache.sync();
      else if (noticed.accountConnectors.size > 0) cache.forgetAccountConnectors(noticed.accountConnectors);
      return result;
    },
  };
}
