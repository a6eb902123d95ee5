/** What a transaction's next step can see: the outputs of the steps before it, and the merge fields. */
import type { CycleTransaction, StepWork } from '../cycles/cycle-run.ts';
import type { ExpressionEvaluator, MappingContext } from '../mapping/resolve-mapping.ts';
import type { Stores } from '../stores.ts';

/**
 * The outputs of every step this transaction (and, for a split child, its parent) has completed,
 * by step key: the replay log that lets a step run again after a crash with the same inputs.
 */
export async function stepOutputs(
  stores: Stores,
  transaction: CycleTransaction,
  depth = 0,
): Promise<Record<string, unknown>> {
  const outputs: Record<string, unknown> = {};
  if (transaction.parentId && depth < 5) {
    const parent = await stores.cycleRuns.findTransaction(transaction.parentId);
    if (parent) Object.assign(outputs, await stepOutputs(stores, parent, depth + 1));
  }
  for (const run of await stores.cycleRuns.stepRuns(transaction.id)) {
    if (run.status === 'Completed' || run.status === 'Ignored') outputs[run.stepKey] = run.output;
  }
  return outputs;
}

const iso = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The mapping context of a step job's transaction, from what the job read (see `findStepWork`). */
export async function mappingContext(
  stores: Stores,
  work: StepWork,
  expressions: ExpressionEvaluator,
): Promise<MappingContext> {
  const { cycle, transaction } = work;
  const variables = Object.fromEntries(
    (cycle.document.Variables ?? []).map((v) => [v.SystemName, v.Value ?? null]),
  );
  const steps: Record<string, unknown> = {};
  if (transaction.parentId) {
    const parent = await stores.cycleRuns.findTransaction(transaction.parentId);
    if (parent) Object.assign(steps, await stepOutputs(stores, parent, 1));
  }
  for (const run of work.replay) steps[run.stepKey] = run.output;
  return {
    steps,
    variables,
    mergeFields: {
      LastSuccessfulRunDate: iso(cycle.highWaterMark),
      AccountId: cycle.accountId,
      AccountExternalId: cycle.accountId,
      CycleId: cycle.id,
      TransactionId: transaction.id,
    },
    account: { Id: cycle.accountId, Name: work.accountName },
    expressions,
  };
}

export { iso as isoSeconds };
