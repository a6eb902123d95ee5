/** Transaction and step-run rows to and from the domain's shapes. */
import type { CycleTransaction, StepRun, TransactionStatus } from '../../domain/cycles/cycle-run.ts';
import type { CycleStepRunRow, CycleTransactionRow } from '../schema.ts';

export const num = (value: number | null): number | null => (value === null ? null : Number(value));
export const json = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export function toTransaction(row: CycleTransactionRow): CycleTransaction {
  return {
    id: row.id,
    cycleId: row.cycle_id,
    accountId: row.account_id,
    status: row.status as TransactionStatus,
    dedupeKey: row.dedupe_key,
    parentId: row.parent_id,
    splitIndex: num(row.split_index),
    item: json(row.item),
    currentStep: row.current_step,
    stepAttempt: Number(row.step_attempt),
    reasonCode: num(row.reason_code),
    message: row.message,
    releaseNumber: Number(row.release_number),
    createdAt: Number(row.created_at),
    startedAt: num(row.started_at),
    completedAt: num(row.completed_at),
    updatedAt: Number(row.updated_at),
  };
}

export const text = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

export function transactionRow(t: CycleTransaction): CycleTransactionRow {
  return {
    id: t.id,
    cycle_id: t.cycleId,
    account_id: t.accountId,
    status: t.status,
    dedupe_key: t.dedupeKey,
    parent_id: t.parentId,
    split_index: t.splitIndex,
    item: text(t.item),
    current_step: t.currentStep,
    step_attempt: t.stepAttempt,
    reason_code: t.reasonCode,
    message: t.message,
    release_number: t.releaseNumber,
    created_at: t.createdAt,
    started_at: t.startedAt,
    completed_at: t.completedAt,
    updated_at: t.updatedAt,
  };
}

export function stepRunRow(run: Omit<StepRun, 'id'>): Omit<CycleStepRunRow, 'id'> {
  return {
    transaction_id: run.transactionId,
    step_key: run.stepKey,
    attempt: run.attempt,
    status: run.status,
    request: text(run.request),
    response: text(run.response),
    output: text(run.output),
    message: run.message,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
  };
}

/** A step run's columns as written, with their PostgreSQL types (for rows written by a SELECT). */
export const STEP_RUN_TYPES = {
  transaction_id: 'text',
  step_key: 'text',
  attempt: 'integer',
  status: 'text',
  request: 'text',
  response: 'text',
  output: 'text',
  message: 'text',
  started_at: 'bigint',
  finished_at: 'bigint',
} as const satisfies Record<keyof Omit<CycleStepRunRow, 'id'>, string>;

export const STEP_RUN_COLUMNS = Object.keys(STEP_RUN_TYPES) as (keyof typeof STEP_RUN_TYPES)[];
