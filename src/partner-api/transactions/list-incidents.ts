import { Type } from 'typebox';
import { PlugboardError } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import { PagingQuery, readPaging, setPagingHeaders } from '../paging.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const IncidentSchema = Type.Object({
  Id: Type.Integer(),
  CycleId: Type.String(),
  CycleName: Type.String(),
  IncidentLevel: Type.String(),
  ShortMessage: Type.String(),
  FullMessage: Type.String(),
  StepId: Nullable(Type.String()),
  StepName: Nullable(Type.String()),
  TransactionId: Nullable(Type.String()),
  CreatedOnUtc: Type.String(),
});

/** `GET /v1.0/cycles/incidents/{error|warning}` (account-scoped): newest first. */
export function listIncidents(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/cycles/incidents/:level',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'listIncidents',
        tags: ['Transactions'],
        summary: 'List the account’s incidents',
        params: Type.Object({ level: Type.String({ description: 'error or warning' }) }),
        querystring: Type.Object({ ...PagingQuery }),
        response: { 200: Type.Array(IncidentSchema) },
      },
    },
    async (request, reply) => {
      const level = request.params.level.toLowerCase();
      if (level !== 'error' && level !== 'warning')
        throw new PlugboardError('not_found', 'Incidents are listed by level: error or warning.');
      const paging = readPaging(request.query);
      const found = await deps.transactions.incidents(
        accountOf(request),
        level === 'error' ? 'Error' : 'Warning',
        {
          offset: paging.offset,
          limit: paging.pageSize,
        },
      );
      setPagingHeaders(reply, paging, found.total);
      return found.items.map((i) => {
        const cycle = found.cycles.get(i.cycleId);
        const step = cycle?.document.Steps.find((s) => s.Key === i.stepKey);
        return {
          Id: i.id,
          CycleId: i.cycleId,
          CycleName: cycle?.name ?? '',
          IncidentLevel: i.level,
          ShortMessage: i.shortMessage,
          FullMessage: i.fullMessage,
          StepId: i.stepKey === null ? null : (found.stepIds.get(i.cycleId)?.get(i.stepKey) ?? null),
          StepName: step ? (step.Name ?? step.Key) : null,
          TransactionId: i.transactionId,
          CreatedOnUtc: new Date(i.createdAt).toISOString(),
        };
      });
    },
  );
}
