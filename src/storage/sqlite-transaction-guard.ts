import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type QueryCompiler,
  SqliteDialect,
  type SqliteDialectConfig,
  type TransactionBuilder,
  type TransactionSettings,
} from 'kysely';

/**
 * Thrown when code running inside a transaction queries the database outside it. SQLite has one
 * connection and the open transaction holds it, so such a query would wait for the transaction to end
 * while the transaction waits for the query: the process would hang. Failing at once turns that hang
 * into an error with a stack that points at the offending call.
 */
export class QueryOutsideTransactionError extends Error {
  constructor() {
    super(
      'A query was issued outside the open transaction. On SQLite the transaction holds the only ' +
        'connection, so this query would wait forever; run it on the transaction (the `tx` stores).',
    );
    this.name = 'QueryOutsideTransactionError';
  }
}

/**
 * Which async call chains are running inside an open transaction's callback. The tracking is on only
 * while a transaction is open: Node 20 tracks async context through promise hooks, which make every
 * promise of the process (a partner API call makes hundreds) a few times dearer while any
 * `AsyncLocalStorage` is enabled. With no transaction open nothing can be inside one.
 */
class TransactionScopes {
  readonly #current = new AsyncLocalStorage<{ open: boolean }>();
  #open = 0;

  /** Runs `work` marked as inside an open transaction; the mark ends when `work` settles. */
  async inside<T>(work: () => Promise<T>): Promise<T> {
    const scope = { open: true };
    this.#open++;
    try {
      return await this.#current.run(scope, work);
    } finally {
      // Work started inside but still running afterwards (a timer, a background task) is no longer
      // inside a transaction once it has committed, and may use the connection again.
      scope.open = false;
      this.#open--;
      if (this.#open === 0) this.#current.disable();
    }
  }

  get insideOpenTransaction(): boolean {
    return this.#open > 0 && this.#current.getStore()?.open === true;
  }
}

/** SQLite's driver, refusing a new connection to a caller that runs inside an open transaction. */
class GuardedDriver implements Driver {
  readonly #inner: Driver;
  readonly #scopes: TransactionScopes;

  constructor(inner: Driver, scopes: TransactionScopes) {
    this.#inner = inner;
    this.#scopes = scopes;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }
  acquireConnection(): Promise<DatabaseConnection> {
    // A transaction's own queries run on the connection it already holds and never come here.
    if (this.#scopes.insideOpenTransaction) return Promise.reject(new QueryOutsideTransactionError());
    return this.#inner.acquireConnection();
  }
  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    // IMMEDIATE: the write lock is taken at BEGIN, waiting up to busy_timeout for another process's
    // writer. A deferred BEGIN that read first and then wrote would fail at once with SQLITE_BUSY
    // whenever another process had committed in between (its snapshot is stale; SQLite cannot wait).
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }
  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.#inner.savepoint?.(connection, name, compileQuery);
  }
  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.#inner.rollbackToSavepoint?.(connection, name, compileQuery);
  }
  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.#inner.releaseSavepoint?.(connection, name, compileQuery);
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(connection);
  }
  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

class GuardedSqliteDialect extends SqliteDialect {
  readonly #scopes: TransactionScopes;

  constructor(config: SqliteDialectConfig, scopes: TransactionScopes) {
    super(config);
    this.#scopes = scopes;
  }

  override createDriver(): Driver {
    return new GuardedDriver(super.createDriver(), this.#scopes);
  }
}

/**
 * Marks the callback of `builder.execute` (and of the builders its setters return) as inside an open
 * transaction.
 */
function scopedBuilder<B extends object>(builder: B, scopes: TransactionScopes): B {
  return new Proxy(builder, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property === 'execute') {
        return (callback: (transaction: unknown) => Promise<unknown>) =>
          value.call(target, (transaction: unknown) => scopes.inside(() => callback(transaction)));
      }
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        return result instanceof target.constructor ? scopedBuilder(result as B, scopes) : result;
      };
    },
  });
}

class GuardedKysely<DB> extends Kysely<DB> {
  readonly #scopes: TransactionScopes;

  constructor(dialect: GuardedSqliteDialect, scopes: TransactionScopes) {
    super({ dialect });
    this.#scopes = scopes;
  }

  override transaction(): TransactionBuilder<DB> {
    return scopedBuilder(super.transaction(), this.#scopes);
  }
}

/**
 * A Kysely instance over SQLite where a query issued outside an open transaction, from inside that
 * transaction's callback, fails with {@link QueryOutsideTransactionError} instead of hanging the
 * process. Queries from other requests still wait for the connection as before.
 */
export function guardedSqliteKysely<DB>(config: SqliteDialectConfig): Kysely<DB> {
  const scopes = new TransactionScopes();
  return new GuardedKysely<DB>(new GuardedSqliteDialect(config, scopes), scopes);
}
