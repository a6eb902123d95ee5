/** One end-user authorisation, from the sign-in link to the callback. */
export interface OAuthFlow {
  /** Random id; names the flow's browser-binding cookie and the continue URL. */
  readonly id: string;
  readonly accountConnectorId: number;
  readonly accountId: string;
  readonly connectorId: number;
  readonly username: string;
  /** SHA-256 of the secret held in this browser's flow cookie. */
  readonly browserBindingHash: string;
  readonly redirectUri: string;
  /** The exact allowed origin results go to. */
  readonly targetOrigin: string;
  /** Redirect mode: where the browser goes on success. */
  readonly redirectUrl: string | null;
  readonly callbackMessage: string | null;
  /** The setup as it was when the flow started: the code is exchanged only there. */
  readonly clientId: string;
  readonly authoriseUrl: string;
  readonly accessTokenUrl: string;
  readonly issuer: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly authorizationStartedAt: number | null;
  readonly consumedAt: number | null;
  readonly outcome: string | null;
}

export type NewOAuthFlow = Omit<OAuthFlow, 'authorizationStartedAt' | 'consumedAt' | 'outcome'>;

/** Storage of OAuth flows. Every state change is a conditional update, so it happens once across processes. */
export interface OAuthFlowStore {
  insert(flow: NewOAuthFlow): Promise<void>;
  find(id: string): Promise<OAuthFlow | undefined>;
  findByStateHash(stateHash: string): Promise<OAuthFlow | undefined>;
  /**
   * Records the state hash and the sealed PKCE verifier, once: only while the flow has not started the
   * provider redirect and has not expired at `at`. Returns false otherwise.
   */
  startAuthorization(id: string, stateHash: string, codeVerifier: string, at: number): Promise<boolean>;
  /** Marks the flow used, once: only if unused and unexpired at `at`. Returns false otherwise. */
  consume(id: string, at: number): Promise<boolean>;
  readCodeVerifier(id: string): Promise<string | null>;
  recordOutcome(id: string, outcome: string): Promise<void>;
  /** Deletes up to `limit` flows that expired before `before`; returns how many. */
  deleteExpired(before: number, limit: number): Promise<number>;
}
