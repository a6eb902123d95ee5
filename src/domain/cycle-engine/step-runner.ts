/**
 * One step of one transaction, as a queue job: read the transaction, its cycle and its replay log (one
 * look-up), run the current step, and commit its step run with the transaction's new state and the
 * next step's job in one database transaction (fenced by the job's lease). A crash repeats at most
 * the step in flight.
 */

import type { Clock } from '../clock.ts';
import type { ExpressionEvaluator } from '../mapping/resolve-mapping.ts';
import type { Stores } from '../stores.ts';
import type { StepKind } from '../templates/template-document.ts';
import type { JobContext, JobResult } from '../work-queue/job-kind.ts';
import type { CycleEngineEvents } from './engine-events.ts';
import type { CycleEngineSettings } from './engine-settings.ts';
import { StepFinisher } from './step-finish.ts';
import type { StepExecutor, StepOutcome } from './steps/step-outcome.ts';
import { mappingContext } from './transaction-context.ts';

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

export class StepRunner {
  readonly #finisher: StepFinisher;

  constructor(private readonly deps: StepRunnerDependencies) {
    this.#finisher = new StepFinisher(deps);
  }

  async run(transactionId: string, context: JobContext): Promise<JobResult> {
    const { stores, clock } = this.deps;
    const work = await stores.cycleRuns.findStepWork(transactionId);
    if (!work) return;
    const { transaction, cycle } = work;
    if (FINISHED.has(transaction.status) || transaction.status === 'Waiting') return;
    if (transaction.currentStep === null) return;
    const step = cycle.document.Steps.find((s) => s.Key === transaction.currentStep);
    const startedAt = clock();
    if (!step) {
      const missing = `The step '${transaction.currentStep}' is no longer in the cycle.`;
      await context.commit((tx) =>
        this.#finisher.stop(tx, cycle, transaction, transaction.currentStep ?? '', missing, startedAt),
      );
      return;
    }
    let outcome: StepOutcome;
    try {
      const mapping = await mappingContext(stores, work, this.deps.expressions);
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
    const { write, shareTransaction, inOneStatement } = this.#finisher.finish(
      cycle,
      transaction,
      step,
      outcome,
      startedAt,
    );
    if (inOneStatement && (await context.commitInOneStatement(inOneStatement))) return;
    await context.commit(write, { shareTransaction });
  }
}
