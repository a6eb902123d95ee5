import type {
  CycleTransaction,
  Incident,
  IncidentLevel,
  StepRun,
  StepWork,
  TransactionChanges,
  TransactionQuery,
  TransactionStatus,
} from './cycle-run.ts';

/** The claim on a step job that a one-statement commit marks succeeded (its id and lease epoch). */
export interface StepJobLease {
  readonly id: number;
  readonly epoch: number;
}

/** Transactions, their step runs and incidents. */
export interface CycleRunStore {
  /** Inserts unless (cycle, dedupe key) exists; answers whether it was inserted. */
  insertTransaction(transaction: CycleTransaction): Promise<boolean>;
  /** Inserts many at once, each unless its (cycle, dedupe key) exists; answers the ids inserted. */
  insertTransactions(transactions: readonly CycleTransaction[]): Promise<string[]>;
  findTransaction(id: string): Promise<CycleTransaction | undefined>;
  /**
   * Inside a transaction: reads the row and holds it until commit (PostgreSQL `FOR UPDATE`; SQLite's
   * write transactions are serial already), so a late write cannot overwrite a concurrent stop.
   */
  lockTransaction(id: string): Promise<CycleTransaction | undefined>;
  /** Newest first. */
  listTransactions(
    cycleId: string,
    query: TransactionQuery,
  ): Promise<{ items: CycleTransaction[]; total: number }>;
  updateTransaction(id: string, changes: TransactionChanges): Promise<void>;
  /**
   * Applies `changes` to the transaction and records `run`, only while the transaction is unfinished
   * (not Completed, Errored or Stopped); answers whether it did. Inside a transaction the row then
   * stays locked until commit, as with `lockTransaction`: a step finishing late cannot overwrite a
   * concurrent stop.
   */
  recordIfUnfinished(id: string, changes: TransactionChanges, run: Omit<StepRun, 'id'>): Promise<boolean>;
  /**
   * `recordIfUnfinished` together with marking the step's job succeeded at `finishedAt`, fenced by its
   * lease, in one statement (one round trip, no `BEGIN`…`COMMIT`): nothing is written unless the job is
   * still held. Answers whether the lease was held (the transaction moved only if it was unfinished),
   * or undefined where the database cannot do it in one statement (SQLite: there a round trip costs
   * nothing, and the caller commits as usual).
   */
  recordCompletingJob(
    job: StepJobLease,
    finishedAt: number,
    id: string,
    changes: TransactionChanges,
    run: Omit<StepRun, 'id'>,
  ): Promise<boolean | undefined>;
  /**
   * A step job's reads in one statement: the transaction, its cycle, the account's name and the
   * transaction's replay log. Undefined when the transaction (or its cycle) is gone.
   */
  findStepWork(transactionId: string): Promise<StepWork | undefined>;
  /** Transactions of a cycle in one of `statuses`, oldest first, at most `limit`. */
  transactionsIn(
    cycleId: string,
    statuses: readonly TransactionStatus[],
    limit: number,
  ): Promise<CycleTransaction[]>;
  /** Stops every unfinished transaction of a cycle (deactivation dropping queued work); answers how many. */
  stopUnfinished(cycleId: string, now: number): Promise<number>;
  /**
   * Transactions parked for re-authentication (ReasonCode 20) in id order, at most `limit`: of one
   * account when `accountId` is given, and after `afterId` when given (keyset paging).
   */
  waitingForAuthentication(
    limit: number,
    options?: { readonly accountId?: string | undefined; readonly afterId?: string | undefined },
  ): Promise<CycleTransaction[]>;
  /**
   * Moves a transaction parked for re-authentication back to `Running`, only if it is still parked:
   * answers false when another resume (or a deactivation) got there first.
   */
  resumeIfWaiting(id: string, now: number): Promise<boolean>;
  countByStatus(cycleId: string): Promise<Partial<Record<TransactionStatus, number>>>;
  insertStepRun(run: Omit<StepRun, 'id'>): Promise<void>;
  /** Inserts many in one write, in this order. */
  insertStepRuns(runs: readonly Omit<StepRun, 'id'>[]): Promise<void>;
  /** In the order they ran. */
  stepRuns(transactionId: string): Promise<StepRun[]>;
  insertIncident(incident: Omit<Incident, 'id'>): Promise<void>;
  /** Newest first; `filter.level` and `filter.cycleId` narrow the account's incidents. */
  listIncidents(
    accountId: string,
    filter: { level?: IncidentLevel; cycleId?: string },
    page: { offset: number; limit: number },
  ): Promise<{ items: Incident[]; total: number }>;
  /**
   * Deletes up to `limit` finished transactions (with their step runs and incidents) of accounts whose retention has
   * passed: Completed ones created before `successBefore(account)`, Errored and Stopped ones before
   * `erroredBefore(account)`. Answers how many were deleted.
   */
  deleteExpired(now: number, defaultRetentionHours: number, limit: number): Promise<number>;
}
