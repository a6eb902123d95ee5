import { notFound } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { sendError } from '../../http/error-handler.ts';

/**
 * An unknown `/v1.0` path is a 404 whatever its body or credentials: answered in this context (so it
 * carries the partner API's headers, `Cache-Control: no-store` among them) and before the body is read
 * or the caller authenticated. Register after `preventCaching` and before authentication.
 */
export function answerUnknownRoutes(v1: HttpServer): void {
  const answer = (method: string, url: string) =>
    notFound(`There is no ${method} ${url.split('?')[0] ?? ''}.`);
  // Answered without calling `done`, so nothing else runs for the request (Fastify's early reply).
  v1.addHook('onRequest', (request, reply, done) => {
    if (request.is404) sendError(reply, answer(request.method, request.url));
    else done();
  });
  v1.setNotFoundHandler((request, reply) => sendError(reply, answer(request.method, request.url)));
}
