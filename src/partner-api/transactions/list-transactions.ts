import { Type } from 'typebox';
import type { TransactionStatus } from '../../domain/cycles/cycle-run.ts';
import { PlugboardError } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import { CycleIdParams } from '../cycles/cycle-schema.ts';
import { PagingQuery, readPaging, setPagingHeaders } from '../paging.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { TransactionSchema, toCyclrTransaction } from './transaction-schema.ts';

const STATUSES: readonly TransactionStatus[] = [
  'Queued',
  'Running',
  'Waiting',
  'Completed',
  'Errored',
  'Stopped',
];

function dateOf(name: string, value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new PlugboardError('invalid_parameter', `${name} must be an ISO-8601 date and time.`);
  return ms;
}

/** `GET /v1.0/cycles/{id}/transactions?status&after&before` (account-scoped): newest first. */
export function listTransactions(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/cycles/:id/transactions',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'listCycleTransactions',
        tags: ['Transactions'],
        summary: 'List a cycle’s transactions',
        params: CycleIdParams,
        querystring: Type.Object({
          ...PagingQuery,
          status: Type.Optional(Type.String({ description: STATUSES.join(', ') })),
          after: Type.Optional(Type.String({ description: 'Created after this time (ISO-8601).' })),
          before: Type.Optional(Type.String({ description: 'Created before this time (ISO-8601).' })),
        }),
        response: { 200: Type.Array(TransactionSchema) },
      },
    },
    async (request, reply) => {
      const paging = readPaging(request.query);
      const raw = request.query.status;
      const status = raw ? STATUSES.find((s) => s.toLowerCase() === raw.toLowerCase()) : undefined;
      if (raw && !status)
        throw new PlugboardError('invalid_parameter', `status must be one of ${STATUSES.join(', ')}.`);
      const accountId = accountOf(request);
      const page = await deps.transactions.list(accountId, request.params.id, {
        status: status ?? null,
        after: dateOf('after', request.query.after),
        before: dateOf('before', request.query.before),
        offset: paging.offset,
        limit: paging.pageSize,
      });
      const { steps } = await deps.cycles.steps(accountId, request.params.id);
      const ids = new Map(steps.map((s) => [s.key, s.id]));
      setPagingHeaders(reply, paging, page.total);
      return page.items.map((t) => toCyclrTransaction(t, ids));
    },
  );
}
