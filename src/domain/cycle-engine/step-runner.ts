/**
 * One step of one transaction, as a queue job: replay the step log, run the current step, and commit
 * its step run with the transaction's new state and the next step's job in one database transaction
 * (fenced by the job's lease). A crash repeats at most the step in flight.
 */

import type { Clock } from '../clock.ts';
import type { Cycle } from '../cycles/cycle.ts';
import type { CycleTransaction, StepRunStatus } from '../cycles/cycle-run.ts';
import type { ExpressionEvaluator } from '../mapping/resolve-mapping.ts';
import type { Stores } from '../stores.ts';
import { effectiveSettings, type StepKind, type TemplateStep } from '../templates/template-document.ts';
import type { JobContext, JobResult } from '../work-queue/job-kind.ts';
import { type CycleEngineEvents, raiseIncident } from './engine-events.ts';
import type { CycleEngineSettings } from './engine-settings.ts';
import { decideOnError } from './error-policy.ts';
import { redactStepData } from './step-data-redaction.ts';
import { nextStepKey } from './step-graph-walk.ts';
import type { StepExecutor, StepOutcome } from './steps/step-outcome.ts';
import { mappingContext } from './transaction-context.ts';
import { startTransactions } from './transaction-starter.ts';
import { enqueueStep } from './work-scheduling.ts';

export interface StepRunnerDependencies {
  readonly stores: Stores;
  readonly executors: Readonly<Record<StepKind, StepExecutor>>;
  readonly expressions: ExpressionEvaluator;
  readonly clock: Clock;
  readonly settings: CycleEngineSettings;
  /** Told of each incident and of each cycle StopIntegration pauses, in the same database transaction. */
  readonly events: CycleEngineEvents;
}

const FINISHED = new Set(['Completed', 'Errored', 'Stopped']);

/** Errors that are the template's or the data's fault, not Plugboard's: the step fails, the job does not. */
const STEP_ERRORS = new Set(['ExpressionError', 'MethodInputError']);

type Finish = (tx: Stores) => Promise<void>;

export class StepRunner {
  constructor(private readonly deps: StepRunnerDependencies) {}

  async run(transactionId: string, context: JobContext): Promise<JobResult> {
    const { stores, clock } = this.deps;
    const transaction = await stores.cycleRuns.findTransaction(transactionId);
    if (!transaction || FINISHED.has(transaction.status) || transaction.status === 'Waiting') return;
    if (transaction.currentStep === null) return;
    const cycle = await stores.cycles.findById(transaction.cycleId);
    if (!cycle) return;
    const step = cycle.document.Steps.find((s) => s.Key === transaction.currentStep);
    const startedAt = clock();
    if (!step) {
      const missing = `The step '${transaction.currentStep}' is no longer in the cycle.`;
      await context.commit((tx) =>
        this.#stop(tx, cycle, transaction, transaction.currentStep ?? '', missing, startedAt),
      );
      return;
    }
    let outcome: StepOutcome;
    try {
      const mapping = await mappingContext(stores, cycle, transaction, this.deps.expressions);
      outcome = await this.deps.executors[step.Kind]({
        cycle,
        transaction,
        step,
        mapping,
        now: startedAt,
        signal: context.signal,
      });
    } catch (error) {
      if (!(error instanceof Error) || !STEP_ERRORS.has(error.name)) throw error;
      outcome = {
        kind: 'failed',
        failure: 'permanent',
        message: error.message,
        request: null,
        response: null,
      };
    }
    if (outcome.kind === 'rate-limited') return { snoozeUntil: outcome.until, reason: outcome.message };
    const finish = this.#finish(cycle, transaction, step, outcome, startedAt);
    await context.commit(async (tx) => {
      // A deactivation that dropped queued transactions wins over a step finishing late.
      const current = await tx.cycleRuns.lockTransaction(transaction.id);
      if (!current || FINISHED.has(current.status)) return;
      await finish(tx);
    });
  }

  #finish(
    cycle: Cycle,
    t: CycleTransaction,
    step: TemplateStep,
    outcome: Exclude<StepOutcome, { kind: 'rate-limited' }>,
    startedAt: number,
  ): Finish {
    const now = this.deps.clock();
    // Off: the step run keeps its status, message and output (what later steps and retries read),
    // not what was sent and received.
    const logged = effectiveSettings(cycle.document.Settings).LogStepDataRequests;
    const record = (
      tx: Stores,
      status: StepRunStatus,
      message: string | null,
      output: unknown,
      request: unknown,
      response: unknown,
    ) =>
      tx.cycleRuns.insertStepRun({
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
    if (outcome.kind === 'completed') {
      return async (tx) => {
        await record(tx, 'Completed', null, outcome.output, outcome.request, outcome.response);
        if (outcome.fanOut) await this.#split(tx, cycle, t, step, outcome.fanOut, now);
        else
          await this.#advance(
            tx,
            t,
            nextStepKey(cycle.document, step.Key, outcome.branch),
            now,
            outcome.nextAt,
          );
      };
    }
    if (outcome.kind === 'needs-authentication') {
      const message = `Failed to authenticate the connector: ${outcome.message}`;
      return async (tx) => {
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
      };
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
        return async (tx) => {
          await record(tx, 'Ignored', message, null, outcome.request, outcome.response);
          await this.#advance(tx, t, nextStepKey(cycle.document, step.Key), now);
        };
      case 'retry':
        return async (tx) => {
          await record(tx, 'Retrying', message, null, outcome.request, outcome.response);
          await tx.cycleRuns.updateTransaction(t.id, {
            status: 'Running',
            stepAttempt: t.stepAttempt + 1,
            message,
            startedAt: t.startedAt ?? startedAt,
            updatedAt: now,
          });
          await enqueueStep(tx, t, step.Key, t.stepAttempt + 1, decision.at);
        };
      case 'stop-transaction':
        return async (tx) => {
          await record(tx, 'Errored', message, null, outcome.request, outcome.response);
          await this.#stop(tx, cycle, t, step.Key, message, now, outcome);
        };
      case 'stop-integration':
        return async (tx) => {
          // The cycle's row before the event streams, in the order activation and deactivation take them.
          const fresh = await tx.cycles.lockById(cycle.id);
          await record(tx, 'Errored', message, null, outcome.request, outcome.response);
          const stopped = `${message} We have paused the cycle for now.`;
          await this.#stop(tx, cycle, t, step.Key, stopped, now, outcome);
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
        };
    }
  }

  async #advance(
    tx: Stores,
    t: CycleTransaction,
    next: string | null,
    now: number,
    runAt?: number,
  ): Promise<void> {
    if (next === null) {
      await tx.cycleRuns.updateTransaction(t.id, {
        status: 'Completed',
        currentStep: null,
        stepAttempt: 0,
        startedAt: t.startedAt ?? now,
        completedAt: now,
        updatedAt: now,
      });
      return;
    }
    await tx.cycleRuns.updateTransaction(t.id, {
      status: 'Running',
      currentStep: next,
      stepAttempt: 0,
      message: null,
      startedAt: t.startedAt ?? now,
      updatedAt: now,
    });
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

  async #stop(
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
