import type { Cycle } from './cycle.ts';

/** Where a transaction is. `Waiting` means parked (connection needs re-authentication, or a delay). */
export type TransactionStatus = 'Queued' | 'Running' | 'Waiting' | 'Completed' | 'Errored' | 'Stopped';

/** One item's run through a cycle's steps (Cyclr's transaction). */
export interface CycleTransaction {
  readonly id: string;
  readonly cycleId: string;
  readonly accountId: string;
  readonly status: TransactionStatus;
  readonly dedupeKey: string | null;
  readonly parentId: string | null;
  readonly splitIndex: number | null;
  /** The trigger's output for this transaction. */
  readonly item: unknown;
  /** The next step to run; null once finished. */
  readonly currentStep: string | null;
  /** Attempts spent on the current step (Retry). */
  readonly stepAttempt: number;
  readonly reasonCode: number | null;
  readonly message: string | null;
  readonly releaseNumber: number;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly completedAt: number | null;
  readonly updatedAt: number;
}

export type StepRunStatus = 'Completed' | 'Errored' | 'Ignored' | 'Retrying';

/** What one step did in one transaction: Cyclr's step data, and the engine's replay log. */
export interface StepRun {
  readonly id: number;
  readonly transactionId: string;
  readonly stepKey: string;
  readonly attempt: number;
  readonly status: StepRunStatus;
  /** What was sent (secrets redacted). */
  readonly request: unknown;
  /** What came back (secrets redacted). */
  readonly response: unknown;
  /** What later steps read from this step. */
  readonly output: unknown;
  readonly message: string | null;
  readonly startedAt: number;
  readonly finishedAt: number;
}

export type IncidentLevel = 'Error' | 'Warning';

export interface Incident {
  readonly id: number;
  readonly cycleId: string;
  readonly accountId: string;
  readonly level: IncidentLevel;
  readonly shortMessage: string;
  readonly fullMessage: string;
  readonly stepKey: string | null;
  readonly transactionId: string | null;
  readonly createdAt: number;
}

export type TransactionChanges = Partial<
  Pick<
    CycleTransaction,
    | 'status'
    | 'currentStep'
    | 'stepAttempt'
    | 'reasonCode'
    | 'message'
    | 'startedAt'
    | 'completedAt'
    | 'releaseNumber'
  >
> & { readonly updatedAt: number };

export interface TransactionQuery {
  readonly status: TransactionStatus | null;
  readonly after: number | null;
  readonly before: number | null;
  readonly offset: number;
  readonly limit: number;
}

/** What one step job reads before it runs its step, in one look-up (see `CycleRunStore.findStepWork`). */
export interface StepWork {
  readonly transaction: CycleTransaction;
  readonly cycle: Cycle;
  /** The account's name (`null` once the account is gone). */
  readonly accountName: string | null;
  /** The transaction's own completed or ignored step runs, in the order they ran: the replay log. */
  readonly replay: readonly { readonly stepKey: string; readonly output: unknown }[];
}
