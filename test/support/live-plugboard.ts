import { createServer } from 'node:net';
import type { TestDatabase } from './test-databases.ts';
import { startTestPlugboard, type TestPlugboard, type TestPlugboardOptions } from './test-plugboard.ts';

/** A free TCP port on 127.0.0.1 (released before returning; fine for tests). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface LivePlugboard extends TestPlugboard {
  readonly baseUrl: string;
}

/**
 * A test Plugboard listening on a real port, with the Capsule sandbox mounted at
 * `{baseUrl}/sandbox/capsule` so provider calls cross real HTTP.
 */
export async function startLivePlugboard(
  database: TestDatabase,
  options: TestPlugboardOptions = {},
): Promise<LivePlugboard> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const app = await startTestPlugboard(database, {
    ...options,
    env: {
      PLUGBOARD_PORT: String(port),
      PLUGBOARD_PUBLIC_URL: baseUrl,
      PLUGBOARD_SANDBOX: 'on',
      ...options.env,
    },
  });
  await app.server.listen({ port, host: '127.0.0.1' });
  return Object.assign(app, { baseUrl });
}
