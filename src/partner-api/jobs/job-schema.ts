import { Type } from 'typebox';
import type { JobSummary } from '../../domain/work-queue/job-inspection.ts';

const Time = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

/** A background job as the partner API shows it (a Plugboard addition; no payload, ever). */
export const JobSchema = Type.Object({
  Id: Type.Integer(),
  Kind: Type.String(),
  Status: Type.String({ description: 'queued, running, succeeded, failed (will retry) or dead' }),
  Priority: Type.Integer(),
  AccountId: Type.Union([Type.String(), Type.Null()]),
  Attempts: Type.Integer(),
  MaxAttempts: Type.Integer(),
  RunAt: Type.String({ format: 'date-time', description: 'when it runs next (or ran last)' }),
  LockedUntil: Time,
  LastError: Type.Union([Type.String(), Type.Null()]),
  Errors: Type.Array(
    Type.Object({
      At: Type.String({ format: 'date-time' }),
      Attempt: Type.Integer(),
      Message: Type.String(),
    }),
  ),
  CreatedAt: Type.String({ format: 'date-time' }),
  StartedAt: Time,
  FinishedAt: Time,
});

export const JobIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) });

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function toJobView(job: JobSummary) {
  return {
    Id: job.id,
    Kind: job.kind,
    Status: job.status,
    Priority: job.priority,
    AccountId: job.accountId,
    Attempts: job.attempts,
    MaxAttempts: job.maxAttempts,
    RunAt: iso(job.runAt),
    LockedUntil: isoOrNull(job.lockedUntil),
    LastError: job.lastError,
    Errors: job.errors.map((e) => ({ At: iso(e.at), Attempt: e.attempt, Message: e.message })),
    CreatedAt: iso(job.createdAt),
    StartedAt: isoOrNull(job.startedAt),
    FinishedAt: isoOrNull(job.finishedAt),
  };
}
