import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
  type RawServerDefault,
} from 'fastify';
import { PlugboardError } from '../domain/errors.ts';
import type { Logger } from '../logging/logger.ts';
import { installErrorHandling, sendError } from './error-handler.ts';

/** The Fastify instance type every route module receives (TypeBox schemas type the handlers). */
export type HttpServer = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** One access-log line per request, written when the response is done, instead of Fastify's two. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) request.log.error({ ...line, err: error }, 'request errored');
    else request.log.info(line, 'request completed');
  }
}

/** A route as registered: its methods and its path pattern (`/v1.0/accounts/:id`). */
export interface RegisteredRoute {
  readonly methods: readonly string[];
  readonly url: string;
}

const routesByServer = new WeakMap<object, RegisteredRoute[]>();

/** Every route `server` serves, in the order they were registered (for tests that visit them all). */
export function registeredRoutes(server: HttpServer): readonly RegisteredRoute[] {
  return routesByServer.get(server) ?? [];
}

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The Fastify instance every part of Plugboard mounts on: request ids, JSON logs, `nosniff` on every
 * response, `{"Message"}` errors, case-insensitive paths (Cyclr's are), and no listening — callers
 * `inject()` in tests or `listen()` in `serve`.
 */
export async function buildHttpServer(logger: Logger): Promise<HttpServer> {
  const server = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && INCOMING_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: 10 * 1024 * 1024,
    logController: new OneLinePerRequest(),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
    // Errors the router raises before any hook runs: answered as {"Message"} too, without echoing the URL.
    frameworkErrors: (error, _request, reply) => {
      reply.header('X-Content-Type-Options', 'nosniff');
      sendError(
        reply,
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new PlugboardError('uri_too_long', 'A path segment is longer than 100 characters.')
          : new PlugboardError('invalid_request', 'The request URL is not valid.'),
      );
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const routes: RegisteredRoute[] = [];
  routesByServer.set(server, routes);
  server.addHook('onRoute', (route) => {
    routes.push({ methods: [route.method].flat(), url: route.url });
  });
  await server.register(formbody);
  // Registered once for every part of Plugboard that reads cookies (the console session, OAuth flows).
  await server.register(cookie);
  server.addHook('onRequest', async (request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Request-Id', request.id);
  });
  // While shutting down, tell keep-alive clients to go, so finished requests release their sockets and
  // close() completes as soon as the requests in flight are done.
  let closing = false;
  server.addHook('preClose', async () => {
    closing = true;
  });
  server.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('Connection', 'close');
  });
  installErrorHandling(server);
  return server;
}
