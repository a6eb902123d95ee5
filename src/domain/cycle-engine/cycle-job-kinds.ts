/** The engine's job kinds, registered with the worker pool by the composition root. */
import { Type } from 'typebox';
import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { Clock } from '../clock.ts';
import type { ExpressionEvaluator } from '../mapping/resolve-mapping.ts';
import type { Stores } from '../stores.ts';
import type { StepKind } from '../templates/template-document.ts';
import type { JobKind } from '../work-queue/job-kind.ts';
import type { CycleEngineEvents } from './engine-events.ts';
import { CYCLE_MAINTENANCE, CYCLE_POLL, CYCLE_STEP, type CycleEngineSettings } from './engine-settings.ts';
import { runMaintenance } from './maintenance.ts';
import { type PollPayload, PollRunner } from './poll-runner.ts';
import { resumeJobKind } from './reauthentication-resume.ts';
import { StepRunner } from './step-runner.ts';
import { type HttpStepDependencies, httpStep } from './steps/http-step.ts';
import { type MethodCaller, methodStep } from './steps/method-step.ts';
import type { StepExecutor } from './steps/step-outcome.ts';
import { runDecision, runDelay, runMap, runWaitUntil } from './steps/tool-steps.ts';

/** A webhook trigger's output is its delivery; it never runs as a later step. */
const runWebhookTrigger: StepExecutor = async ({ transaction }) => ({
  kind: 'completed',
  output: transaction.item,
  request: null,
  response: null,
});

export interface CycleEngineDependencies {
  readonly stores: Stores;
  readonly catalog: ConnectorCatalog;
  /** The connector call service: the same executor as data on demand. */
  readonly calls: MethodCaller;
  readonly http: HttpStepDependencies['http'];
  readonly outboundPolicy: HttpStepDependencies['policy'];
  readonly expressions: ExpressionEvaluator;
  readonly clock: Clock;
  readonly settings: CycleEngineSettings;
  /** Partner events and the Transaction Error Webhook: told of incidents and pauses in their transaction. */
  readonly events: CycleEngineEvents;
}

const StepPayload = Type.Object({ transactionId: Type.String() });
const PollPayloadSchema = Type.Object({
  cycleId: Type.String(),
  generation: Type.Integer(),
  dueAt: Type.Number(),
});

export function cycleJobKinds(deps: CycleEngineDependencies): JobKind[] {
  const method = methodStep(deps.calls, deps.catalog);
  const executors: Record<StepKind, StepExecutor> = {
    Method: method,
    Webhook: runWebhookTrigger,
    Http: httpStep({ http: deps.http, policy: deps.outboundPolicy, timeoutMs: deps.settings.httpTimeoutMs }),
    Decision: runDecision,
    Delay: runDelay,
    WaitUntil: runWaitUntil,
    Map: runMap,
  };
  const steps = new StepRunner({ ...deps, executors });
  const polls = new PollRunner(deps);
  return [
    {
      kind: CYCLE_STEP,
      payload: StepPayload,
      // A step's own failures are handled by the cycle's StepErrorAction; these attempts are for
      // Plugboard's (a database hiccup, a crash mid-step).
      maxAttempts: 10,
      // Heartbeats renew the lease while a step runs; a short lease frees a dead process's work soon.
      leaseMs: 15_000,
      concurrencyKeyLimit: deps.settings.accountConcurrency,
      handle: (payload: { transactionId: string }, context) => steps.run(payload.transactionId, context),
    } satisfies JobKind<{ transactionId: string }> as JobKind,
    {
      kind: CYCLE_POLL,
      payload: PollPayloadSchema,
      maxAttempts: 10,
      leaseMs: 15_000,
      concurrencyKeyLimit: 1,
      handle: (payload: PollPayload, context) => polls.run(payload, context),
    } satisfies JobKind<PollPayload> as JobKind,
    {
      kind: CYCLE_MAINTENANCE,
      payload: Type.Object({}),
      maxAttempts: 100,
      handle: async (_payload: unknown, context) =>
        runMaintenance(deps.stores, deps.clock, deps.settings, context),
    },
    resumeJobKind(deps.stores, deps.clock),
  ];
}
