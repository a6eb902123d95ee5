import type { Clock } from '../clock.ts';
import type { Cycle } from '../cycles/cycle.ts';
import type { CycleTransaction, IncidentLevel, StepRun, TransactionQuery } from '../cycles/cycle-run.ts';
import { conflict, notFound } from '../errors.ts';
import type { Stores } from '../stores.ts';
import { enqueueStep } from './work-scheduling.ts';

/** Transactions, their step data and incidents, as the partner API shows them; and retrying one. */
export class TransactionService {
  constructor(
    private readonly stores: Stores,
    private readonly clock: Clock,
  ) {}

  async list(accountId: string, cycleId: string, query: TransactionQuery) {
    const cycle = await this.stores.cycles.find(accountId, cycleId);
    if (!cycle) throw notFound(`Cycle ${cycleId} was not found.`);
    return this.stores.cycleRuns.listTransactions(cycle.id, query);
  }

  async get(
    accountId: string,
    id: string,
  ): Promise<{ transaction: CycleTransaction; cycle: Cycle; steps: StepRun[] }> {
    const transaction = await this.stores.cycleRuns.findTransaction(id);
    const cycle = transaction && (await this.stores.cycles.find(accountId, transaction.cycleId));
    if (!transaction || !cycle) throw notFound(`Transaction ${id} was not found.`);
    return { transaction, cycle, steps: await this.stores.cycleRuns.stepRuns(id) };
  }

  /**
   * Runs an errored transaction again from the step that failed, with a fresh set of retries, on the
   * cycle's current document (a cycle upgraded since runs the new release's step).
   */
  async retry(accountId: string, id: string): Promise<CycleTransaction> {
    const { transaction, cycle } = await this.get(accountId, id);
    if (transaction.status !== 'Errored' || transaction.currentStep === null)
      throw conflict(
        `Transaction ${id} is ${transaction.status}; only an errored transaction can be retried.`,
      );
    const step = transaction.currentStep;
    const now = this.clock();
    await this.stores.transaction(async (tx) => {
      const current = await tx.cycleRuns.lockTransaction(id);
      if (current?.status !== 'Errored') throw conflict(`Transaction ${id} is already being retried.`);
      await tx.cycleRuns.updateTransaction(id, {
        status: 'Queued',
        stepAttempt: 0,
        reasonCode: null,
        message: null,
        completedAt: null,
        releaseNumber: cycle.releaseNumber,
        updatedAt: now,
      });
      await enqueueStep(tx, transaction, step, 0, now);
    });
    return (await this.get(accountId, id)).transaction;
  }

  /** The account's incidents, newest first; with `filter.cycleId`, one cycle's (404 when not the account's). */
  async incidents(
    accountId: string,
    filter: { level?: IncidentLevel; cycleId?: string },
    page: { offset: number; limit: number },
  ) {
    if (filter.cycleId !== undefined && !(await this.stores.cycles.find(accountId, filter.cycleId)))
      throw notFound(`Cycle ${filter.cycleId} was not found.`);
    const found = await this.stores.cycleRuns.listIncidents(accountId, filter, page);
    const cycles = new Map<string, Cycle | undefined>();
    for (const incident of found.items) {
      if (!cycles.has(incident.cycleId))
        cycles.set(incident.cycleId, await this.stores.cycles.find(accountId, incident.cycleId));
    }
    const stepIds = new Map<string, Map<string, string>>();
    for (const cycleId of cycles.keys()) {
      stepIds.set(cycleId, new Map((await this.stores.cycles.steps(cycleId)).map((s) => [s.key, s.id])));
    }
    return { ...found, cycles, stepIds };
  }
}
