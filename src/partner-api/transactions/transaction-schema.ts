import { Type } from 'typebox';
import { redactStepData } from '../../domain/cycle-engine/step-data-redaction.ts';
import type { Cycle } from '../../domain/cycles/cycle.ts';
import type { CycleTransaction, StepRun } from '../../domain/cycles/cycle-run.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const TransactionFields = {
  Id: Type.String(),
  CycleId: Type.String(),
  Status: Type.String({ description: 'Queued, Running, Waiting, Completed, Errored or Stopped.' }),
  CreatedOnUtc: Type.String(),
  StartedOnUtc: Nullable(Type.String()),
  CompletedOnUtc: Nullable(Type.String()),
  ModifiedOnUtc: Type.String(),
  CurrentStepId: Nullable(Type.String()),
  CurrentStepKey: Nullable(Type.String()),
  ReasonCode: Nullable(Type.Integer()),
  Message: Nullable(Type.String()),
  ReleaseNumber: Type.Integer(),
  ParentId: Nullable(Type.String()),
  SplitIndex: Nullable(Type.Integer()),
};

export const TransactionSchema = Type.Object(TransactionFields);

export const TransactionDetailSchema = Type.Object({
  ...TransactionFields,
  Steps: Type.Array(
    Type.Object({
      StepId: Nullable(Type.String()),
      StepKey: Type.String(),
      StepName: Type.String(),
      Attempt: Type.Integer(),
      Status: Type.String(),
      Request: Type.Unknown(),
      Response: Type.Unknown(),
      Message: Nullable(Type.String()),
      StartedOnUtc: Type.String(),
      CompletedOnUtc: Type.String(),
    }),
  ),
});

export function toCyclrTransaction(t: CycleTransaction, stepIds: ReadonlyMap<string, string>) {
  return {
    Id: t.id,
    CycleId: t.cycleId,
    Status: t.status,
    CreatedOnUtc: iso(t.createdAt) as string,
    StartedOnUtc: iso(t.startedAt),
    CompletedOnUtc: iso(t.completedAt),
    ModifiedOnUtc: iso(t.updatedAt) as string,
    CurrentStepId: t.currentStep === null ? null : (stepIds.get(t.currentStep) ?? null),
    CurrentStepKey: t.currentStep,
    ReasonCode: t.reasonCode,
    Message: t.message,
    ReleaseNumber: t.releaseNumber,
    ParentId: t.parentId,
    SplitIndex: t.splitIndex,
  };
}

/** The transaction with every step's request and response (secrets redacted). */
export function toCyclrTransactionDetail(
  t: CycleTransaction,
  cycle: Cycle,
  runs: readonly StepRun[],
  stepIds: ReadonlyMap<string, string>,
) {
  return {
    ...toCyclrTransaction(t, stepIds),
    Steps: runs.map((run, index) => ({
      StepId: stepIds.get(run.stepKey) ?? null,
      StepKey: run.stepKey,
      StepName: cycle.document.Steps.find((s) => s.Key === run.stepKey)?.Name ?? run.stepKey,
      Attempt: run.attempt,
      Status: run.status,
      Request: redactStepData(run.request),
      // The first step run is the record that started the transaction (a trigger's item, a split's
      // element): its output. Other steps keep the response they got, unless LogStepDataRequests is off.
      Response: redactStepData(index === 0 && run.response === null ? run.output : run.response),
      Message: run.message,
      StartedOnUtc: iso(run.startedAt) as string,
      CompletedOnUtc: iso(run.finishedAt) as string,
    })),
  };
}
