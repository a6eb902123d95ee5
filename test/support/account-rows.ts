import type { Account } from '../../src/domain/accounts/account.ts';

/** An account row for the stores: named `Account {id}`, created at 1, every optional field empty. */
export function accountRow(id: string, overrides: Partial<Account> = {}): Account {
  return {
    id,
    name: `Account ${id}`,
    description: null,
    timezone: null,
    createdAt: 1,
    nextBillDate: 0,
    auditInfo: null,
    taskAuditInfo: null,
    stepDataSuccessRetentionHours: null,
    stepDataErroredRetentionHours: null,
    transactionErrorWebhookEnabled: null,
    transactionErrorWebhookUrl: null,
    transactionErrorWebhookIncludeWarnings: null,
    ...overrides,
  };
}
