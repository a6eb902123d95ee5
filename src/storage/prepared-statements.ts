import { type CompiledQuery, type RawBuilder, sql } from 'kysely';
import type pg from 'pg';

/**
 * The comment a statement's SQL starts with when PostgreSQL should parse and plan it once per
 * connection (a named prepared statement) instead of on every execution. For the few statements run on
 * every request of a hot read whose planning costs as much as running them: a page of account
 * connectors spent about 0.2 ms of PostgreSQL's CPU planning each request, as much as reading its rows.
 */
const PREPARED_MARK = '/* prepared */ ';

/** The compiled query marked to run as a named prepared statement on PostgreSQL (SQLite: unchanged). */
export function preparedOnPostgres<Row>(query: CompiledQuery<Row>): CompiledQuery<Row> {
  return { ...query, sql: PREPARED_MARK + query.sql };
}

/**
 * Constant words (statuses and the like) written into a prepared statement's text as literals, so that
 * one plan made for any parameter values can still use a partial index whose condition names them.
 */
export function literalList(words: readonly string[]): RawBuilder<unknown> {
  for (const word of words) if (!/^[A-Za-z_]+$/.test(word)) throw new Error(`not a plain word: ${word}`);
  return sql.raw(words.map((word) => `'${word}'`).join(', '));
}

/** Each marked statement's name, the same for the same text in every connection. */
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `plugboard_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

type QueryCall = (text: unknown, ...rest: unknown[]) => unknown;

/**
 * Makes `client` run marked statements ({@link preparedOnPostgres}) as named ones: the driver parses
 * each once per connection and PostgreSQL keeps its plan. Every other statement runs as before.
 */
export function runMarkedStatementsPrepared(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryCall;
  const prepared: QueryCall = (text, ...rest) => {
    const [values] = rest;
    return typeof text === 'string' && text.startsWith(PREPARED_MARK) && Array.isArray(values)
      ? query({ name: statementName(text), text, values })
      : query(text, ...rest);
  };
  client.query = prepared as typeof client.query;
}
