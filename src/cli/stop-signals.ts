import type { ConnectionTracker } from '../http/connection-tracker.ts';
import type { Logger } from '../logging/logger.ts';

export interface StopOptions {
  readonly logger: Logger;
  readonly connections: ConnectionTracker;
  /** Stops everything (the server, background jobs, the database); resolves when done. */
  readonly close: () => Promise<void>;
  /** How long requests in flight may take before their connections are closed. */
  readonly graceMs: number;
  /** Leaves the process at once (a second signal); `process.exit` outside tests. */
  readonly exitNow: (code: number) => void;
  /**
   * Also stop when the parent process goes. npm and npx run commands through `sh -c`, and when npm
   * passes a SIGTERM or SIGINT on, the shell dies of it without passing it further: the server would
   * keep running, orphaned. Only set when npm started this process (a server started with `nohup` or
   * `&` must outlive its shell).
   */
  readonly followParent: boolean;
}

const PARENT_CHECK_MS = 500;

/**
 * Resolves once Plugboard has stopped after SIGTERM or SIGINT: idle connections close at once, requests
 * in flight get `graceMs` to finish, and a second signal exits at once, saying so.
 */
export function waitForStop(options: StopOptions): Promise<void> {
  const { logger, connections } = options;
  return new Promise((resolve) => {
    let stopping = false;
    const parent = process.ppid;
    const watcher = options.followParent
      ? setInterval(() => {
          if (process.ppid !== parent) stop('the parent process exited');
        }, PARENT_CHECK_MS)
      : undefined;
    watcher?.unref();

    const onSignal = (signal: NodeJS.Signals) => {
      if (!stopping) {
        stop(signal);
        return;
      }
      logger.warn(
        { signal, requestsInFlight: connections.requestsInFlight() },
        `${signal} again: exiting now without finishing the requests in flight`,
      );
      options.exitNow(1);
    };

    function stop(reason: string): void {
      stopping = true;
      clearInterval(watcher);
      const inFlight = connections.requestsInFlight();
      logger.info(
        { reason, requestsInFlight: inFlight },
        inFlight === 0
          ? `shutting down (${reason})`
          : `shutting down (${reason}): finishing ${inFlight} request(s) in flight, for at most ${options.graceMs / 1000} s; signal again to exit at once`,
      );
      connections.closeIdle();
      const grace = setTimeout(() => {
        logger.warn(
          { requestsInFlight: connections.requestsInFlight() },
          'the grace period is over: closing the connections of the requests still in flight',
        );
        connections.closeAll();
      }, options.graceMs);
      grace.unref();
      options.close().then(
        () => {
          clearTimeout(grace);
          logger.info('Plugboard stopped');
          resolve();
        },
        (error: unknown) => {
          clearTimeout(grace);
          logger.error({ err: error }, 'shutdown failed; Plugboard stopped anyway');
          resolve();
        },
      );
    }

    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
