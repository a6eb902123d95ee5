import { Type } from 'typebox';
import type { JobKind } from '../domain/work-queue/job-kind.ts';
import type { EnqueueRequest } from '../domain/work-queue/work-queue-store.ts';
import {
  type SweepOptions,
  type SweepPayload,
  TOKEN_REFRESH_SWEEP,
  tokenRefreshSweep,
} from './token-refresh-sweep.ts';

const SweepPayloadSchema = Type.Object(
  {
    after: Type.Union([
      Type.Object({ dueAt: Type.Number(), id: Type.Integer() }, { additionalProperties: false }),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);

/** The one sweep job: its unique key keeps exactly one unfinished sweep in the queue. */
export const TOKEN_REFRESH_SWEEP_JOB: EnqueueRequest = {
  kind: TOKEN_REFRESH_SWEEP,
  payload: { after: null },
  uniqueKey: TOKEN_REFRESH_SWEEP,
};

/**
 * The refresh sweep (and keep-alive) as a recurring job: each run refreshes one batch, then commits
 * its successor (the next batch now, or the next pass after the interval) together with its own
 * completion, so the chain never breaks or forks, whichever process runs it.
 */
export function tokenRefreshSweepKind(options: SweepOptions): JobKind<SweepPayload> {
  const sweep = tokenRefreshSweep(options);
  return {
    kind: TOKEN_REFRESH_SWEEP,
    payload: SweepPayloadSchema,
    // A pass may refresh a batch of connections one provider call at a time.
    leaseMs: 60_000,
    concurrencyPerProcess: 1,
    maxAttempts: 10,
    backoffMs: (attempt) => Math.min(options.intervalMs, 5_000 * 2 ** (attempt - 1)),
    async handle(payload, context) {
      const next = await sweep(payload);
      await context.commit((tx) =>
        tx.workQueue.enqueue({ ...TOKEN_REFRESH_SWEEP_JOB, payload: next.payload, runAt: next.runAt }),
      );
    },
  };
}
