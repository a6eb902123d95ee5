/** The tables whose rows the read cache holds, as announced by the database. */
export type CachedTable =
  | 'api_tokens'
  | 'api_clients'
  | 'accounts'
  | 'account_connectors'
  | 'connector_setups';

/** One changed (updated or deleted; for setups also inserted) row of a cached table, by its key. */
export interface RowChange {
  readonly table: CachedTable;
  readonly key: string;
}

/**
 * The reads of one call (a partner API request, or a connector call made for it). The first read
 * checks the feed; the others rely on that check. So every read of the call sees what was committed
 * before the call's first read, and this process's own writes, which are delivered as they are made
 * (`sync()`); a change committed by another process while the call runs is seen by the next call.
 */
export interface ReadScope {
  checked: boolean;
}

/** What the feed tells the cache. */
export interface ChangeListener {
  changed(change: RowChange): void;
  /** Announcements may have been missed (a dropped connection, a gap): drop everything. */
  lost(): void;
}

/**
 * Announcements of changed rows from every process sharing the database (PostgreSQL: `LISTEN/NOTIFY`
 * fired by triggers; SQLite: a change log written by triggers). The cache serves an entry only while
 * the feed is `current`, so a change is seen within the feed's bound even when announcements stop.
 */
export interface ChangeFeed {
  /** Starts delivering changes to `listener`. */
  start(listener: ChangeListener): Promise<void>;
  /**
   * Whether every change committed more than {@link ChangeFeed.boundMs} ago has been delivered. Cheap
   * enough for every lookup: PostgreSQL checks the time of the last heartbeat that came back; SQLite
   * reads the change log's newest id (about 10 µs: a read transaction, in process) and delivers what is
   * new — once per `scope`, when one is given.
   */
  current(scope?: ReadScope): boolean;
  /** Waits until changes committed before this call have been delivered (read-your-writes). */
  sync(): Promise<void>;
  /** The staleness bound while `current()` holds, in milliseconds. */
  readonly boundMs: number;
  close(): Promise<void>;
}
