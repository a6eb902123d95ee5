import { Type } from 'typebox';
import { PlugboardError } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { CycleIdParams, CycleSchema, toCyclrCycle } from './cycle-schema.ts';

/** `PUT /v1.0/cycles/{id}/deactivate?finishQueuedTransactions=true|false` (account-scoped). */
export function deactivateCycle(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.put(
    '/cycles/:id/deactivate',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'deactivateCycle',
        tags: ['Cycles'],
        summary: 'Deactivate a cycle',
        description:
          'With finishQueuedTransactions=false (the default) queued transactions are stopped; with true they run to the end.',
        params: CycleIdParams,
        querystring: Type.Object({ finishQueuedTransactions: Type.Optional(Type.String()) }),
        response: { 200: CycleSchema },
      },
    },
    async (request) => {
      const raw = request.query.finishQueuedTransactions?.toLowerCase();
      if (raw !== undefined && raw !== 'true' && raw !== 'false')
        throw new PlugboardError('invalid_parameter', 'finishQueuedTransactions must be true or false.');
      const cycle = await deps.cycles.deactivate(accountOf(request), request.params.id, raw === 'true');
      return toCyclrCycle(deps, cycle);
    },
  );
}
