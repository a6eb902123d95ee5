import type {
  ConnectorCredentialStore,
  RefreshStart,
} from '../account-connectors/connector-credential-store.ts';
import type { Clock } from '../clock.ts';

/**
 * A refresh lease held on the connection's row (see `beginRefresh`): renewed every third of its
 * time-to-live while the refresh runs, ended by the outcome's write, or given back by `end` when the
 * refresh stopped without one.
 */
export class RowLease {
  #until: number;
  #renewing: Promise<unknown> = Promise.resolve();
  #ended = false;
  readonly #heartbeat: ReturnType<typeof setInterval>;

  constructor(
    private readonly store: Pick<ConnectorCredentialStore, 'renewRefreshLease' | 'releaseRefreshLease'>,
    private readonly start: RefreshStart,
    options: { readonly clock: Clock; readonly ttlMs: number },
  ) {
    this.#until = start.leaseUntil ?? 0;
    this.#heartbeat = setInterval(
      () => {
        const renewedUntil = options.clock() + options.ttlMs;
        this.#renewing = store
          .renewRefreshLease(start.connector.id, start.version, this.#until, renewedUntil)
          .then((renewed) => {
            if (renewed) this.#until = renewedUntil;
          })
          .catch(() => {});
      },
      Math.max(50, Math.floor(options.ttlMs / 3)),
    );
    this.#heartbeat.unref();
  }

  /** The outcome's write has ended the lease (or moved the row on, so it no longer matters). */
  ended(): void {
    this.#ended = true;
    clearInterval(this.#heartbeat);
  }

  /** Stops renewing and, unless an outcome ended it, gives the lease back. */
  async end(): Promise<void> {
    clearInterval(this.#heartbeat);
    await this.#renewing;
    if (this.#ended) return;
    this.#ended = true;
    await this.store
      .releaseRefreshLease(this.start.connector.id, this.start.version, this.#until)
      .catch(() => {});
  }
}
