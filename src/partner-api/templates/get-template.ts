import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { TemplateIdParams, TemplateSchema, toCyclrTemplate } from './template-schema.ts';

/** `GET /v1.0/templates/{id}`: Cyclr's template object. */
export function getTemplate(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/templates/:id',
    {
      config: { access: 'partner' },
      schema: {
        operationId: 'getTemplate',
        tags: ['Templates'],
        summary: 'Get a template',
        params: TemplateIdParams,
        response: { 200: TemplateSchema },
      },
    },
    async (request) => {
      const template = await deps.templates.get(request.params.id);
      return toCyclrTemplate(template, await deps.templates.release(template.id), deps.catalog);
    },
  );
}
