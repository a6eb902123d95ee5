import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { clientErrorOf } from './http/client-errors.ts';
import { sameSecret } from './oauth/secrets.ts';
import { resetStats, type SandboxStats } from './stats.ts';
import {
  applySwitchesPatch,
  type SandboxSwitches,
  type SwitchesPatch,
  switchesPatchProblems,
} from './switches.ts';

/** The live objects the control endpoint reads and changes. */
export interface ControlTarget {
  switches: SandboxSwitches;
  stats: SandboxStats;
  /** `Authorization: Bearer {controlToken}` opens the control endpoint. */
  controlToken: string;
  /** Another way in (the host's console admins). */
  authorize?: (request: FastifyRequest) => boolean | Promise<boolean>;
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
}

/**
 * `GET {prefix}/control` → `{"switches":{…},"stats":{…}}`; `PUT {prefix}/control` merges a JSON
 * object of switches and answers the same shape (400 with `problems` for unknown names or bad
 * values, changing nothing); `POST {prefix}/control/reset-stats` zeroes the counters. This lets
 * tests steer a sandbox running in another process. Only the control token or the host's own check
 * (a console admin) opens it.
 */
export function controlPlugin(target: ControlTarget): FastifyPluginAsync {
  return async (fastify) => {
    // The switches can break every connector pointed at the sandbox: only its operator may flip them.
    fastify.addHook('onRequest', async (request, reply) => {
      const bearer = bearerOf(request);
      if (bearer !== undefined && sameSecret(bearer, target.controlToken)) return;
      if (target.authorize && (await target.authorize(request))) return;
      return reply.code(401).header('cache-control', 'no-store').send({
        message:
          'The sandbox control endpoint needs a console admin session or the control token (Authorization: Bearer …).',
      });
    });
    const snapshot = () => ({ switches: target.switches, stats: target.stats });
    fastify.get('/control', async (_request, reply) =>
      reply.header('cache-control', 'no-store').send(snapshot()),
    );
    fastify.put('/control', async (request, reply) => {
      const body = request.body ?? {};
      const problems = switchesPatchProblems(body);
      if (problems.length > 0) {
        return reply.code(400).send({ message: 'Invalid switches', problems });
      }
      applySwitchesPatch(target.switches, body as SwitchesPatch);
      return reply.header('cache-control', 'no-store').send(snapshot());
    });
    fastify.post('/control/reset-stats', async (_request, reply) => {
      resetStats(target.stats);
      return reply.header('cache-control', 'no-store').send(snapshot());
    });
    fastify.setErrorHandler(async (error, request, reply) => {
      const clientError = clientErrorOf(error);
      if (clientError === undefined) {
        request.log.error({ err: error }, 'Capsule sandbox control route failed');
      }
      return reply
        .code(clientError?.status ?? 500)
        .send({ message: clientError?.message ?? 'Internal Server Error' });
    });
  };
}
