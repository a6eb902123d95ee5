/**
 * The engine's housekeeping, one job chain across every process: delete step data past each
 * account's retention (in small batches, so workers are never blocked), and resume transactions
 * parked for re-authentication whose connectors are authenticated again.
 */
import type { Clock } from '../clock.ts';
import type { Stores } from '../stores.ts';
import type { JobContext } from '../work-queue/job-kind.ts';
import type { CycleEngineSettings } from './engine-settings.ts';
import { findResumable, resumeParked } from './reauthentication-resume.ts';
import { enqueueMaintenance } from './work-scheduling.ts';

/** Batches of deletions per run; the rest waits for the next run. */
const MAX_BATCHES = 20;

export async function runMaintenance(
  stores: Stores,
  clock: Clock,
  settings: CycleEngineSettings,
  context: JobContext,
): Promise<void> {
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const deleted = await stores.transaction((tx) =>
      tx.cycleRuns.deleteExpired(clock(), settings.defaultRetentionHours, settings.retentionBatch),
    );
    if (deleted < settings.retentionBatch || context.signal.aborted) break;
  }
  const { ready } = await findResumable(stores, 200);
  const now = clock();
  await context.commit(async (tx) => {
    await resumeParked(tx, ready, now);
    await enqueueMaintenance(tx, now + settings.maintenanceIntervalMs);
  });
}
