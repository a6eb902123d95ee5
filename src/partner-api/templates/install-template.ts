import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import { accountConnectorsFrom, CycleSchema, InstallBody, toCyclrCycle } from '../cycles/cycle-schema.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { TemplateIdParams } from './template-schema.ts';

/** `POST /v1.0/templates/{id}/install` (account-scoped): the template's latest release becomes a paused cycle. */
export function installTemplate(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.post(
    '/templates/:id/install',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'installTemplate',
        tags: ['Templates'],
        summary: 'Install a template into the account',
        params: TemplateIdParams,
        body: Type.Optional(InstallBody),
        response: { 200: CycleSchema },
      },
    },
    async (request) => {
      const cycle = await deps.cycles.install(accountOf(request), request.params.id, {
        name: request.body?.Name,
        accountConnectors: accountConnectorsFrom(request.body?.AccountConnectors),
        logStepDataRequests: request.body?.LogStepDataRequests,
      });
      return toCyclrCycle(deps, cycle);
    },
  );
}
