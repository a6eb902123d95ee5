/**
 * Starting transactions: each trigger item becomes a `Queued` transaction, with the trigger's output
 * as its first step run, written in the caller's database transaction together with the job of its
 * next step. Used by polls, by webhook deliveries and by splitting.
 */
import { randomUUID } from 'node:crypto';
import type { Cycle } from '../cycles/cycle.ts';
import type { Stores } from '../stores.ts';
import { triggerStep } from '../templates/template-document.ts';
import { nextStepKey } from './step-graph-walk.ts';
import { stepJob } from './work-scheduling.ts';

/** Items written per batch. */
const BATCH = 500;

export interface StartOptions {
  /** Unique per cycle: an item whose key was seen before starts nothing. `null` never deduplicates. */
  readonly dedupeKey: (item: unknown, index: number) => string | null;
  readonly now: number;
  /** The step whose output the items are (default: the trigger). */
  readonly fromStep?: string;
  /** For split children: the parent transaction. */
  readonly parentId?: string;
  /** Start at most this many (duplicates do not count); the items after the last one looked at wait. */
  readonly limit?: number;
}

export interface StartResult {
  readonly started: number;
  readonly duplicates: number;
  /** How many items, from the first, were looked at (all of them unless `limit` stopped the walk). */
  readonly consumed: number;
}

/**
 * Starts one transaction per item for `cycle`, inside `tx`. Call it from within
 * `stores.transaction` (or a job's `commit`) so the transactions, their first step's jobs and
 * whatever caused them (a poll's high-water mark, a webhook delivery) land together.
 */
export async function startTransactions(
  tx: Stores,
  cycle: Cycle,
  items: readonly unknown[],
  options: StartOptions,
): Promise<StartResult> {
  const fromStep = options.fromStep ?? triggerStep(cycle.document).Key;
  const next = nextStepKey(cycle.document, fromStep);
  let started = 0;
  let consumed = 0;
  // In batches, each written with one statement per table: never more than `limit` can start.
  while (consumed < items.length) {
    const room = options.limit === undefined ? BATCH : Math.min(BATCH, options.limit - started);
    if (room <= 0) break;
    const batch = items.slice(consumed, consumed + room).map((item, offset) => ({
      id: randomUUID(),
      item,
      index: consumed + offset,
    }));
    consumed += batch.length;
    const inserted = new Set(
      await tx.cycleRuns.insertTransactions(
        batch.map(({ id, item, index }) => ({
          id,
          cycleId: cycle.id,
          accountId: cycle.accountId,
          status: next === null ? 'Completed' : 'Queued',
          dedupeKey: options.dedupeKey(item, index),
          parentId: options.parentId ?? null,
          splitIndex: options.parentId === undefined ? null : index,
          item,
          currentStep: next,
          stepAttempt: 0,
          reasonCode: null,
          message: null,
          releaseNumber: cycle.releaseNumber,
          createdAt: options.now,
          startedAt: next === null ? options.now : null,
          completedAt: next === null ? options.now : null,
          updatedAt: options.now,
        })),
      ),
    );
    const created = batch.filter(({ id }) => inserted.has(id));
    started += created.length;
    if (created.length === 0) continue;
    await tx.cycleRuns.insertStepRuns(
      created.map(({ id, item }) => ({
        transactionId: id,
        stepKey: fromStep,
        attempt: 1,
        status: 'Completed',
        request: null,
        response: null,
        output: item,
        message: null,
        startedAt: options.now,
        finishedAt: options.now,
      })),
    );
    if (next !== null)
      await tx.workQueue.enqueueMany(
        created.map(({ id }) => stepJob({ id, accountId: cycle.accountId }, next, 0)),
      );
  }
  return { started, duplicates: consumed - started, consumed };
}
