/** A partner's API client: the `client_id`/`client_secret` pair used at `POST /oauth/token`. */
export interface ApiClient {
  readonly id: string;
  readonly name: string;
  /** SHA-256 of the client secret; the secret itself is shown once and never stored. */
  readonly secretHash: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

/** Storage of API clients. */
export interface ApiClientStore {
  insert(client: ApiClient): Promise<void>;
  findById(id: string): Promise<ApiClient | undefined>;
  /** Every client, oldest first, revoked ones included. */
  list(): Promise<ApiClient[]>;
  /** Marks the client revoked (and its tokens with it); returns false when it does not exist. */
  revoke(id: string, at: number): Promise<boolean>;
}
