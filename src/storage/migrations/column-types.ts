import type { CreateTableBuilder } from 'kysely';

export type SqlDialect = 'sqlite' | 'postgres';

/** Adds an auto-incrementing integer primary key named `id`, spelled for each dialect. */
export function withSerialId<T extends string>(
  table: CreateTableBuilder<T, never>,
  dialect: SqlDialect,
): CreateTableBuilder<T, 'id'> {
  return dialect === 'sqlite'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}
