import type { Server } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { PartnerTraffic } from '../jobs/sweep-yielding.ts';

export interface FollowedTraffic extends PartnerTraffic {
  /** Stops measuring the event loop. */
  close(): void;
}

/**
 * Follows `server`'s requests in flight, and the event loop's delay: lagging while the 99th percentile
 * of the last `windowMs` was over `lagMs`.
 */
export function followPartnerTraffic(
  server: Server,
  options: { readonly lagMs?: number; readonly windowMs?: number } = {},
): FollowedTraffic {
  const lagNs = (options.lagMs ?? 40) * 1e6;
  let inFlight = 0;
  server.on('request', (_request, response) => {
    inFlight++;
    response.once('close', () => {
      inFlight--;
    });
  });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let lagging = false;
  const window = setInterval(() => {
    lagging = delay.count > 0 && delay.percentile(99) > lagNs;
    delay.reset();
  }, options.windowMs ?? 500);
  window.unref();
  return {
    requestsInFlight: () => inFlight,
    lagging: () => lagging,
    close() {
      clearInterval(window);
      delay.disable();
    },
  };
}
