import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { CycleIdParams } from './cycle-schema.ts';

/** `DELETE /v1.0/cycles/{id}` (account-scoped): 200, as Cyclr's deletes. */
export function deleteCycle(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.delete(
    '/cycles/:id',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'deleteCycle',
        tags: ['Cycles'],
        summary: 'Delete a cycle',
        params: CycleIdParams,
      },
    },
    async (request) => {
      await deps.cycles.delete(accountOf(request), request.params.id);
      return { Message: 'Cycle deleted.' };
    },
  );
}
