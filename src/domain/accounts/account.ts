/**
 * One of the partner's customers (a tenant), with the fields Cyclr's account API stores and echoes.
 * Times are epoch milliseconds; `null` means "not set" and is echoed as `null`.
 */
export interface Account {
  /** Cyclr's `Id`: chosen by the partner or generated (a UUID). */
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  /** An IANA time zone name such as `Europe/London`. */
  readonly timezone: string | null;
  readonly createdAt: number;
  readonly nextBillDate: number;
  readonly auditInfo: string | null;
  readonly taskAuditInfo: string | null;
  /** 0–744 hours. */
  readonly stepDataSuccessRetentionHours: number | null;
  /** 0–744 hours. */
  readonly stepDataErroredRetentionHours: number | null;
  readonly transactionErrorWebhookEnabled: boolean | null;
  /** Stored as given, with `https://` prepended when it had no scheme. */
  readonly transactionErrorWebhookUrl: string | null;
  readonly transactionErrorWebhookIncludeWarnings: boolean | null;
}

/** The fields of an account that a partner can change (everything but the id and the dates). */
export type AccountFields = Omit<Account, 'id' | 'createdAt' | 'nextBillDate'>;

/** A partial update: only the fields present are written. */
export type AccountChanges = Partial<AccountFields>;

/** Longest retention Cyclr keeps (31 days); larger values are stored as this. */
export const MAX_RETENTION_HOURS = 744;

/** Time zone of an account created without one: Cyclr never lists an account without a `Timezone`. */
export const DEFAULT_TIMEZONE = 'UTC';

/** A new account as the service takes it: the partner's chosen Id (`null`: one is generated) and every field. */
export interface NewAccountInput {
  readonly id: string | null;
  readonly fields: AccountFields;
}
