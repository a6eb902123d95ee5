/** Transaction rows as the domain sees them. */
import type { CycleTransaction, TransactionStatus } from '../../domain/cycles/cycle-run.ts';
import type { CycleTransactionRow } from '../schema.ts';

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
