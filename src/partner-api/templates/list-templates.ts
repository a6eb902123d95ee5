import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { PagingQuery, readPaging, setPagingHeaders } from '../paging.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { TemplateSchema, toCyclrTemplate } from './template-schema.ts';

/** `GET /v1.0/templates?tag=…`: the partner's templates, newest first. */
export function listTemplates(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/templates',
    {
      config: { access: 'partner' },
      schema: {
        operationId: 'listTemplates',
        tags: ['Templates'],
        summary: 'List templates',
        querystring: Type.Object({
          ...PagingQuery,
          tag: Type.Optional(Type.String({ description: 'Only templates with this tag (any case).' })),
        }),
        response: { 200: Type.Array(TemplateSchema) },
      },
    },
    async (request, reply) => {
      const paging = readPaging(request.query);
      const tag = request.query.tag?.trim();
      const page = await deps.templates.list({
        tag: tag ? tag : null,
        offset: paging.offset,
        limit: paging.pageSize,
      });
      setPagingHeaders(reply, paging, page.total);
      return Promise.all(
        page.items.map(async (t) => toCyclrTemplate(t, await deps.templates.release(t.id), deps.catalog)),
      );
    },
  );
}
