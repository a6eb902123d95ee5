import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import type { JobKind } from '../../src/domain/work-queue/job-kind.ts';
import type { ClaimRequest } from '../../src/domain/work-queue/work-queue-store.ts';
import type { OpenStorage } from '../../src/storage/open-storage.ts';

export const CountPayload = Type.Object({ n: Type.Integer() }, { additionalProperties: false });

/**
 * Registers a fresh job kind (a unique name per test, so cases sharing one database never claim
 * each other's jobs) and returns its name.
 */
export function testKind(storage: OpenStorage, overrides: Partial<JobKind<{ n: number }>> = {}): string {
  const kind = `test-${randomUUID().slice(0, 8)}`;
  storage.jobKinds.register<{ n: number }>({
    kind,
    payload: CountPayload,
    handle: async () => undefined,
    ...overrides,
  });
  return kind;
}

/** A claim for the given kinds, each with room for `capacity` jobs and a `leaseMs` lease. */
export function claimOf(
  kinds: string[],
  now: number,
  { limit = 10, capacity = 10, leaseMs = 1_000, holder = 'worker-a' } = {},
): ClaimRequest {
  return { holder, now, limit, kinds: new Map(kinds.map((k) => [k, { capacity, leaseMs }])) };
}
