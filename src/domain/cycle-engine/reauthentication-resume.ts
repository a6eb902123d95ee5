/**
 * Transactions parked as `Waiting` (ReasonCode 20) because a connection expired or was revoked carry
 * on once every connector of their cycle is authenticated again. Authenticating a connection asks
 * for this in the same database transaction that stores its credentials ({@link requestResume}), so
 * the work resumes at once; the next poll of the cycle and the maintenance job are the safety nets.
 */
import { Type } from 'typebox';
import type { Clock } from '../clock.ts';
import type { CycleTransaction } from '../cycles/cycle-run.ts';
import type { Stores } from '../stores.ts';
import type { JobKind } from '../work-queue/job-kind.ts';
import { CYCLE_RESUME } from './engine-settings.ts';
import { enqueueStep } from './work-scheduling.ts';

/** Parked transactions resumed per resume job; a full batch that resumed some asks for another. */
const BATCH = 500;

/** Connections that can be called (a refresh in flight or a failing one still holds working tokens). */
const CALLABLE = new Set(['Authenticated', 'Refreshing', 'Degraded']);

/** Whether every account connector the transaction's cycle is bound to can be called again. */
async function cycleReady(tx: Stores, cycleId: string, seen: Map<string, boolean>): Promise<boolean> {
  const known = seen.get(cycleId);
  if (known !== undefined) return known;
  const cycle = await tx.cycles.findById(cycleId);
  let ready = cycle !== undefined;
  for (const id of Object.values(cycle?.connectors ?? {})) {
    const connector = await tx.accountConnectors.find(cycle?.accountId ?? '', id);
    if (!CALLABLE.has(connector?.authStatus ?? '')) ready = false;
  }
  seen.set(cycleId, ready);
  return ready;
}

/** Pages read looking for parked transactions that can resume, so one job's reading stays bounded. */
const MAX_PAGES = 20;

/**
 * Up to `want` parked transactions (of one account when given) whose cycles can run again, paging
 * past the ones still blocked by another broken connection, so those never hide newer ones. Answers
 * them and whether more parked transactions are left unread.
 */
export async function findResumable(
  stores: Stores,
  want: number,
  accountId?: string,
): Promise<{ ready: CycleTransaction[]; more: boolean }> {
  const seen = new Map<string, boolean>();
  const ready: CycleTransaction[] = [];
  let afterId: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const parked = await stores.cycleRuns.waitingForAuthentication(want, { accountId, afterId });
    for (const t of parked) {
      if (t.currentStep !== null && (await cycleReady(stores, t.cycleId, seen))) ready.push(t);
      if (ready.length === want) return { ready, more: true };
    }
    if (parked.length < want) return { ready, more: false };
    afterId = parked[parked.length - 1]?.id;
  }
  return { ready, more: true };
}

/**
 * Resumes, in `tx`, each parked transaction whose cycle's connectors are all authenticated, from the
 * step that found the connection broken. Answers how many resumed.
 */
export async function resumeParked(
  tx: Stores,
  parked: readonly CycleTransaction[],
  now: number,
): Promise<number> {
  const seen = new Map<string, boolean>();
  let resumed = 0;
  for (const t of parked) {
    if (t.currentStep === null || !(await cycleReady(tx, t.cycleId, seen))) continue;
    // Conditional: a concurrent resume (poll, maintenance, another authentication) resumes it once.
    if (!(await tx.cycleRuns.resumeIfWaiting(t.id, now))) continue;
    await enqueueStep(tx, t, t.currentStep, t.stepAttempt);
    resumed++;
  }
  return resumed;
}

/** Asks, in `tx` (the one that authenticates the connection), for its account's parked work to resume. */
export async function requestResume(
  tx: Stores,
  connection: { readonly id: number; readonly accountId: string },
  at: number,
): Promise<void> {
  await tx.workQueue.enqueue({
    kind: CYCLE_RESUME,
    payload: { accountConnectorId: connection.id, accountId: connection.accountId },
    runAt: at,
    accountId: connection.accountId,
    // Not unique: a request made while one runs must run again (that one may have read the
    // connection before this authentication committed). One at a time per account.
    concurrencyKey: `cycle-resume:${connection.accountId}`,
  });
}

const ResumePayload = Type.Object({
  accountConnectorId: Type.Integer({ minimum: 1 }),
  accountId: Type.String(),
});

/** The job that resumes an account's parked transactions after one of its connections authenticated. */
export function resumeJobKind(stores: Stores, clock: Clock): JobKind {
  return {
    kind: CYCLE_RESUME,
    payload: ResumePayload,
    maxAttempts: 10,
    concurrencyKeyLimit: 1,
    handle: async (payload: { accountConnectorId: number; accountId: string }, context) => {
      const { ready, more } = await findResumable(stores, BATCH, payload.accountId);
      if (ready.length === 0) return;
      await context.commit(async (tx) => {
        const now = clock();
        const resumed = await resumeParked(tx, ready, now);
        if (more && resumed > 0)
          await requestResume(tx, { id: payload.accountConnectorId, accountId: payload.accountId }, now);
      });
    },
  } satisfies JobKind<{ accountConnectorId: number; accountId: string }> as JobKind;
}
