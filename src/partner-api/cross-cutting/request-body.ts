import type { HttpServer } from '../../http/build-server.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Cyclr-style clients send `Content-Type: application/json` on every call, body or not (a DELETE with
 * no body, a POST that sends nothing). Here an empty JSON body is no body, and a write route with a
 * body schema that got no body sees `{}`, so the domain answers with its own message ("Name is
 * required") instead of a framework error. Malformed JSON is still refused by Fastify's own parser,
 * which also guards against prototype poisoning.
 */
export function acceptEmptyBodies(v1: HttpServer): void {
  const parseJson = v1.getDefaultJsonParser('error', 'error');
  v1.removeContentTypeParser('application/json');
  v1.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
  v1.addHook('preValidation', async (request) => {
    if (request.body == null && WRITE_METHODS.has(request.method) && request.routeOptions.schema?.body) {
      request.body = {};
    }
  });
}
