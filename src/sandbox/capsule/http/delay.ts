import { setTimeout as sleep } from 'node:timers/promises';

/** Waits `ms` milliseconds; resolves at once for 0, so the default switches add no timer at all. */
export async function simulatedLatency(ms: number): Promise<void> {
  if (ms > 0) {
    await sleep(ms);
  }
}
