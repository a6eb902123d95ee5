import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  type RawServerDefault,
} from 'fastify';
import { PlugboardError } from '../domain/errors.ts';
import type { Logger } from '../logging/logger.ts';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../runtime/json-depth.ts';
import { installErrorHandling, sendError } from './error-handler.ts';
import { lazySchemaController } from './lazy-schema-compilers.ts';
import { LazyRequestLogger, OneLinePerRequest } from './request-logging.ts';
import { addRouteHook, routeMayTakeBody } from './route-hooks.ts';

/** The Fastify instance type every route module receives (TypeBox schemas type the handlers). */
export type HttpServer = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

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

/** A body that a JSON or form parser produced (not a stream or buffer handed on as it is). */
function isParsedJson(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false;
  const prototype = Object.getPrototypeOf(body);
  return Array.isArray(body) || prototype === Object.prototype || prototype === null;
}

/** How long a client may take to send a request. */
export interface HttpTimeouts {
  /** Until the request's headers are complete (default 20 s). */
  readonly headersMs?: number;
  /** Until the whole request, body included, is received (default 60 s). */
  readonly requestMs?: number;
}

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The Fastify instance every part of Plugboard mounts on: request ids, JSON logs, `nosniff` on every
 * response, `{"Message"}` errors, case-insensitive paths (Cyclr's are), and no listening — callers
 * `inject()` in tests or `listen()` in `serve`.
 */
export async function buildHttpServer(
  logger: Logger,
  timeouts: HttpTimeouts = {},
  /** Reverse proxies (addresses, CIDR ranges) whose `X-Forwarded-For` sets `request.ip`. */
  trustedProxies: readonly string[] = [],
): Promise<HttpServer> {
  const headersMs = timeouts.headersMs ?? 20_000;
  const requestMs = Math.max(timeouts.requestMs ?? 60_000, headersMs);
  const server = Fastify({
    // A client that trickles its headers or its body is cut off (408) instead of holding a socket
    // open for ever; the answer itself may take as long as it needs.
    requestTimeout: requestMs,
    trustProxy: trustedProxies.length > 0 ? [...trustedProxies] : false,
    http: {
      headersTimeout: headersMs,
      requestTimeout: requestMs,
      connectionsCheckingInterval: Math.min(1000, headersMs),
    },
    loggerInstance: logger as FastifyBaseLogger,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    // The request id is always the server's own: a client could otherwise pick an id that collides
    // with another request's, or forge log lines under it. A client's id is logged beside it.
    genReqId: () => randomUUID(),
    bodyLimit: 10 * 1024 * 1024,
    // Access lines skip redaction (nothing in them is a redaction path); a request's own logger is
    // built only when something logs through it.
    logController: new OneLinePerRequest(logger.child({}, { redact: [] }) as FastifyBaseLogger),
    childLoggerFactory: (parent, bindings, options) =>
      // A route with its own log level gets a real child at that level (and its access line from it).
      options.level
        ? parent.child(bindings, options)
        : (new LazyRequestLogger(parent, bindings) as unknown as FastifyBaseLogger),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    schemaController: lazySchemaController(),
    ajv: {
      // Union types are written on purpose (an account Id may be text or a whole number).
      customOptions: {
        coerceTypes: 'array',
        removeAdditional: false,
        allErrors: false,
        allowUnionTypes: true,
      },
    },
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
  // Hooks that never wait take `done` instead of being async: no promise per request for each.
  server.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Request-Id', request.id);
    const incoming = request.headers['x-request-id'];
    if (typeof incoming === 'string' && INCOMING_REQUEST_ID.test(incoming)) {
      request.log = request.log.child({ clientRequestId: incoming });
    }
    done();
  });
  // While shutting down, tell keep-alive clients to go, so finished requests release their sockets and
  // close() completes as soon as the requests in flight are done.
  let closing = false;
  server.addHook('preClose', async () => {
    closing = true;
  });
  server.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('Connection', 'close');
    done(null, payload);
  });
  // Deeply nested JSON parses fine but overflows the stack of whatever walks it recursively later
  // (JSON.stringify, the idempotency hash): refused here, before any route sees it.
  // Thrown, not sent, so each part's error handler answers in its own shape (OAuth errors on /oauth).
  // A hook of the routes that can take a body only: a GET or HEAD has none to check.
  addRouteHook(server, 'preValidation', routeMayTakeBody, async (request: FastifyRequest) => {
    if (isParsedJson(request.body) && exceedsJsonDepth(request.body)) {
      const error = new PlugboardError(
        'invalid_request',
        `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`,
      );
      throw Object.assign(error, { statusCode: 400 });
    }
  });
  installErrorHandling(server);
  return server;
}
