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
import { enqueueStep } from './work-scheduling.ts';

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
  for (const [index, item] of items.entries()) {
    if (options.limit !== undefined && started >= options.limit) break;
    consumed++;
    const id = randomUUID();
    const created = await tx.cycleRuns.insertTransaction({
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
    });
    if (!created) continue;
    started++;
    await tx.cycleRuns.insertStepRun({
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
    });
    if (next !== null) await enqueueStep(tx, { id, accountId: cycle.accountId }, next, 0);
  }
  return { started, duplicates: consumed - started, consumed };
}
