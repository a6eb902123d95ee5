/**
 * What a partner stored for one connector's OAuth app. Every field is optional in storage: an unset
 * field falls back to the connector definition's default (see `ConnectorSetupService`).
 */
export interface StoredConnectorSetup {
  readonly connectorId: number;
  readonly clientId: string | null;
  /** Plaintext here; sealed at rest by the store. */
  readonly clientSecret: string | null;
  readonly authoriseUrl: string | null;
  readonly accessTokenUrl: string | null;
  readonly apiBaseUrl: string | null;
  readonly scopes: string | null;
  readonly tokenAuthMethod: 'client_secret_post' | 'client_secret_basic' | null;
  readonly issuer: string | null;
  readonly requestsPerHour: number | null;
  readonly updatedAt: number;
}

/** A stored setup without its client secret, which stays sealed. */
export type StoredConnectorSetupSummary = Omit<StoredConnectorSetup, 'clientSecret'> & {
  readonly hasClientSecret: boolean;
};

export interface ConnectorSetupStore {
  find(connectorId: number): Promise<StoredConnectorSetup | undefined>;
  /** The setup as `find` reads it, but without decrypting the client secret (every provider call reads it). */
  findSummary(connectorId: number): Promise<StoredConnectorSetupSummary | undefined>;
  /** Inserts or replaces the whole setup row. */
  save(setup: StoredConnectorSetup): Promise<void>;
}
