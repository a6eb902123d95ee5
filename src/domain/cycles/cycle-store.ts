import type { Cycle, CycleChanges, CycleStep } from './cycle.ts';

/** Cycles and their steps. Every lookup by id takes the account, so one tenant never sees another's. */
export interface CycleStore {
  insert(cycle: Cycle, steps: readonly CycleStep[]): Promise<void>;
  find(accountId: string, id: string): Promise<Cycle | undefined>;
  /** For the engine, which works from job payloads rather than requests. */
  findById(id: string): Promise<Cycle | undefined>;
  /** Like `findById`, locking the row until the transaction ends (PostgreSQL); serialises activation and polls. */
  lockById(id: string): Promise<Cycle | undefined>;
  list(
    accountId: string,
    page: { offset: number; limit: number },
  ): Promise<{ items: Cycle[]; total: number }>;
  update(id: string, changes: CycleChanges): Promise<void>;
  /** Sets the status only if the generation is still `generation` (a deactivation in between wins). */
  updateIfGeneration(id: string, generation: number, changes: CycleChanges): Promise<boolean>;
  delete(id: string): Promise<void>;
  steps(cycleId: string): Promise<CycleStep[]>;
  /** The step and its cycle, when the step belongs to a cycle of `accountId`. */
  step(accountId: string, stepId: string): Promise<{ step: CycleStep; cycle: Cycle } | undefined>;
  replaceSteps(cycleId: string, steps: readonly CycleStep[]): Promise<void>;
  /** Active cycles bound to this account connector. */
  activeUsingAccountConnector(accountConnectorId: number): Promise<Cycle[]>;
}
