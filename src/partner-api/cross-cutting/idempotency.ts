import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { PlugboardError } from '../../domain/errors.ts';
import type { IdempotencyClaim, IdempotencyService } from '../../domain/idempotency/idempotency-service.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { addRouteHook, routeHasMethod } from '../../http/route-hooks.ts';
import { MAX_JSON_DEPTH } from '../../runtime/json-depth.ts';
import { principalKey } from '../auth/principal.ts';
import { principalOf } from '../auth/route-access.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false` takes a POST route out of `Idempotency-Key` handling (e.g. one that streams its answer). */
    idempotency?: boolean;
  }
  interface FastifyRequest {
    /** Set while this request holds an idempotency key whose response will be stored. */
    idempotencyClaim: IdempotencyClaim | null;
  }
}

const POST: ReadonlySet<string> = new Set(['POST']);

/** Response headers replayed with the stored body; the rest (request id, rate limit) describe the new call. */
const REPLAYED_HEADERS = ['content-type', 'plugboard-error-code', 'total-records', 'total-pages', 'location'];

/**
 * JSON with object keys sorted at every depth: the same body sent twice hashes the same. Bodies are
 * depth-limited when parsed; the limit is checked again here so this recursion can never overflow.
 */
function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_JSON_DEPTH + 8) {
    throw new PlugboardError('invalid_request', `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, depth + 1)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], depth + 1)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The parts of a request that make two requests "the same". */
export interface RequestIdentity {
  readonly method: string;
  /** The route pattern (`/v1.0/accounts/:id`), so differently cased paths of one route match. */
  readonly route: string;
  readonly params: unknown;
  readonly query: unknown;
  /** The account of an account-scoped call, `null` otherwise. */
  readonly accountId: string | null;
  readonly body: unknown;
}

/** SHA-256 of a request's identity; key order inside JSON bodies does not matter. */
export function requestHash(identity: RequestIdentity): string {
  const text = canonicalJson([
    identity.method,
    identity.route,
    identity.params ?? {},
    identity.query ?? {},
    identity.accountId,
    identity.body ?? null,
  ]);
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

function identityOf(request: FastifyRequest): RequestIdentity {
  return {
    method: request.method,
    route: request.routeOptions.url ?? '',
    params: request.params,
    query: request.query,
    accountId: request.accountId,
    body: request.body,
  };
}

function headerValue(request: FastifyRequest): string | undefined {
  const value = request.headers['idempotency-key'];
  if (Array.isArray(value))
    throw new PlugboardError('invalid_request', 'Send one Idempotency-Key header, not several.');
  return value;
}

/**
 * `Idempotency-Key` on every POST of the context (a route opts out with `config: { idempotency: false }`).
 * The first request with a key runs and its answer (status, body, a few headers) is stored sealed with
 * the key ring, since it may hold a sign-in token; the same key with the same request replays that
 * answer with `Idempotent-Replayed: true`; with a different request, or while the first still runs,
 * it is refused with 409. Keys belong to one API client and expire after 24 hours. Server errors are
 * not stored, so a retry runs again.
 */
export function installIdempotency(v1: HttpServer, service: IdempotencyService): void {
  v1.decorateRequest('idempotencyClaim', null);

  // Hooks of the POST routes that take part only: the other routes (the proxy's GET) skip both.
  const wants = (route: RouteOptions) => routeHasMethod(route, POST) && route.config?.idempotency !== false;
  addRouteHook(v1, 'preHandler', wants, async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST' || request.routeOptions.config.idempotency === false) return;
    const key = headerValue(request);
    if (key === undefined) return;
    const start = await service.begin(
      principalKey(principalOf(request)),
      key,
      requestHash(identityOf(request)),
    );
    switch (start.kind) {
      case 'run':
        request.idempotencyClaim = start.claim;
        return;
      case 'mismatch':
        throw new PlugboardError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request; use a new key for a new request.',
        );
      case 'in-progress':
        throw new PlugboardError(
          'idempotency_key_in_progress',
          'A request with this Idempotency-Key is still being processed; retry shortly.',
          { retryAfterSeconds: 1 },
        );
      case 'replay': {
        const { response } = start;
        for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
        reply.header('Idempotent-Replayed', 'true');
        return reply.status(response.statusCode).send(response.body);
      }
    }
  });

  addRouteHook(
    v1,
    'onSend',
    wants,
    async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const claim = request.idempotencyClaim;
      if (!claim) return payload;
      request.idempotencyClaim = null;
      const storable = typeof payload === 'string' || Buffer.isBuffer(payload);
      try {
        if (reply.statusCode >= 500 || !storable) {
          await service.abandon(claim);
          return payload;
        }
        const headers: Record<string, string> = {};
        for (const name of REPLAYED_HEADERS) {
          const value = reply.getHeader(name);
          if (value !== undefined) headers[name] = String(value);
        }
        await service.complete(claim, { statusCode: reply.statusCode, headers, body: payload.toString() });
      } catch (error) {
        // The call itself succeeded; failing to remember it must not turn its answer into an error.
        request.log.error({ err: error }, 'could not store the idempotent response');
        await service.abandon(claim).catch(() => {});
      }
      return payload;
    },
  );
}
