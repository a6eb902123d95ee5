import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiAuth, ApiHandler, ApiResponse } from './api-types.ts';
import type { ApiAccess, ApiGuard } from './auth-and-rate-limit.ts';

/** The methods the API routes use; anything else on a known path is a 405. */
export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface RouteEntry {
  method: ApiMethod;
  pattern: RegExp;
}

/**
 * Registers API routes on a Fastify instance mounted at `/api/v2`, putting the guard in front of each
 * and remembering the paths, so an unknown method on a known path can be told apart (405) from an
 * unknown path (404).
 */
export class ApiRouter {
  private readonly routes: RouteEntry[] = [];
  private readonly callers = new WeakMap<FastifyRequest, ApiAuth>();

  constructor(
    private readonly fastify: FastifyInstance,
    private readonly guard: ApiGuard,
  ) {}

  get(path: string, handler: ApiHandler): void {
    this.add('GET', path, handler, 'read');
  }

  /** POST is a write unless said otherwise (filters are reads sent as POST). */
  post(path: string, handler: ApiHandler, access: ApiAccess = 'write'): void {
    this.add('POST', path, handler, access);
  }

  put(path: string, handler: ApiHandler): void {
    this.add('PUT', path, handler, 'write');
  }

  delete(path: string, handler: ApiHandler): void {
    this.add('DELETE', path, handler, 'write');
  }

  /** The methods registered for a concrete path below `/api/v2`. */
  allowedMethods(path: string): ApiMethod[] {
    return [...new Set(this.routes.filter((route) => route.pattern.test(path)).map((route) => route.method))];
  }

  /** Path of a request below the API prefix, without the query. */
  relativePath(request: FastifyRequest): string {
    const pathname = new URL(request.url, 'http://sandbox.invalid').pathname;
    return pathname.startsWith(this.fastify.prefix) ? pathname.slice(this.fastify.prefix.length) : pathname;
  }

  private add(method: ApiMethod, path: string, handler: ApiHandler, access: ApiAccess): void {
    this.routes.push({ method, pattern: pathPattern(path) });
    this.fastify.route({
      method,
      url: path,
      onRequest: async (request, reply) => {
        const caller = await this.guard(request, reply, access);
        if (caller === undefined) {
          return reply;
        }
        this.callers.set(request, caller);
        return undefined;
      },
      handler: async (request, reply) => {
        const auth = this.callers.get(request);
        if (auth === undefined) {
          throw new Error('API route reached without a caller');
        }
        const response = handler({
          params: request.params as Record<string, string>,
          query: new URL(request.url, 'http://sandbox.invalid').searchParams,
          body: request.body,
          headers: Object.fromEntries(
            Object.entries(request.headers).map(([name, value]) => [
              name,
              Array.isArray(value) ? value.join(', ') : value,
            ]),
          ),
          auth,
          path: this.relativePath(request),
        });
        return sendApiResponse(reply, response);
      },
    });
  }
}

/** Writes a handler's response; bodies are minified JSON, as Capsule sends. */
export function sendApiResponse(reply: FastifyReply, response: ApiResponse): FastifyReply {
  reply.code(response.status);
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    reply.header(name, value);
  }
  return response.body === undefined ? reply.send() : reply.send(response.body);
}

function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}
