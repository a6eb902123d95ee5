import swagger from '@fastify/swagger';
import type { HttpServer } from '../../http/build-server.ts';
import { type OpenApiDocument, swaggerOptions } from './openapi-document.ts';
import { renderReference } from './render-reference.ts';

/** Nothing on the reference page may run or load: it is text, tables and inline styles. */
const PAGE_SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Collects every route registered after it in this context into an OpenAPI 3.1 document, served
 * without authentication at `GET /v1.0/openapi.json`, and rendered as HTML at `GET /docs`. Register
 * it before the routes it describes.
 */
export async function openApiRoutes(server: HttpServer, options: { publicUrl: string }): Promise<void> {
  await server.register(swagger, swaggerOptions(options.publicUrl));
  let page: string | undefined;

  server.get(
    '/v1.0/openapi.json',
    {
      schema: {
        operationId: 'getOpenApiDocument',
        tags: ['Reference'],
        summary: 'This OpenAPI 3.1 document',
        security: [],
      },
    },
    async () => server.swagger(),
  );

  server.get('/docs', { schema: { hide: true } }, async (_request, reply) => {
    page ??= renderReference(server.swagger() as unknown as OpenApiDocument);
    return reply.headers(PAGE_SECURITY_HEADERS).type('text/html; charset=utf-8').send(page);
  });
}
