import type { CurrentAccountSession } from '../domain/account-sessions/account-session-service.ts';

/** Cyclr's LAUNCH result, posted to the partner's page (or put in the redirect's query). */
export interface LaunchResult {
  readonly accountId: string;
  readonly cycleId: string | null;
  readonly status: 'Completed' | 'Cancelled';
  readonly templateId: string | null;
  readonly errors: readonly string[];
  readonly completeParameter: string | null;
}

/** The result of a LAUNCH session: the last cycle switched on there, if any, and what went wrong. */
export function launchResult(
  session: CurrentAccountSession,
  status: LaunchResult['status'],
  lastCycle: { readonly cycleId: string; readonly templateId: string } | null,
  errors: readonly string[] = [],
): LaunchResult {
  return {
    accountId: session.accountId,
    cycleId: lastCycle?.cycleId ?? null,
    status,
    templateId: lastCycle?.templateId ?? null,
    errors,
    completeParameter: session.launch?.completeParameter ?? null,
  };
}
