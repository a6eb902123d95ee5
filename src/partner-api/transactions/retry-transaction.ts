import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { TransactionIdParams } from './get-transaction.ts';
import { TransactionSchema, toCyclrTransaction } from './transaction-schema.ts';

/** `POST /v1.0/transactions/{id}/retry` (account-scoped, Plugboard addition): re-runs an errored transaction from its failed step. */
export function retryTransaction(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.post(
    '/transactions/:id/retry',
    {
      config: { access: 'account', idempotency: false },
      schema: {
        operationId: 'retryTransaction',
        tags: ['Transactions'],
        summary: 'Retry an errored transaction from its failed step',
        description: 'Runs on the cycle’s current release. 409 unless the transaction is Errored.',
        params: TransactionIdParams,
        response: { 200: TransactionSchema },
      },
    },
    async (request) => {
      const accountId = accountOf(request);
      const transaction = await deps.transactions.retry(accountId, request.params.id);
      const ids = new Map(
        (await deps.cycles.steps(accountId, transaction.cycleId)).steps.map((s) => [s.key, s.id]),
      );
      return toCyclrTransaction(transaction, ids);
    },
  );
}
