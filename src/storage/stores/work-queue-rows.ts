import type { Selectable } from 'kysely';
import type { JobErrorEntry, JobStatus, QueuedJob } from '../../domain/work-queue/work-queue-store.ts';
import type { JobRow } from '../schema.ts';

/** Statuses a job can be claimed from (`failed` is a failed attempt waiting for its retry). */
export const WAITING: JobStatus[] = ['queued', 'failed'];
/** Statuses that count as unfinished for the unique key. */
export const UNFINISHED: JobStatus[] = ['queued', 'running', 'failed'];
/** How many failed attempts a job's history keeps. */
export const ERROR_HISTORY = 20;
/** Longest error message kept (messages are written for people; stack traces are logged, not stored). */
const MESSAGE_LIMIT = 2_000;

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toQueuedJob(row: Selectable<JobRow>): QueuedJob {
  return {
    id: Number(row.id),
    kind: row.kind,
    payload: parseJson<unknown>(row.payload, null),
    status: row.status as JobStatus,
    priority: Number(row.priority),
    uniqueKey: row.unique_key,
    accountId: row.account_id,
    concurrencyKey: row.concurrency_key,
    concurrencyLimit: Number(row.concurrency_limit),
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    runAt: Number(row.run_at),
    epoch: Number(row.epoch),
    lockedBy: row.locked_by,
    lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
    lastError: row.last_error,
    errors: parseJson<JobErrorEntry[]>(row.errors, []),
    createdAt: Number(row.created_at),
    startedAt: row.started_at === null ? null : Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  };
}

/** The history after one more failed attempt, as stored text, trimmed to the newest entries. */
export function appendError(errorsText: string, entry: JobErrorEntry): string {
  const errors = parseJson<JobErrorEntry[]>(errorsText, []);
  errors.push({ ...entry, message: entry.message.slice(0, MESSAGE_LIMIT) });
  return JSON.stringify(errors.slice(-ERROR_HISTORY));
}

export function trimMessage(message: string): string {
  return message.slice(0, MESSAGE_LIMIT);
}

/** True when `error` is a unique-constraint violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
