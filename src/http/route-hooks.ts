import type { FastifyInstance, RouteOptions } from 'fastify';

type RouteHookName = 'preValidation' | 'preHandler' | 'onSend';

/**
 * Adds `hook` to each route registered after this in `context` for which `wants(route)` holds, as one
 * of the route's own hooks, instead of a hook of the whole context: a hook that only some routes need
 * (a body check, idempotency on POST) then costs the other routes nothing — the proxy's GET among
 * them. Route hooks run after the context's hooks of the same kind, in the order they were added.
 */
export function addRouteHook(
  context: Pick<FastifyInstance, 'addHook'>,
  name: RouteHookName,
  wants: (route: RouteOptions) => boolean,
  hook: unknown,
): void {
  context.addHook('onRoute', (route) => {
    const options = route as unknown as RouteOptions;
    if (!wants(options)) return;
    const existing = (options as unknown as Record<RouteHookName, unknown>)[name];
    const hooks = existing === undefined ? [] : [existing].flat();
    (options as unknown as Record<RouteHookName, unknown>)[name] = [...hooks, hook];
  });
}

/** Whether a route answers `method` (a route may have several). */
export function routeHasMethod(route: RouteOptions, methods: ReadonlySet<string>): boolean {
  return [route.method].flat().some((method) => methods.has(method));
}

/** Whether a route answers a method that may carry a body (anything but GET and HEAD). */
export function routeMayTakeBody(route: RouteOptions): boolean {
  return [route.method].flat().some((method) => method !== 'GET' && method !== 'HEAD');
}
