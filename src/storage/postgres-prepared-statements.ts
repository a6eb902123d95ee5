import pg from 'pg';

/** How many named statements one PostgreSQL connection keeps (Plugboard issues a few dozen distinct queries). */
const STATEMENTS_PER_CONNECTION = 200;

/** PostgreSQL's answer when a prepared statement's result columns changed under it (DDL since the prepare). */
const CACHED_PLAN_CHANGED = /cached plan must not change result type/;

interface PgConnectionState {
  readonly parsedStatements: Record<string, string>;
}

type QueryConfig = { text: string; name?: string; values?: unknown[] };

/**
 * A pg client that runs every parameterised query as a named prepared statement, one per SQL text,
 * as pgx and Npgsql do. Kysely sends each query unnamed, so PostgreSQL parsed and planned it again
 * on every call: for the engine's step jobs, parsing and planning were about half of the database's
 * CPU per transaction. Now each text is parsed once per connection and, once PostgreSQL finds its
 * generic plan as good as a custom one, planned once too. A connection keeps the
 * `STATEMENTS_PER_CONNECTION` most recently used and deallocates the one it drops; a statement whose
 * result columns changed (a migration by another process) is dropped when PostgreSQL refuses it, and
 * prepared afresh at its next call.
 */
export class PreparingClient extends pg.Client {
  readonly #names = new Map<string, string>();
  #next = 0;

  // biome-ignore lint/suspicious/noExplicitAny: pg's overloads are many; this one forwards them all.
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config !== 'string' || !Array.isArray(values) || values.length === 0)
      return super.query(config, values, callback);
    const name = this.#nameFor(config);
    const prepared: QueryConfig = { name, text: config, values };
    const result = super.query(prepared as never, callback);
    if (result && typeof (result as Promise<unknown>).catch === 'function') {
      (result as Promise<unknown>).catch((error: unknown) => {
        if (error instanceof Error && CACHED_PLAN_CHANGED.test(error.message)) this.#forget(config);
      });
    }
    return result;
  }

  #nameFor(text: string): string {
    const known = this.#names.get(text);
    if (known !== undefined) {
      // Most recently used last, so the first entry is the one to drop when the cache is full.
      this.#names.delete(text);
      this.#names.set(text, known);
      return known;
    }
    if (this.#names.size >= STATEMENTS_PER_CONNECTION) {
      const oldest = this.#names.keys().next().value;
      if (oldest !== undefined) this.#forget(oldest);
    }
    const name = `pb_${this.#next++}`;
    this.#names.set(text, name);
    return name;
  }

  /**
   * Drops `text`'s statement. Only a statement PostgreSQL confirmed is deallocated (deallocating one
   * it never made would fail the transaction in progress); names are never reused, so one whose
   * deallocation fails (in an aborted transaction) only lingers until the connection closes.
   */
  #forget(text: string): void {
    const name = this.#names.get(text);
    if (name === undefined) return;
    this.#names.delete(text);
    const state = (this as unknown as { connection: PgConnectionState }).connection;
    if (state.parsedStatements[name] === undefined) return;
    delete state.parsedStatements[name];
    super.query(`deallocate ${name}`).catch(() => {});
  }
}
