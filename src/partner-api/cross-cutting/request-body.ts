import type { FastifyRequest } from 'fastify';
import { PlugboardError } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { addRouteHook, routeHasMethod } from '../../http/route-hooks.ts';
import { lenientToStrictJson } from './lenient-json.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** What a `/v1.0` body that is not JSON is told: the shape Cyclr's API reads, and how to send it. */
export const JSON_BODY_REQUIRED = 'The request body must be JSON, sent with Content-Type: application/json.';

/**
 * How `/v1.0` reads request bodies.
 *
 * Cyclr-style clients send `Content-Type: application/json` on every call, body or not (a DELETE with
 * no body, a POST that sends nothing). Here an empty JSON body is no body, and a write route with a
 * body schema that got no body sees `{}`, so the domain answers with its own message ("Name is
 * required") instead of a framework error. Strict JSON goes through Fastify's own parser, which also
 * guards against prototype poisoning. Only when a body is not valid JSON is it read the way Cyclr's
 * .NET parser reads it (single-quoted strings, unquoted keys such as `{'Parameters': {58023101 : 1}}`,
 * which existing Cyclr client code sends): rewritten to strict JSON and parsed by the same parser, so
 * the prototype-key refusal, the size limit and the depth limit apply to it as well.
 *
 * A form or plain-text body is refused with 415: read as a form, a JSON body sent without its content
 * type would reach the route as one odd field and answer "Name is required", which hides the mistake.
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
    parseJson(request, text, (error, value) => {
      if (!error) {
        done(null, value);
        return;
      }
      // Strict JSON that Fastify refused (a prototype key) stays refused; only a syntax error goes on.
      try {
        JSON.parse(text);
        done(error, undefined);
      } catch {
        parseJson(request, lenientToStrictJson(text), done);
      }
    });
  });
  for (const type of ['application/x-www-form-urlencoded', 'text/plain']) {
    if (v1.hasContentTypeParser(type)) v1.removeContentTypeParser(type);
    v1.addContentTypeParser(type, (_request, _payload, done) => {
      done(new PlugboardError('unsupported_media_type', JSON_BODY_REQUIRED), undefined);
    });
  }
  // Only routes that take a body on a write method have one to read as empty.
  addRouteHook(
    v1,
    'preValidation',
    (route) => route.schema?.body !== undefined && routeHasMethod(route, WRITE_METHODS),
    async (request: FastifyRequest) => {
      if (request.body == null && WRITE_METHODS.has(request.method)) request.body = {};
    },
  );
}
