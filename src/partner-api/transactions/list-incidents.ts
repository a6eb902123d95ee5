import { Type } from 'typebox';
import type { IncidentLevel } from '../../domain/cycles/cycle-run.ts';
import { PlugboardError } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import { CycleIdParams } from '../cycles/cycle-schema.ts';
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

/** `error` or `warning` (any case) as a level; anything else is refused with what is allowed. */
function levelOf(raw: string, refusal: 'not_found' | 'invalid_parameter'): IncidentLevel {
  const level = raw.toLowerCase();
  if (level === 'error') return 'Error';
  if (level === 'warning') return 'Warning';
  throw new PlugboardError(refusal, 'Incidents are listed by level: error or warning.');
}

type IncidentPage = Awaited<ReturnType<PartnerApiDependencies['transactions']['incidents']>>;

function toCyclrIncidents(found: IncidentPage) {
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
}

/**
 * `GET /v1.0/cycles/incidents/{error|warning}` (the account's) and `GET /v1.0/cycles/{id}/incidents`
 * (one cycle's, both levels unless `level` narrows them); newest first.
 */
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
      const level = levelOf(request.params.level, 'not_found');
      const paging = readPaging(request.query);
      const found = await deps.transactions.incidents(
        accountOf(request),
        { level },
        { offset: paging.offset, limit: paging.pageSize },
      );
      setPagingHeaders(reply, paging, found.total);
      return toCyclrIncidents(found);
    },
  );

  v1.get(
    '/cycles/:id/incidents',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'listCycleIncidents',
        tags: ['Transactions'],
        summary: 'List a cycle’s incidents',
        params: CycleIdParams,
        querystring: Type.Object({
          ...PagingQuery,
          level: Type.Optional(Type.String({ description: 'error or warning; both when absent' })),
        }),
        response: { 200: Type.Array(IncidentSchema) },
      },
    },
    async (request, reply) => {
      const raw = request.query.level;
      const level = raw === undefined || raw === '' ? undefined : levelOf(raw, 'invalid_parameter');
      const paging = readPaging(request.query);
      const found = await deps.transactions.incidents(
        accountOf(request),
        { cycleId: request.params.id, ...(level === undefined ? {} : { level }) },
        { offset: paging.offset, limit: paging.pageSize },
      );
      setPagingHeaders(reply, paging, found.total);
      return toCyclrIncidents(found);
    },
  );
}
