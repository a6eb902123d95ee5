/**
 * What happened to credentials and who tried to reach what: every credential change (authenticated,
 * supplied, refreshed, refused, dropped) and every attempt to touch another account's connector.
 * Written in the same transaction as the change it records, so a change that cannot be audited does
 * not happen (fail closed). Never holds a secret.
 */
export type AuditAction =
  | 'credentials.authenticated'
  | 'credentials.supplied'
  | 'credentials.refreshed'
  | 'credentials.refresh_failed'
  | 'credentials.needs_reauthentication'
  | 'credentials.deauthenticated'
  | 'account_connector.deleted'
  | 'access.other_account';

export interface AuditEvent {
  readonly at: number;
  /** Who did it: `user:{username}` (browser flow), `partner` (API), `refresher:{process}`. */
  readonly actor: string;
  readonly action: AuditAction;
  readonly accountId: string | null;
  readonly accountConnectorId: number | null;
  /** A short, secret-free explanation. */
  readonly detail: string | null;
}

export interface AuditStore {
  record(event: AuditEvent): Promise<void>;
  /** An account connector's events, newest first. */
  listForAccountConnector(accountConnectorId: number, limit: number): Promise<AuditEvent[]>;
}
