import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LivePlugboard, startLivePlugboard } from '../support/live-plugboard.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { insertAccount } from '../support/raw-rows.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

/** Sends `head` and then one byte of `trickle` every `everyMs`; resolves with what came back and when. */
function slowClient(port: number, head: string, trickle: string, everyMs: number) {
  return new Promise<{ answer: string; afterMs: number }>((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < trickle.length && !socket.destroyed) socket.write(trickle[sent++] ?? '');
    }, everyMs);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
    });
    const done = () => {
      clearInterval(timer);
      resolve({ answer, afterMs: Date.now() - started });
    };
    socket.on('close', done);
    socket.on('error', () => {});
  });
}

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

for (const kind of testDatabaseKinds()) {
  describe(`request hardening [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: LivePlugboard;
    let partner: PartnerClient;
    let port: number;

    beforeAll(async () => {
      database = await kind.create();
      app = await startLivePlugboard(database, { httpTimeouts: { headersMs: 1000, requestMs: 1500 } });
      port = Number(new URL(app.baseUrl).port);
      partner = await PartnerClient.connect(app, 'HTTP');
      await partner.authenticate();
      await insertAccount(app, 'acme');
    });
    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    it('cuts off a client that trickles its body', async () => {
      const head = `POST /v1.0/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${partner.token}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n`;
      const { answer, afterMs } = await slowClient(port, head, `{"Name":"${'x'.repeat(190)}"}`, 200);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(afterMs).toBeLessThan(15_000);
      expect(await app.stores.accounts.exists('x')).toBe(false);
    });

    it('cuts off a client that trickles its headers', async () => {
      const { answer, afterMs } = await slowClient(
        port,
        'GET /health HTTP/1.1\r\n',
        `X-Slow: ${'a'.repeat(200)}`,
        200,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 408|^$/);
      expect(afterMs).toBeLessThan(15_000);
    });

    it('makes its own request id and logs a client-chosen one beside it', async () => {
      const response = await partner.call('GET', '/v1.0/accounts', {
        headers: { 'x-request-id': 'client-chosen-id-1' },
      });
      expect(response.status).toBe(200);
      const id = response.headers['x-request-id'];
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const line = app.logs.lines
        .map((l) => JSON.parse(l))
        .find((l) => l.reqId === id && l.msg === 'request completed');
      expect(line?.clientRequestId).toBe('client-chosen-id-1');
    });

    it('refuses JSON nested 20,000 levels deep with a 400, also with an Idempotency-Key', async () => {
      for (const headers of [{}, { 'idempotency-key': 'deep-1' }]) {
        const response = await partner.call('POST', '/v1.0/accounts', {
          body: `{"Name":"deep","AuditInfo":${nested(20_000)}}`,
          headers: { 'content-type': 'application/json', ...headers },
        });
        expect(response.status).toBe(400);
        expect(response.json()).toEqual({ Message: 'The JSON body nests deeper than 64 levels.' });
      }
      const fields = await partner.call(
        'POST',
        '/v1.0/account/connectors/1/methods/6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a05',
        {
          account: 'acme',
          body: `{"Fields":{"tags":${nested(5000)}}}`,
          headers: { 'content-type': 'application/json' },
        },
      );
      expect(fields.status).toBe(400);
      expect((await partner.call('GET', '/v1.0/accounts')).json().map((a: { Id: string }) => a.Id)).toEqual([
        'acme',
      ]);
    });

    it('refuses page numbers that are not small whole numbers', async () => {
      for (const page of ['1e20', '99999999999999999999', '0x10', '-1', '1.5']) {
        const response = await partner.call('GET', `/v1.0/accounts?page=${page}`);
        expect(response.status).toBe(400);
        expect(response.json().Message).toMatch(/^page must be a whole number/);
      }
    });
  });
}
