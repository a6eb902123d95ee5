import type { Account } from '../accounts/account.ts';
import type { Stores } from '../stores.ts';
import { emitDirectMessage, emitPartnerEvent } from './event-outbox.ts';

/** An incident raised by a transaction (Cyclr's fields). */
export interface TransactionIncident {
  readonly accountId: string;
  readonly cycleId: string;
  readonly cycleName: string;
  /** Null for an incident of a poll, which raises it before any transaction exists. */
  readonly transactionId: string | null;
  readonly stepId: string | null;
  readonly stepName: string | null;
  readonly stepType: string | null;
  readonly level: 'Error' | 'Warning';
  /** False when the transaction does not stop on it but waits (for re-authentication); default true. */
  readonly stopsTransaction?: boolean;
  readonly message: string;
  /** The raw request and response, with Authorization already redacted. */
  readonly detail: string | null;
  readonly accountConnectorId?: number | null;
}

/** The message type the Transaction Error Webhook's deliveries are logged under. */
export const TRANSACTION_ERROR_WEBHOOK_TYPE = 'account.transaction_error_webhook';

/** Cyclr's Transaction Error Webhook body. */
export function cyclrIncidentBody(account: Account, incident: TransactionIncident, at: number) {
  return {
    Timestamp: new Date(at).toISOString(),
    AccountId: account.id,
    AccountExternalId: account.id,
    AccountName: account.name,
    CycleId: incident.cycleId,
    CycleName: incident.cycleName,
    StepId: incident.stepId,
    StepName: incident.stepName,
    StepType: incident.stepType,
    TransactionId: incident.transactionId,
    Message: incident.message,
    Detail: incident.detail,
    IncidentLevel: incident.level,
  };
}

/**
 * Reports a transaction's incident, in the transaction that records it: an error that stops a
 * transaction becomes the partner event `transaction.errored`, and the account's Transaction Error Webhook (when
 * enabled, and for a warning only when it includes warnings) gets Cyclr's notification — both
 * through the outbox. A poll's incident (no transaction) goes only to the Transaction Error Webhook.
 */
export async function reportTransactionIncident(
  tx: Stores,
  incident: TransactionIncident,
  at: number,
): Promise<void> {
  if (incident.level === 'Error' && incident.transactionId !== null && incident.stopsTransaction !== false) {
    await emitPartnerEvent(
      tx,
      {
        type: 'transaction.errored',
        accountId: incident.accountId,
        accountConnectorId: incident.accountConnectorId ?? null,
        data: {
          CycleId: incident.cycleId,
          TransactionId: incident.transactionId,
          StepId: incident.stepId,
          StepName: incident.stepName,
          Message: incident.message,
        },
      },
      at,
    );
  }
  const account = await tx.accounts.findById(incident.accountId);
  if (!account?.transactionErrorWebhookEnabled || !account.transactionErrorWebhookUrl) return;
  if (incident.level === 'Warning' && !account.transactionErrorWebhookIncludeWarnings) return;
  await emitDirectMessage(
    tx,
    {
      type: TRANSACTION_ERROR_WEBHOOK_TYPE,
      accountId: account.id,
      body: cyclrIncidentBody(account, incident, at),
    },
    {
      url: account.transactionErrorWebhookUrl,
      stream: `account-webhook:${account.id}|account:${account.id}`,
    },
    at,
  );
}
