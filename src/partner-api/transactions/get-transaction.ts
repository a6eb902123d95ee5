import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { TransactionDetailSchema, toCyclrTransactionDetail } from './transaction-schema.ts';

export const TransactionIdParams = Type.Object({ id: Type.String() });

/** `GET /v1.0/transactions/{id}` (account-scoped): with every step's request and response, secrets redacted. */
export function getTransaction(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/transactions/:id',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'getTransaction',
        tags: ['Transactions'],
        summary: 'Get a transaction with its step data',
        params: TransactionIdParams,
        response: { 200: TransactionDetailSchema },
      },
    },
    async (request) => {
      const accountId = accountOf(request);
      const { transaction, cycle, steps } = await deps.transactions.get(accountId, request.params.id);
      const ids = new Map((await deps.cycles.steps(accountId, cycle.id)).steps.map((s) => [s.key, s.id]));
      return toCyclrTransactionDetail(transaction, cycle, steps, ids);
    },
  );
}
