import type { HttpServer } from './build-server.ts';

/** `GET /health` answers while the process runs; `GET /ready` only while the database answers too. */
export async function healthRoutes(
  server: HttpServer,
  options: { ping: () => Promise<boolean> },
): Promise<void> {
  server.get('/health', async () => ({ Status: 'ok' }));
  server.get('/ready', async (_request, reply) => {
    if (await options.ping()) return { Status: 'ready' };
    reply.header('Plugboard-Error-Code', 'service_unavailable');
    return reply.status(503).send({ Message: 'The database is not reachable.' });
  });
}
