import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { accountConnectorsFrom, CycleSchema, InstallBody, toCyclrCycle } from './cycle-schema.ts';

/** `POST /v1.0/cycles` (account-scoped): installs the template named by `TemplateId` (as `/templates/{id}/install`). */
export function createCycle(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.post(
    '/cycles',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'createCycle',
        tags: ['Cycles'],
        summary: 'Create a cycle from a template',
        description:
          'Plugboard cycles always come from a template: the body is the install body plus `TemplateId`.',
        body: Type.Object(
          { ...InstallBody.properties, TemplateId: Type.String() },
          { additionalProperties: true },
        ),
        response: { 200: CycleSchema },
      },
    },
    async (request) => {
      const cycle = await deps.cycles.install(accountOf(request), request.body.TemplateId, {
        name: request.body.Name,
        accountConnectors: accountConnectorsFrom(request.body.AccountConnectors),
        logStepDataRequests: request.body.LogStepDataRequests,
      });
      return toCyclrCycle(deps, cycle);
    },
  );
}
