import { Type } from 'typebox';
import type { Account } from '../../domain/accounts/account.ts';
import { Nullable, Timestamp } from '../schemas.ts';

/** An account as Cyclr's API returns it. */
export const AccountSchema = Type.Object(
  {
    Id: Type.String({ description: 'Chosen by the partner at creation, or a generated UUID.' }),
    Name: Type.String(),
    Description: Nullable(Type.String()),
    CreatedDate: Timestamp('When the account was created.'),
    NextBillDateUtc: Timestamp('One calendar month after creation.'),
    AuditInfo: Nullable(Type.String()),
    TaskAuditInfo: Nullable(Type.String()),
    Timezone: Nullable(Type.String({ description: 'An IANA time zone name, e.g. Europe/London.' })),
    StepDataSuccessRetentionHours: Nullable(Type.Integer({ minimum: 0, maximum: 744 })),
    StepDataErroredRetentionHours: Nullable(Type.Integer({ minimum: 0, maximum: 744 })),
    TransactionErrorWebhookEnabled: Nullable(Type.Boolean()),
    TransactionErrorWebhookUrl: Nullable(Type.String()),
    TransactionErrorWebhookIncludeWarnings: Nullable(Type.Boolean()),
  },
  { description: 'One of the partner’s customers: a tenant with its own users and account connectors.' },
);

const RETENTION =
  'Whole hours 0–744, or null. More than 744 is stored as 744; a negative number is refused; a value that is not a number is ignored (the stored value stays).';

/**
 * The body of a create or update. Deliberately permissive: Cyclr ignores a retention value that is
 * not a number instead of refusing the request, so those fields are checked by the domain, not here.
 * Field names are matched case-insensitively, as Cyclr's .NET binding does.
 */
export const AccountBody = Type.Object(
  {
    Id: Type.Optional(
      Type.Unsafe<string | number | null>({
        type: ['string', 'integer', 'null'],
        description:
          'Create only: your own id for the account (a whole number is taken as its text); a UUID is generated when absent.',
      }),
    ),
    Name: Type.Optional(Nullable(Type.String({ description: 'Required when creating.' }))),
    Description: Type.Optional(Nullable(Type.String())),
    Timezone: Type.Optional(
      Nullable(Type.String({ description: 'IANA time zone name; a new account without one gets UTC.' })),
    ),
    AuditInfo: Type.Optional(Nullable(Type.String())),
    TaskAuditInfo: Type.Optional(Nullable(Type.String())),
    StepDataSuccessRetentionHours: Type.Optional(Type.Unknown({ description: RETENTION })),
    StepDataErroredRetentionHours: Type.Optional(Type.Unknown({ description: RETENTION })),
    TransactionErrorWebhookEnabled: Type.Optional(
      Nullable(
        Type.Boolean({
          description: 'When true, the same body must carry a non-empty TransactionErrorWebhookUrl.',
        }),
      ),
    ),
    TransactionErrorWebhookUrl: Type.Optional(
      Nullable(Type.String({ description: 'Without a scheme, https:// is put in front.' })),
    ),
    TransactionErrorWebhookIncludeWarnings: Type.Optional(Nullable(Type.Boolean())),
  },
  { additionalProperties: true },
);

export const AccountIdParams = Type.Object({ id: Type.String({ description: 'The account Id.' }) });

const iso = (ms: number) => new Date(ms).toISOString();

/** The Cyclr JSON of an account. */
export function toCyclrAccount(account: Account) {
  return {
    Id: account.id,
    Name: account.name,
    Description: account.description,
    CreatedDate: iso(account.createdAt),
    NextBillDateUtc: iso(account.nextBillDate),
    AuditInfo: account.auditInfo,
    TaskAuditInfo: account.taskAuditInfo,
    Timezone: account.timezone,
    StepDataSuccessRetentionHours: account.stepDataSuccessRetentionHours,
    StepDataErroredRetentionHours: account.stepDataErroredRetentionHours,
    TransactionErrorWebhookEnabled: account.transactionErrorWebhookEnabled,
    TransactionErrorWebhookUrl: account.transactionErrorWebhookUrl,
    TransactionErrorWebhookIncludeWarnings: account.transactionErrorWebhookIncludeWarnings,
  };
}

/** Cyclr's user body, `{UserName, Password}`; the domain checks the fields (any letter case). */
export const AccountUserBody = Type.Object(
  {
    UserName: Type.Optional(Type.Unknown({ description: 'The username; required.' })),
    Password: Type.Optional(
      Type.Unknown({
        description:
          'Accepted for Cyclr compatibility and checked (a string of at most 256 characters), never stored: users sign in with sign-in tokens.',
      }),
    ),
  },
  { additionalProperties: true },
);

/** An account user as the users API answers it. */
export const AccountUserSchema = Type.Object({ AccountId: Type.String(), UserName: Type.String() });
