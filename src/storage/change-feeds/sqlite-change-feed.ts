import type SQLite from 'better-sqlite3';
import type {
  CachedTable,
  ChangeFeed,
  ChangeListener,
  ReadScope,
} from '../../domain/read-cache/change-feed.ts';

/** Changes kept in the log for processes that have not read them yet. */
const KEPT_CHANGES = 10_000;
const PRUNE_EVERY_MS = 10_000;

/**
 * SQLite's change feed: triggers append every change of a cached row to `change_log` (any process,
 * including the CLI); `current()` reads the log's newest id in process and delivers what is new, so the
 * bound is zero — every lookup sees every committed change, and every lookup of a {@link ReadScope}
 * every change committed before the scope's first lookup. That read begins a read transaction (file
 * locks on the WAL index: about 10 µs), hence one per scope rather than one per lookup. While this
 * connection is inside a transaction the cache is bypassed (the log would show uncommitted rows). A
 * process that fell more than {@link KEPT_CHANGES} behind finds a gap and drops its whole cache.
 */
export function sqliteChangeFeed(connection: SQLite.Database): ChangeFeed {
  let listener: ChangeListener | null = null;
  let lastId = 0;
  let pruner: NodeJS.Timeout | null = null;
  let newest: SQLite.Statement<[], { id: number | null }> | null = null;
  let since: SQLite.Statement<[number], { id: number; table_name: string; key: string }> | null = null;

  const deliver = () => {
    if (!listener || !newest || !since) return;
    const top = newest.get()?.id ?? 0;
    if (top === lastId) return;
    if (top < lastId) {
      // The log was emptied behind our back (a restored backup): start over.
      lastId = top;
      listener.lost();
      return;
    }
    const rows = since.all(lastId);
    if (rows.length === 0 || (rows[0] && rows[0].id !== lastId + 1)) listener.lost();
    for (const row of rows) listener.changed({ table: row.table_name as CachedTable, key: row.key });
    lastId = rows[rows.length - 1]?.id ?? top;
  };

  return {
    boundMs: 0,
    async start(next) {
      listener = next;
      newest = connection.prepare('select max(id) as id from change_log');
      since = connection.prepare('select id, table_name, key from change_log where id > ? order by id');
      lastId = newest.get()?.id ?? 0;
      const prune = connection.prepare('delete from change_log where id <= ?');
      pruner = setInterval(() => {
        try {
          if (!connection.inTransaction) prune.run(lastId - KEPT_CHANGES);
        } catch {
          // A busy database: the next round prunes.
        }
      }, PRUNE_EVERY_MS);
      pruner.unref();
    },
    current(scope?: ReadScope) {
      if (!listener || connection.inTransaction || !connection.open) return false;
      if (scope?.checked) return true;
      deliver();
      if (scope) scope.checked = true;
      return true;
    },
    async sync() {
      if (listener && !connection.inTransaction && connection.open) deliver();
    },
    async close() {
      if (pruner) clearInterval(pruner);
      listener = null;
    },
  };
}
