import type { Kysely } from 'kysely';
import type { RateLimitStore } from '../../domain/rate-limits/rate-limit-store.ts';
import type { DatabaseSchema } from '../schema.ts';

export function sqlRateLimitStore(db: Kysely<DatabaseSchema>): RateLimitStore {
  const add = async (bucket: string, windowStart: number, count: number) => {
    const row = await db
      .insertInto('rate_limit_counters')
      .values({ bucket, window_start: windowStart, count })
      .onConflict((oc) =>
        oc
          .columns(['bucket', 'window_start'])
          .doUpdateSet((eb) => ({ count: eb('rate_limit_counters.count', '+', count) })),
      )
      .returning('count')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  };
  return {
    add,
    async increment(bucket, windowStart) {
      // One statement on both dialects: insert at 1 or add 1, and read the result back.
      const row = await db
        .insertInto('rate_limit_counters')
        .values({ bucket, window_start: windowStart, count: 1 })
        .onConflict((oc) =>
          oc
            .columns(['bucket', 'window_start'])
            .doUpdateSet((eb) => ({ count: eb('rate_limit_counters.count', '+', 1) })),
        )
        .returning('count')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async deleteBefore(bucket, windowStart) {
      await db
        .deleteFrom('rate_limit_counters')
        .where('bucket', '=', bucket)
        .where('window_start', '<', windowStart)
        .execute();
    },
  };
}
