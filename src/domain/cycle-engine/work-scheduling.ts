/** The engine's jobs as they are put on the durable queue, inside the caller's transaction. */
import type { Stores } from '../stores.ts';
import type { EnqueueRequest } from '../work-queue/work-queue-store.ts';
import { CYCLE_MAINTENANCE, CYCLE_POLL, CYCLE_STEP } from './engine-settings.ts';

/** The job of a transaction's next step. One job per (transaction, step, attempt), so a repeat enqueue is a no-op. */
export function stepJob(
  transaction: { readonly id: string; readonly accountId: string },
  stepKey: string,
  attempt: number,
  runAt?: number,
): EnqueueRequest {
  return {
    kind: CYCLE_STEP,
    payload: { transactionId: transaction.id },
    ...(runAt === undefined ? {} : { runAt }),
    uniqueKey: `${transaction.id}:${stepKey}:${attempt}`,
    accountId: transaction.accountId,
    // The per-account cap on concurrent transactions, across processes.
    concurrencyKey: `account:${transaction.accountId}`,
  };
}

/** Queues the next step of a transaction (see `stepJob`). */
export async function enqueueStep(
  tx: Stores,
  transaction: { readonly id: string; readonly accountId: string },
  stepKey: string,
  attempt: number,
  runAt?: number,
): Promise<void> {
  await tx.workQueue.enqueue(stepJob(transaction, stepKey, attempt, runAt));
}

/**
 * A cycle's next poll. Unique per (cycle, activation generation): a poll chain continues by enqueuing
 * its successor in the commit that completes it, and a reactivation starts a new chain.
 */
export async function enqueuePoll(
  tx: Stores,
  cycle: { readonly id: string; readonly accountId: string; readonly generation: number },
  dueAt: number,
): Promise<void> {
  await tx.workQueue.enqueue({
    kind: CYCLE_POLL,
    payload: { cycleId: cycle.id, generation: cycle.generation, dueAt },
    runAt: dueAt,
    uniqueKey: `${cycle.id}:${cycle.generation}`,
    accountId: cycle.accountId,
    // Polls of one cycle never overlap.
    concurrencyKey: `cycle:${cycle.id}`,
  });
}

/** The maintenance job as the worker pool ensures it exists (at start and hourly). */
export const CYCLE_MAINTENANCE_JOB = {
  kind: CYCLE_MAINTENANCE,
  payload: {},
  uniqueKey: CYCLE_MAINTENANCE,
} as const;

/** The maintenance job; one chain across every process (its unique key). */
export async function enqueueMaintenance(tx: Stores, runAt: number): Promise<void> {
  await tx.workQueue.enqueue({ kind: CYCLE_MAINTENANCE, payload: {}, runAt, uniqueKey: CYCLE_MAINTENANCE });
}
