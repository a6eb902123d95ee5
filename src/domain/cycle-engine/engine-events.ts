/**
 * What the engine tells the rest of Plugboard, always inside the database transaction of the change
 * it reports (so the report and the change land together or not at all): each incident a transaction
 * or a poll raises, and each cycle the engine pauses by itself. The composition root turns them into
 * partner events and the account's Transaction Error Webhook (see partner-events/cycle-engine-events).
 */
import type { Cycle } from '../cycles/cycle.ts';
import type { TransactionIncident } from '../partner-events/incident-notifications.ts';
import type { Stores } from '../stores.ts';
import { redactStepData } from './step-data-redaction.ts';

export interface CycleEngineEvents {
  /** An incident was recorded in `tx`. */
  incident(tx: Stores, incident: TransactionIncident, at: number): Promise<void>;
  /**
   * The engine paused `cycle` (as it is after the pause) in `tx`: StopIntegration gives the reason
   * (the cycle stopped on an error); a finished RunOnce gives none.
   */
  paused(tx: Stores, cycle: Cycle, reason: string | null, at: number): Promise<void>;
}

/** An incident: where it was raised and what it says; the rest is read from the cycle. */
export interface IncidentFacts {
  readonly transactionId: string | null;
  readonly stepKey: string;
  readonly level: 'Error' | 'Warning';
  readonly shortMessage: string;
  readonly fullMessage: string;
  /** False when the transaction waits instead of stopping (for re-authentication). */
  readonly stopsTransaction?: boolean;
  /** The step's request and response, when it made one (redacted here, as step data is). */
  readonly request?: unknown;
  readonly response?: unknown;
}

/** Records an incident of `cycle` and reports it to `events`, both in `tx`. */
export async function raiseIncident(
  tx: Stores,
  events: CycleEngineEvents,
  cycle: Cycle,
  facts: IncidentFacts,
  now: number,
): Promise<void> {
  await tx.cycleRuns.insertIncident({
    cycleId: cycle.id,
    accountId: cycle.accountId,
    level: facts.level,
    shortMessage: facts.shortMessage.slice(0, 200),
    fullMessage: facts.fullMessage,
    stepKey: facts.stepKey,
    transactionId: facts.transactionId,
    createdAt: now,
  });
  await events.incident(tx, await describeIncident(tx, cycle, facts), now);
}

/** The incident as reported: with the step's Id, name and kind, and the account connector it used. */
async function describeIncident(
  tx: Stores,
  cycle: Cycle,
  facts: IncidentFacts,
): Promise<TransactionIncident> {
  const step = cycle.document.Steps.find((s) => s.Key === facts.stepKey);
  const stepId = (await tx.cycles.steps(cycle.id)).find((s) => s.key === facts.stepKey)?.id ?? null;
  const hasDetail = facts.request != null || facts.response != null;
  return {
    accountId: cycle.accountId,
    cycleId: cycle.id,
    cycleName: cycle.name,
    transactionId: facts.transactionId,
    stepId,
    stepName: step ? (step.Name ?? step.Key) : facts.stepKey,
    stepType: step?.Kind ?? null,
    level: facts.level,
    ...(facts.stopsTransaction === false ? { stopsTransaction: false } : {}),
    message: facts.fullMessage,
    detail: hasDetail
      ? JSON.stringify({
          Request: redactStepData(facts.request ?? null),
          Response: redactStepData(facts.response ?? null),
        })
      : null,
    accountConnectorId: step?.Connector === undefined ? null : (cycle.connectors[step.Connector] ?? null),
  };
}
