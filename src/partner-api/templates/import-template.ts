import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { TemplateSchema, toCyclrTemplate } from './template-schema.ts';

/** `POST /v1.0/templates/import`: a template document becomes a new template, or the next release of the one with its Name. */
export function importTemplate(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.post(
    '/templates/import',
    {
      config: { access: 'partner-wide' },
      bodyLimit: 1024 * 1024,
      schema: {
        operationId: 'importTemplate',
        tags: ['Templates'],
        summary: 'Import a template document',
        description:
          'Validates the whole document (connectors, methods, edges, field paths, JSONata) and answers 400 listing every problem by step key, storing nothing. Importing a Name that exists adds a release.',
        body: Type.Unknown(),
        response: { 200: TemplateSchema },
      },
    },
    async (request) => {
      const { template, release } = await deps.templates.import(request.body);
      return toCyclrTemplate(template, release, deps.catalog);
    },
  );
}
