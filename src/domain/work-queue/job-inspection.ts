import type { Clock } from '../clock.ts';
import { conflict, notFound, PlugboardError } from '../errors.ts';
import {
  JOB_STATUSES,
  type JobErrorEntry,
  type JobStatus,
  type QueuedJob,
  type WorkQueueStore,
} from './work-queue-store.ts';

/**
 * A job as operators and partners see it: everything about its life, nothing of its payload (which
 * may carry record data or identifiers a reader of the dead-letter list has no business seeing).
 */
export interface JobSummary {
  readonly id: number;
  readonly kind: string;
  readonly status: JobStatus;
  readonly priority: number;
  readonly accountId: string | null;
  readonly concurrencyKey: string | null;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly runAt: number;
  readonly lockedBy: string | null;
  readonly lockedUntil: number | null;
  readonly lastError: string | null;
  readonly errors: readonly JobErrorEntry[];
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

export interface JobQuery {
  readonly status?: JobStatus | undefined;
  readonly kind?: string | undefined;
  readonly offset: number;
  readonly limit: number;
}

function summarise(job: QueuedJob): JobSummary {
  const {
    payload: _payload,
    uniqueKey: _uniqueKey,
    epoch: _epoch,
    concurrencyLimit: _limit,
    ...summary
  } = job;
  return summary;
}

/** Reads `status` text (any case); undefined when absent, an `invalid_parameter` error when unknown. */
export function parseJobStatus(text: string | undefined): JobStatus | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const status = text.trim().toLowerCase() as JobStatus;
  if (!JOB_STATUSES.includes(status)) {
    throw new PlugboardError('invalid_parameter', `status must be one of ${JOB_STATUSES.join(', ')}.`);
  }
  return status;
}

/** What the CLI and the partner API may do with the queue: look at jobs, and run a failed one again. */
export class JobInspection {
  constructor(
    private readonly store: WorkQueueStore,
    private readonly clock: Clock,
  ) {}

  /** Jobs newest first, with the total for paging. */
  async list(query: JobQuery): Promise<{ items: JobSummary[]; total: number }> {
    const filter = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
    };
    const [items, total] = await Promise.all([
      this.store.list({ ...filter, offset: query.offset, limit: query.limit }),
      this.store.count(filter),
    ]);
    return { items: items.map(summarise), total };
  }

  async get(id: number): Promise<JobSummary> {
    const job = Number.isSafeInteger(id) ? await this.store.find(id) : undefined;
    if (!job) throw notFound(`Job ${id} was not found.`);
    return summarise(job);
  }

  /** Puts a failed or dead job back in the queue, due now (a dead one with fresh attempts). */
  async retry(id: number): Promise<JobSummary> {
    const outcome = Number.isSafeInteger(id) ? await this.store.retry(id, this.clock()) : 'not_found';
    if (outcome === 'not_found') throw notFound(`Job ${id} was not found.`);
    if (outcome === 'not_retryable')
      throw conflict(`Job ${id} is not failed or dead, so there is nothing to retry.`);
    if (outcome === 'duplicate') {
      throw conflict(
        `Job ${id} was not retried: an unfinished job with the same unique key is already queued.`,
      );
    }
    return this.get(id);
  }
}
