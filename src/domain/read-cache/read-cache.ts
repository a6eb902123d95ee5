import type { AccountConnector } from '../account-connectors/account-connector.ts';
import type { StoredAccessToken } from '../account-connectors/connector-credential-store.ts';
import type { ApiToken } from '../api-tokens/api-token-store.ts';
import type { Clock } from '../clock.ts';
import type {
  StoredConnectorSetup,
  StoredConnectorSetupSummary,
} from '../connector-setups/connector-setup-store.ts';
import { CacheSection } from './cache-section.ts';
import type { ChangeFeed, ReadScope, RowChange } from './change-feed.ts';

/**
 * How a call's reads share one check of the change feed (see {@link ReadScope}): the partner API opens
 * a scope per request and runs its cached reads `within` it.
 */
export interface ReadScopes {
  /** A scope for one call's reads, not checked yet. */
  open(): ReadScope;
  /**
   * Runs `read` with the cached lookups it makes synchronously — before its first `await`, which is
   * where every cached read decides whether the cache is usable — counted in `scope`. A lookup made
   * later, outside any `within`, checks the feed itself: a missed scope costs time, never freshness.
   */
  within<T>(scope: ReadScope | undefined, read: () => T): T;
}

/** Scopes for a process without a read cache: every read goes to the database anyway. */
export const NO_READ_SCOPES: ReadScopes = {
  open: () => ({ checked: false }),
  within: (_scope, read) => read(),
};

export interface ReadCacheOptions {
  /** Entries per kind of row. */
  readonly maxEntries?: number;
  /** How long an entry is served at most, announcements or not. */
  readonly ttlMs?: number;
}

/**
 * What the hot path reads on every call, kept in this process: the API token (with its client alive),
 * the account's existence, the account connector, its access token (decrypted) and the connector
 * setup. Entries are dropped when the database announces a change to their row, and the whole cache is
 * bypassed while the feed is not current, so every process sees a change within the feed's bound.
 */
export class ReadCache implements ReadScopes {
  readonly tokens: CacheSection<ApiToken | undefined>;
  readonly accounts: CacheSection<boolean>;
  readonly connectors: CacheSection<AccountConnector | undefined>;
  readonly accessTokens: CacheSection<StoredAccessToken | undefined>;
  readonly setups: CacheSection<{ readonly setup: StoredConnectorSetupSummary | undefined }>;
  /** Setups with their client secret (decrypted), which each token refresh needs. */
  readonly setupSecrets: CacheSection<{ readonly setup: StoredConnectorSetup | undefined }>;
  readonly #sections: CacheSection<unknown>[];
  /** The scope of the lookups being made right now (synchronously), if any. */
  #scope: ReadScope | undefined;

  constructor(
    private readonly feed: ChangeFeed,
    clock: Clock,
    options: ReadCacheOptions = {},
  ) {
    const max = options.maxEntries ?? 100_000;
    const ttl = options.ttlMs ?? 5 * 60_000;
    this.tokens = new CacheSection(max, ttl, clock);
    this.accounts = new CacheSection(max, ttl, clock);
    this.connectors = new CacheSection(max, ttl, clock);
    this.accessTokens = new CacheSection(max, ttl, clock);
    this.setups = new CacheSection(1_000, ttl, clock);
    this.setupSecrets = new CacheSection(1_000, ttl, clock);
    this.#sections = [
      this.tokens,
      this.accounts,
      this.connectors,
      this.accessTokens,
      this.setups,
      this.setupSecrets,
    ];
  }

  /** Subscribes to the feed; until then (and whenever it is not current) reads go to the database. */
  start(): Promise<void> {
    return this.feed.start({
      changed: (change) => this.#changed(change),
      lost: () => this.clear(),
    });
  }

  /** Whether entries may be served now (the feed is current); checks once per open scope. */
  usable(): boolean {
    return this.feed.current(this.#scope);
  }

  open(): ReadScope {
    return { checked: false };
  }

  within<T>(scope: ReadScope | undefined, read: () => T): T {
    const outer = this.#scope;
    this.#scope = scope;
    try {
      return read();
    } finally {
      this.#scope = outer;
    }
  }

  /** Waits until this process's own committed writes have been announced back (read-your-writes). */
  sync(): Promise<void> {
    return this.feed.sync();
  }

  /**
   * This process has committed a change to these account connectors' rows: drops them here at once,
   * and keeps no load that was in flight (read-your-writes without waiting for the announcement, which
   * still reaches every process).
   */
  forgetAccountConnectors(ids: Iterable<number>): void {
    for (const id of ids) this.#changed({ table: 'account_connectors', key: String(id) });
  }

  clear(): void {
    for (const section of this.#sections) section.clear();
  }

  #changed(change: RowChange): void {
    switch (change.table) {
      case 'api_tokens':
        this.tokens.invalidate(change.key);
        break;
      case 'api_clients':
        this.tokens.invalidateWhere((token) => token?.clientId === change.key);
        break;
      case 'accounts':
        this.accounts.invalidate(change.key);
        break;
      case 'account_connectors':
        this.connectors.invalidate(change.key);
        this.accessTokens.invalidate(change.key);
        break;
      case 'connector_setups':
        this.setups.invalidate(change.key);
        this.setupSecrets.invalidate(change.key);
        break;
    }
  }
}
