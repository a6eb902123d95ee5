import { freePort } from './free-port.ts';
import type { TestDatabase } from './test-databases.ts';
import { startTestPlugboard, type TestPlugboard, type TestPlugboardOptions } from './test-plugboard.ts';

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
