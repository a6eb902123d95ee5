/** What a transaction's next step can see: the outputs of the steps before it, and the merge fields. */
import type { Cycle } from '../cycles/cycle.ts';
import type { CycleTransaction } from '../cycles/cycle-run.ts';
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

export async function mappingContext(
  stores: Stores,
  cycle: Cycle,
  transaction: CycleTransaction,
  expressions: ExpressionEvaluator,
): Promise<MappingContext> {
  const account = await stores.accounts.findById(cycle.accountId);
  const variables = Object.fromEntries(
    (cycle.document.Variables ?? []).map((v) => [v.SystemName, v.Value ?? null]),
  );
  return {
    steps: await stepOutputs(stores, transaction),
    variables,
    mergeFields: {
      LastSuccessfulRunDate: iso(cycle.highWaterMark),
      AccountId: cycle.accountId,
      AccountExternalId: cycle.accountId,
      CycleId: cycle.id,
      TransactionId: transaction.id,
    },
    account: { Id: cycle.accountId, Name: account?.name ?? null },
    expressions,
  };
}

export { iso as isoSeconds };
