/**
 * A cycle's scheduled poll, as a queue job. It reads every page of the trigger method's changes
 * since the high-water mark minus the overlap (from activation on the first poll, or from the
 * beginning with `Backfill`), and commits, in one database transaction fenced by the job's lease:
 * one transaction per new or changed record (deduplicated on record id and change stamp), the moved
 * high-water mark, and the next poll. A failed poll moves nothing. Missed schedules coalesce: the
 * next poll is the first slot after now.
 */
import { createHash } from 'node:crypto';
import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { Clock } from '../clock.ts';
import type { Cycle } from '../cycles/cycle.ts';
import type { ExpressionEvaluator } from '../mapping/resolve-mapping.ts';
import { resolveMappings } from '../mapping/resolve-mapping.ts';
import type { Stores } from '../stores.ts';
import { effectiveSettings, triggerStep } from '../templates/template-document.ts';
import { resolveConnectors, stepMethods } from '../templates/template-validation.ts';
import type { JobContext, JobResult } from '../work-queue/job-kind.ts';
import { type CycleEngineEvents, type IncidentFacts, raiseIncident } from './engine-events.ts';
import type { CycleEngineSettings } from './engine-settings.ts';
import { resumeParked } from './reauthentication-resume.ts';
import { type MethodCaller, outcomeOfCall, outcomeOfRefusal, unwrap } from './steps/method-step.ts';
import type { StepOutcome } from './steps/step-outcome.ts';
import { isoSeconds } from './transaction-context.ts';
import { startTransactions } from './transaction-starter.ts';
import { enqueuePoll } from './work-scheduling.ts';

export interface PollPayload {
  readonly cycleId: string;
  readonly generation: number;
  readonly dueAt: number;
}

export interface PollRunnerDependencies {
  readonly stores: Stores;
  readonly catalog: ConnectorCatalog;
  readonly calls: MethodCaller;
  readonly expressions: ExpressionEvaluator;
  readonly clock: Clock;
  readonly settings: CycleEngineSettings;
  /** Told of each incident a poll raises and of the pause after a RunOnce, in the same database transaction. */
  readonly events: CycleEngineEvents;
}

/** Pages a poll may read (at the largest page size: 100,000 Capsule records). */
const MAX_POLL_PAGES = 1000;

/** The first schedule slot after `now` (missed slots coalesce into this one poll). */
export function nextSlot(dueAt: number, intervalMs: number, now: number): number {
  if (now < dueAt + intervalMs) return dueAt + intervalMs;
  return dueAt + (Math.floor((now - dueAt) / intervalMs) + 1) * intervalMs;
}

type Poll =
  | { readonly ok: true; readonly records: unknown[] }
  | { readonly ok: false; readonly outcome: StepOutcome };

export class PollRunner {
  constructor(private readonly deps: PollRunnerDependencies) {}

  async run(payload: PollPayload, context: JobContext): Promise<JobResult> {
    const { stores, clock } = this.deps;
    const cycle = await stores.cycles.findById(payload.cycleId);
    if (cycle?.status !== 'Active' || cycle.generation !== payload.generation) return;
    const trigger = triggerStep(cycle.document);
    if (trigger.Kind !== 'Method') return;
    const since =
      cycle.highWaterMark !== null
        ? cycle.highWaterMark - this.deps.settings.pollOverlapMs
        : effectiveSettings(cycle.document.Settings).Backfill
          ? null
          : cycle.activatedAt;
    const polled = await this.#poll(cycle, since);
    if (!polled.ok && polled.outcome.kind === 'rate-limited') return { snoozeUntil: polled.outcome.until };
    const now = clock();
    await context.commit(async (tx) => {
      const fresh = await tx.cycles.lockById(cycle.id);
      if (fresh?.status !== 'Active' || fresh.generation !== payload.generation) return;
      const next = nextSlot(payload.dueAt, fresh.intervalMinutes * 60_000, now);
      let highWaterMark = fresh.highWaterMark;
      if (polled.ok) {
        highWaterMark = await this.#startAll(tx, fresh, polled.records, now);
        // The connection works again: transactions parked for re-authentication carry on.
        await resumeParked(tx, await tx.cycleRuns.transactionsIn(fresh.id, ['Waiting'], 200), now);
      } else await this.#pollFailed(tx, fresh, polled.outcome, now);
      await tx.cycles.update(fresh.id, {
        highWaterMark,
        ...(polled.ok ? { lastRunAt: now } : {}),
        nextRunAt: fresh.runOnce ? null : next,
        ...(fresh.runOnce ? { status: 'Paused' as const } : {}),
        updatedAt: now,
      });
      if (!fresh.runOnce) await enqueuePoll(tx, fresh, next);
      else {
        const paused = await tx.cycles.findById(fresh.id);
        if (paused) await this.deps.events.paused(tx, paused, null, now);
      }
    });
  }

  async #poll(cycle: Cycle, since: number | null): Promise<Poll> {
    const { catalog, calls } = this.deps;
    const trigger = triggerStep(cycle.document);
    const method = stepMethods(cycle.document, catalog).get(trigger.Key);
    const accountConnectorId =
      trigger.Connector === undefined ? undefined : cycle.connectors[trigger.Connector];
    if (!method || accountConnectorId === undefined) return { ok: true, records: [] };
    const parameters = await resolveMappings(trigger.Parameters, {
      steps: {},
      variables: Object.fromEntries(
        (cycle.document.Variables ?? []).map((v) => [v.SystemName, v.Value ?? null]),
      ),
      mergeFields: {
        LastSuccessfulRunDate: isoSeconds(since),
        AccountId: cycle.accountId,
        AccountExternalId: cycle.accountId,
        CycleId: cycle.id,
      },
      account: { Id: cycle.accountId },
      expressions: this.deps.expressions,
    });
    // The largest page the method allows, so every page is read in as few calls as possible.
    if (method.paging.style !== 'none')
      parameters[method.paging.pageSizeParameter] ??= method.paging.maxPageSize;
    const input = { Parameters: parameters, Fields: {} };
    try {
      const result = await calls.callMethod(
        cycle.accountId,
        accountConnectorId,
        method.uniqueIdentifier,
        input,
        { maxPages: MAX_POLL_PAGES, actor: 'cycle' },
      );
      const refused = outcomeOfCall(result, input, this.deps.clock());
      if (refused || !result.ok) return { ok: false, outcome: refused as StepOutcome };
      const list = unwrap(method, result.body);
      return { ok: true, records: Array.isArray(list) ? list : [] };
    } catch (error) {
      return { ok: false, outcome: outcomeOfRefusal(error, input) };
    }
  }

  /** Starts the records' transactions and answers the new high-water mark. */
  async #startAll(
    tx: Stores,
    cycle: Cycle,
    records: readonly unknown[],
    now: number,
  ): Promise<number | null> {
    const trigger = triggerStep(cycle.document);
    const connectorKey = trigger.Connector ?? '';
    const tracking = resolveConnectors(cycle.document, this.deps.catalog).get(connectorKey)?.changeTracking;
    const field = (record: unknown, name: string | undefined) =>
      name !== undefined && typeof record === 'object' && record !== null
        ? (record as Record<string, unknown>)[name]
        : undefined;
    const stampOf = (record: unknown) => {
      const raw = field(record, tracking?.changeStamp);
      const ms = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
      return Number.isNaN(ms) ? null : ms;
    };
    const keyOf = (record: unknown) => {
      const id = field(record, tracking?.recordId);
      const stamp = field(record, tracking?.changeStamp);
      if (id !== undefined && stamp !== undefined) return `${String(id)}@${String(stamp)}`;
      return `sha256:${createHash('sha256').update(JSON.stringify(record)).digest('base64url')}`;
    };
    // Oldest changes first, so a capped poll moves the mark only past what it looked at.
    const sorted = [...records].sort((a, b) => (stampOf(a) ?? 0) - (stampOf(b) ?? 0));
    const cap = this.deps.settings.fanOutCap;
    const split =
      trigger.CollectionSplitType ?? effectiveSettings(cycle.document.Settings).CollectionSplitType;
    let consumed = sorted.length;
    if (split === 'None') {
      if (sorted.length > 0) {
        const key = `batch:${createHash('sha256').update(sorted.map(keyOf).join('\n')).digest('base64url')}`;
        const method = stepMethods(cycle.document, this.deps.catalog).get(trigger.Key);
        await startTransactions(tx, cycle, [{ [method?.response.wrapKey ?? 'items']: sorted }], {
          dedupeKey: () => key,
          now,
        });
      }
    } else if (split === 'First') {
      await startTransactions(tx, cycle, sorted.slice(0, 1), { dedupeKey: keyOf, now });
    } else {
      consumed = (await startTransactions(tx, cycle, sorted, { dedupeKey: keyOf, now, limit: cap })).consumed;
    }
    if (consumed < sorted.length) {
      await this.#incident(tx, cycle, now, {
        level: 'Warning',
        shortMessage: 'Too many changes for one poll',
        fullMessage: `The poll found ${sorted.length} changed records; ${cap} became transactions and the rest follow on the next poll.`,
      });
    }
    const stamps = sorted
      .slice(0, consumed)
      .map(stampOf)
      .filter((s): s is number => s !== null);
    const newest = stamps.length === 0 ? null : Math.max(...stamps);
    if (newest === null) return cycle.highWaterMark;
    return cycle.highWaterMark === null ? newest : Math.max(cycle.highWaterMark, newest);
  }

  async #pollFailed(tx: Stores, cycle: Cycle, outcome: StepOutcome, now: number): Promise<void> {
    const auth = outcome.kind === 'needs-authentication';
    const message = outcome.kind === 'completed' ? '' : outcome.message;
    await this.#incident(tx, cycle, now, {
      level: auth ? 'Error' : 'Warning',
      shortMessage: auth ? 'Failed to authenticate the connector' : 'The poll failed',
      fullMessage: auth
        ? `${message} (ReasonCode 20). Polling resumes with nothing missed once the connector is authenticated again.`
        : `${message} The high-water mark did not move; the next poll asks again.`,
      ...(outcome.kind === 'completed' || outcome.kind === 'rate-limited'
        ? {}
        : { request: outcome.request, response: 'response' in outcome ? outcome.response : null }),
    });
  }

  /** An incident of the poll: at the trigger step, with no transaction. */
  #incident(
    tx: Stores,
    cycle: Cycle,
    now: number,
    incident: Omit<IncidentFacts, 'transactionId' | 'stepKey'>,
  ) {
    const stepKey = triggerStep(cycle.document).Key;
    return raiseIncident(tx, this.deps.events, cycle, { ...incident, transactionId: null, stepKey }, now);
  }
}
