/**
 * How a step's outcome is committed: its step run, the transaction's new state and the next step's
 * job (or the incident, the retry, the stop), written in the step job's commit. Nothing is written for
 * a transaction that finished meanwhile (a deactivation that dropped queued transactions wins over a
 * step finishing late): the common outcome, moving on to the next step, checks that with the
 * transaction's update itself; the others lock the transaction's row first.
 */
import type { Clock } from '../clock.ts';
import type { Cycle } from '../cycles/cycle.ts';
import type { CycleTransaction, StepRun, StepRunStatus, TransactionChanges } from '../cycles/cycle-run.ts';
import type { StepJobLease } from '../cycles/cycle-run-store.ts';
import type { Stores } from '../stores.ts';
import { effectiveSettings, type TemplateStep } from '../templates/template-document.ts';
import { type CycleEngineEvents, raiseIncident } from './engine-events.ts';
import type { CycleEngineSettings } from './engine-settings.ts';
import { decideOnError } from './error-policy.ts';
import { redactStepData } from './step-data-redaction.ts';
import { nextStepKey } from './step-graph-walk.ts';
import type { StepOutcome } from './steps/step-outcome.ts';
import { startTransactions } from './transaction-starter.ts';
import { enqueueStep } from './work-scheduling.ts';

export interface StepFinishDependencies {
  readonly clock: Clock;
  readonly settings: CycleEngineSettings;
  /** Told of each incident and of each cycle StopIntegration pauses, in the same database transaction. */
  readonly events: CycleEngineEvents;
}

/** What a step's outcome writes, given the commit's stores. */
export type Finish = (tx: Stores) => Promise<void>;

/**
 * A step's commit: what it writes, and whether that may share a database transaction with other
 * jobs' commits. Moving on to the next step may: it writes only the transaction's own rows and its
 * next job. The rest lock the transaction's row (and StopIntegration the cycle's) first.
 */
export interface StepCommit {
  readonly write: Finish;
  readonly shareTransaction: boolean;
  /**
   * The same commit as one statement that also marks the step's job succeeded (`JobContext.
   * commitInOneStatement`), where there is one: a step that completes its transaction.
   */
  readonly inOneStatement?: OneStatementCommit;
}

/** A commit in one statement: the job's completion (fenced by its lease) with the step's effects. */
export type OneStatementCommit = (
  stores: Stores,
  job: StepJobLease,
  now: number,
) => Promise<boolean | undefined>;

/** A step's outcome once a 429 has been dealt with (that one commits nothing). */
export type CommittedOutcome = Exclude<StepOutcome, { kind: 'rate-limited' }>;

const FINISHED = new Set(['Completed', 'Errored', 'Stopped']);

/** `work`, unless the transaction has finished meanwhile; its row is locked until commit. */
function whileUnfinished(transactionId: string, work: Finish): StepCommit {
  const write: Finish = async (tx) => {
    const current = await tx.cycleRuns.lockTransaction(transactionId);
    if (!current || FINISHED.has(current.status)) return;
    await work(tx);
  };
  return { write, shareTransaction: false };
}

const advancing = (write: Finish): StepCommit => ({ write, shareTransaction: true });

/** What completing transaction `t` at `now` changes. */
const completedChanges = (t: CycleTransaction, now: number): TransactionChanges => ({
  status: 'Completed',
  currentStep: null,
  stepAttempt: 0,
  startedAt: t.startedAt ?? now,
  completedAt: now,
  updatedAt: now,
});

export class StepFinisher {
  constructor(private readonly deps: StepFinishDependencies) {}

  /** What committing `outcome` of `step` writes. */
  finish(
    cycle: Cycle,
    t: CycleTransaction,
    step: TemplateStep,
    outcome: CommittedOutcome,
    startedAt: number,
  ): StepCommit {
    const now = this.deps.clock();
    // Off: the step run keeps its status, message and output (what later steps and retries read),
    // not what was sent and received.
    const logged = effectiveSettings(cycle.document.Settings).LogStepDataRequests;
    const runOf = (
      status: StepRunStatus,
      message: string | null,
      output: unknown,
      request: unknown,
      response: unknown,
    ): Omit<StepRun, 'id'> => ({
      transactionId: t.id,
      stepKey: step.Key,
      attempt: t.stepAttempt + 1,
      status,
      request: logged ? redactStepData(request) : null,
      response: logged ? redactStepData(response) : null,
      output,
      message,
      startedAt,
      finishedAt: now,
    });
    const record = (tx: Stores, ...run: Parameters<typeof runOf>) =>
      tx.cycleRuns.insertStepRun(runOf(...run));
    if (outcome.kind === 'completed') {
      const { fanOut } = outcome;
      if (fanOut)
        return whileUnfinished(t.id, async (tx) => {
          await record(tx, 'Completed', null, outcome.output, outcome.request, outcome.response);
          await this.#split(tx, cycle, t, step, fanOut, now);
        });
      const next = nextStepKey(cycle.document, step.Key, outcome.branch);
      const run = runOf('Completed', null, outcome.output, outcome.request, outcome.response);
      return this.#advancing(t, run, next, now, outcome.nextAt);
    }
    if (outcome.kind === 'needs-authentication') {
      const message = `Failed to authenticate the connector: ${outcome.message}`;
      return whileUnfinished(t.id, async (tx) => {
        await record(tx, 'Errored', message, null, outcome.request, null);
        await tx.cycleRuns.updateTransaction(t.id, {
          status: 'Waiting',
          reasonCode: 20,
          message,
          updatedAt: now,
        });
        await this.#incident(
          tx,
          cycle,
          t,
          step.Key,
          'Failed to authenticate the connector',
          `${message} (ReasonCode 20). The transaction waits and resumes once the connector is authenticated again.`,
          now,
          'Error',
          { request: outcome.request, stopsTransaction: false },
        );
      });
    }
    const settings = effectiveSettings(cycle.document.Settings);
    const decision = decideOnError({
      action: step.StepErrorAction ?? settings.StepErrorAction,
      kind: outcome.failure,
      retriesSpent: t.stepAttempt,
      retryAttempts: settings.RetryAttempts,
      now,
      ladderScale: this.deps.settings.retryLadderScale,
    });
    const message = `${outcome.message} ${decision.reason}`;
    switch (decision.action) {
      case 'ignore':
        return this.#advancing(
          t,
          runOf('Ignored', message, null, outcome.request, outcome.response),
          nextStepKey(cycle.document, step.Key),
          now,
        );
      case 'retry':
        return whileUnfinished(t.id, async (tx) => {
          await record(tx, 'Retrying', message, null, outcome.request, outcome.response);
          await tx.cycleRuns.updateTransaction(t.id, {
            status: 'Running',
            stepAttempt: t.stepAttempt + 1,
            message,
            startedAt: t.startedAt ?? startedAt,
            updatedAt: now,
          });
          await enqueueStep(tx, t, step.Key, t.stepAttempt + 1, decision.at);
        });
      case 'stop-transaction':
        return whileUnfinished(t.id, async (tx) => {
          await record(tx, 'Errored', message, null, outcome.request, outcome.response);
          await this.stop(tx, cycle, t, step.Key, message, now, outcome);
        });
      case 'stop-integration':
        return whileUnfinished(t.id, async (tx) => {
          // The cycle's row before the event streams, in the order activation and deactivation take them.
          const fresh = await tx.cycles.lockById(cycle.id);
          await record(tx, 'Errored', message, null, outcome.request, outcome.response);
          const stopped = `${message} We have paused the cycle for now.`;
          await this.stop(tx, cycle, t, step.Key, stopped, now, outcome);
          if (fresh && fresh.status === 'Active') {
            await tx.cycles.update(cycle.id, {
              status: 'Paused',
              generation: fresh.generation + 1,
              nextRunAt: null,
              updatedAt: now,
            });
            const paused = await tx.cycles.findById(cycle.id);
            if (paused) await this.deps.events.paused(tx, paused, stopped, now);
          }
        });
    }
  }

  /**
   * The commit of a step that moves its transaction on: it may share a database transaction, and when
   * it completes the transaction (no next step, so no job to queue) it can be one statement.
   */
  #advancing(
    t: CycleTransaction,
    run: Omit<StepRun, 'id'>,
    next: string | null,
    now: number,
    runAt?: number,
  ): StepCommit {
    const write: Finish = (tx) => this.#advance(tx, t, run, next, now, runAt);
    if (next !== null) return advancing(write);
    const changes = completedChanges(t, now);
    return {
      ...advancing(write),
      inOneStatement: (stores, job, finishedAt) =>
        stores.cycleRuns.recordCompletingJob(job, finishedAt, t.id, changes, run),
    };
  }

  /**
   * Records the step's `run` and moves the transaction on to `next` (queueing that step's job), or
   * completes it when there is none; writes nothing when the transaction finished meanwhile.
   */
  async #advance(
    tx: Stores,
    t: CycleTransaction,
    run: Omit<StepRun, 'id'>,
    next: string | null,
    now: number,
    runAt?: number,
  ): Promise<void> {
    const startedAt = t.startedAt ?? now;
    if (next === null) {
      await tx.cycleRuns.recordIfUnfinished(t.id, completedChanges(t, now), run);
      return;
    }
    const changes = {
      status: 'Running',
      currentStep: next,
      stepAttempt: 0,
      message: null,
      startedAt,
    } as const;
    if (await tx.cycleRuns.recordIfUnfinished(t.id, { ...changes, updatedAt: now }, run))
      await enqueueStep(tx, t, next, 0, runAt);
  }

  /** Splitting a later step's list: one child transaction per item, unique on (parent, index), capped. */
  async #split(
    tx: Stores,
    cycle: Cycle,
    t: CycleTransaction,
    step: TemplateStep,
    items: readonly unknown[],
    now: number,
  ): Promise<void> {
    const cap = this.deps.settings.fanOutCap;
    await startTransactions(tx, cycle, items.slice(0, cap), {
      dedupeKey: (_item, index) => `split:${t.id}:${step.Key}:${index}`,
      now,
      fromStep: step.Key,
      parentId: t.id,
    });
    if (items.length > cap)
      await this.#incident(
        tx,
        cycle,
        t,
        step.Key,
        'Too many items to split',
        `Step '${step.Key}' returned ${items.length} items; only the first ${cap} became transactions.`,
        now,
        'Warning',
      );
    await tx.cycleRuns.updateTransaction(t.id, {
      status: 'Completed',
      currentStep: null,
      startedAt: t.startedAt ?? now,
      completedAt: now,
      updatedAt: now,
    });
  }

  /** Stops the transaction with `message` and raises its incident. */
  async stop(
    tx: Stores,
    cycle: Cycle,
    t: CycleTransaction,
    stepKey: string,
    message: string,
    now: number,
    detail: { readonly request?: unknown; readonly response?: unknown } = {},
  ): Promise<void> {
    await tx.cycleRuns.updateTransaction(t.id, {
      status: 'Errored',
      message,
      startedAt: t.startedAt ?? now,
      completedAt: now,
      updatedAt: now,
    });
    await this.#incident(
      tx,
      cycle,
      t,
      stepKey,
      message.split('. ')[0] ?? message,
      message,
      now,
      'Error',
      detail,
    );
  }

  async #incident(
    tx: Stores,
    cycle: Cycle,
    t: CycleTransaction,
    stepKey: string,
    short: string,
    full: string,
    now: number,
    level: 'Error' | 'Warning' = 'Error',
    detail: {
      readonly request?: unknown;
      readonly response?: unknown;
      readonly stopsTransaction?: boolean;
    } = {},
  ): Promise<void> {
    await raiseIncident(
      tx,
      this.deps.events,
      cycle,
      {
        transactionId: t.id,
        stepKey,
        level,
        shortMessage: short,
        fullMessage: full,
        request: detail.request,
        response: detail.response,
        ...(detail.stopsTransaction === false ? { stopsTransaction: false } : {}),
      },
      now,
    );
  }
}
