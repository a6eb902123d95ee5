import type { Cycle } from '../../cycles/cycle.ts';
import type { CycleTransaction } from '../../cycles/cycle-run.ts';
import type { MappingContext } from '../../mapping/resolve-mapping.ts';
import type { TemplateStep } from '../../templates/template-document.ts';
import type { StepFailureKind } from '../error-policy.ts';

/** What running one step came to. Executors never throw for a provider's or partner's failure. */
export type StepOutcome =
  | {
      readonly kind: 'completed';
      /** What later steps read from this step. */
      readonly output: unknown;
      readonly request: unknown;
      readonly response: unknown;
      /** A Decision's branch. */
      readonly branch?: 'True' | 'False';
      /** Delay and WaitUntil: when the next step may run. */
      readonly nextAt?: number;
      /** A list to split into child transactions (splitting All on a later step). */
      readonly fanOut?: readonly unknown[];
    }
  | {
      readonly kind: 'failed';
      readonly failure: StepFailureKind;
      readonly message: string;
      readonly request: unknown;
      readonly response: unknown;
    }
  /** The provider asked to wait (429): try the same step again then, without spending an attempt. */
  | { readonly kind: 'rate-limited'; readonly until: number; readonly message: string }
  /** The connection must be authenticated again: the transaction waits (ReasonCode 20). */
  | { readonly kind: 'needs-authentication'; readonly message: string; readonly request: unknown };

/** Everything a step sees. */
export interface StepRun {
  readonly cycle: Cycle;
  readonly transaction: CycleTransaction;
  readonly step: TemplateStep;
  readonly mapping: MappingContext;
  readonly now: number;
  readonly signal: AbortSignal;
}

/** An executor of one kind of step. */
export type StepExecutor = (run: StepRun) => Promise<StepOutcome>;

export const failed = (
  failure: StepFailureKind,
  message: string,
  request: unknown = null,
  response: unknown = null,
): StepOutcome => ({
  kind: 'failed',
  failure,
  message,
  request,
  response,
});
