import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { TemplateIdParams } from './template-schema.ts';

/** `GET /v1.0/templates/{id}/export[?releaseNumber=N]`: the template document, ready to import again. */
export function exportTemplate(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/templates/:id/export',
    {
      config: { access: 'partner' },
      schema: {
        operationId: 'exportTemplate',
        tags: ['Templates'],
        summary: 'Export a template document',
        description: 'The latest release unless `releaseNumber` names another.',
        params: TemplateIdParams,
        querystring: Type.Object({ releaseNumber: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (request) =>
      (await deps.templates.release(request.params.id, request.query.releaseNumber)).document,
  );
}
