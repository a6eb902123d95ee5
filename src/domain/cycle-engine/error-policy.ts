/**
 * What a failed step does next, as a pure decision (after Nango's retry module): the cycle's
 * `StepErrorAction`, the attempts spent on the step, and whether the failure can pass with time.
 */
import type { StepErrorAction } from '../templates/template-document.ts';

/** Cyclr's retry ladder: about 5 min, 35 min, 1 h 35, 4 h 35 and 10 h 35 after the failure. */
export const CYCLR_RETRY_LADDER_MS: readonly number[] = [5, 35, 95, 275, 635].map((m) => m * 60_000);

export type StepFailureKind =
  /** May pass with time: 5xx, 408, a network error or timeout. */
  | 'transient'
  /** Will fail again the same way: a 4xx, a bad mapping, an expression error. */
  | 'permanent';

export type ErrorDecision =
  | { readonly action: 'ignore'; readonly reason: string }
  | { readonly action: 'retry'; readonly at: number; readonly reason: string }
  | { readonly action: 'stop-transaction'; readonly reason: string }
  | { readonly action: 'stop-integration'; readonly reason: string };

export interface ErrorFacts {
  readonly action: StepErrorAction;
  readonly kind: StepFailureKind;
  /** Retries already spent on this step in this transaction. */
  readonly retriesSpent: number;
  /** Retries allowed (1–5). */
  readonly retryAttempts: number;
  readonly now: number;
  /** Multiplies the ladder (1 in production; a small fraction in tests). */
  readonly ladderScale: number;
}

export function decideOnError(facts: ErrorFacts): ErrorDecision {
  switch (facts.action) {
    case 'Ignore':
      return { action: 'ignore', reason: 'StepErrorAction is Ignore: the transaction carries on.' };
    case 'StopIntegration':
      return {
        action: 'stop-integration',
        reason: 'StepErrorAction is StopIntegration: the cycle is paused.',
      };
    case 'StopTransaction':
      return { action: 'stop-transaction', reason: 'StepErrorAction is StopTransaction.' };
    case 'Retry': {
      if (facts.kind === 'permanent')
        return { action: 'stop-transaction', reason: 'The failure would repeat on a retry.' };
      if (facts.retriesSpent >= facts.retryAttempts)
        return { action: 'stop-transaction', reason: 'Out of retries.' };
      const step = CYCLR_RETRY_LADDER_MS[
        Math.min(facts.retriesSpent, CYCLR_RETRY_LADDER_MS.length - 1)
      ] as number;
      return {
        action: 'retry',
        at: facts.now + Math.max(1, Math.round(step * facts.ladderScale)),
        reason: `Retry ${facts.retriesSpent + 1} of ${facts.retryAttempts}.`,
      };
    }
  }
}
