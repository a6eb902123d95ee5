import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

const running: TestPlugboard[] = [];
const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.close().catch(() => {});
  for (const drop of drops.splice(0)) await drop();
});

for (const kind of testDatabaseKinds()) {
  describe(`server basics [${kind.kind}]`, () => {
    async function start(): Promise<TestPlugboard> {
      const database = await kind.create();
      drops.push(() => database.drop());
      const app = await startTestPlugboard(database);
      running.push(app);
      return app;
    }

    it('answers /health and /ready, with nosniff and a request id on every response', async () => {
      const app = await start();
      const health = await app.server.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toEqual({ Status: 'ok' });
      expect(health.headers['x-content-type-options']).toBe('nosniff');
      expect(health.headers['x-request-id']).toMatch(/[0-9a-f-]{36}/);
      const ready = await app.server.inject({ method: 'GET', url: '/READY' });
      expect(ready.statusCode).toBe(200);
    });

    it('reports not ready once the database is gone', async () => {
      const app = await start();
      await app.database.close();
      const ready = await app.server.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ Message: 'The database is not reachable.' });
    });

    it('answers unknown routes with a 404 Message and an error code, echoing no query', async () => {
      const app = await start();
      const response = await app.server.inject({ method: 'GET', url: '/v1.0/nothing?token=secret-value' });
      expect(response.statusCode).toBe(404);
      expect(response.headers['plugboard-error-code']).toBe('not_found');
      expect(response.json()).toEqual({ Message: 'There is no GET /v1.0/nothing.' });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });

    it('answers router errors (an over-long path segment, a malformed URL) with a Message and no echo', async () => {
      const app = await start();
      const long = await app.server.inject({ method: 'GET', url: `/v1.0/accounts/${'x'.repeat(101)}` });
      expect(long.statusCode).toBe(414);
      expect(long.json()).toEqual({ Message: 'A path segment is longer than 100 characters.' });
      expect(long.headers['plugboard-error-code']).toBe('uri_too_long');
      expect(long.headers['x-content-type-options']).toBe('nosniff');
      const bad = await app.server.inject({
        method: 'GET',
        url: '/v1.0/accounts/%E0%A4%A?token=secret-value',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toEqual({ Message: 'The request URL is not valid.' });
    });

    it('finishes a request in flight when closing, and refuses new connections afterwards', async () => {
      const app = await start();
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      app.server.get('/slow', async () => {
        await gate;
        return { Done: true };
      });
      const address = await app.server.listen({ port: 0, host: '127.0.0.1' });
      const inFlight = fetch(`${address}/slow`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const closing = app.close();
      setTimeout(release, 200);
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ Done: true });
      await closing;
      running.splice(running.indexOf(app), 1);
      await expect(fetch(`${address}/health`)).rejects.toThrow();
    });
  });
}
