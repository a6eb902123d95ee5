import type { FastifyPluginAsync } from 'fastify';
import { clientErrorOf } from './http/client-errors.ts';
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
}

/**
 * `GET {prefix}/control` → `{"switches":{…},"stats":{…}}`; `PUT {prefix}/control` merges a JSON
 * object of switches and answers the same shape (400 with `problems` for unknown names or bad
 * values, changing nothing); `POST {prefix}/control/reset-stats` zeroes the counters. This lets
 * tests steer a sandbox running in another process. It has no authentication: only mount the
 * sandbox where that is acceptable.
 */
export function controlPlugin(target: ControlTarget): FastifyPluginAsync {
  return async (fastify) => {
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
