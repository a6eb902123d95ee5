import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleSession } from '../support/console-session.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

const PASSWORD = 'correct horse battery';

for (const kind of testDatabaseKinds()) {
  describe(`console sign-in slow-down [${kind.kind}]`, () => {
    let database: TestDatabase;
    let app: TestPlugboard;
    let now = Date.parse('2030-01-01T00:00:00Z');
    const clock = () => now;

    beforeAll(async () => {
      database = await kind.create();
      app = await startTestPlugboard(database, { clock, env: { PLUGBOARD_LOG_LEVEL: 'warn' } });
      for (const name of ['ada', 'grace', 'linus', 'alan']) await app.services.admins.create(name, PASSWORD);
    });
    afterAll(async () => {
      await app.close();
      await database.drop();
    });

    it('lets three wrong passwords through, then makes the admin wait 1 s, 2 s, … even for the right one', async () => {
      const browser = new ConsoleSession(app, '10.0.0.1');
      for (let i = 0; i < 3; i++) expect((await browser.signIn('ada', 'wrong password!')).status).toBe(401);
      const waiting = await browser.signIn('ada', PASSWORD);
      expect(waiting.status).toBe(429);
      expect(waiting.headers['retry-after']).toBe('1');
      expect(waiting.json().Message).toBe('Too many failed attempts. Wait 1 second and try again.');
      now += 1000;
      expect((await browser.signIn('ada', 'wrong password!')).status).toBe(401);
      const longer = await browser.signIn('ada', PASSWORD);
      expect(longer.status).toBe(429);
      expect(longer.headers['retry-after']).toBe('2');
    });

    it('keeps the slow-down in the database, so another process sharing it enforces it too', async () => {
      const other = await startTestPlugboard(database, { clock, env: { PLUGBOARD_LOG_LEVEL: 'warn' } });
      try {
        const response = await new ConsoleSession(other, '10.0.0.1').signIn('ada', PASSWORD);
        expect(response.status).toBe(429);
      } finally {
        await other.close();
      }
    });

    it('forgets the failures once the admin signs in', async () => {
      now += 2000;
      const browser = new ConsoleSession(app, '10.0.0.1');
      expect((await browser.signIn('ada', PASSWORD)).status).toBe(200);
      expect((await browser.signIn('ada', 'wrong password!')).status).toBe(401);
      expect((await browser.signIn('ada', PASSWORD)).status).toBe(200);
    });

    it('slows down an unknown username exactly like a known one', async () => {
      const browser = new ConsoleSession(app, '10.0.0.3');
      for (let i = 0; i < 3; i++) expect((await browser.signIn('nobody', PASSWORD)).status).toBe(401);
      expect((await browser.signIn('nobody', PASSWORD)).status).toBe(429);
    });

    it('never locks the right password out from another address, and logs an audit line per lock-out', async () => {
      const guesser = new ConsoleSession(app, '10.0.0.4');
      for (let i = 0; i < 12; i++) await guesser.signIn('grace', `guess ${i} password`);
      expect((await guesser.signIn('grace', PASSWORD)).status).toBe(429);
      expect((await new ConsoleSession(app, '10.0.0.5').signIn('grace', PASSWORD)).status).toBe(200);
      // The guesser's failures against grace do not touch another username from its own address either.
      expect((await guesser.signIn('alan', PASSWORD)).status).toBe(200);
      const audit = app.logs.lines
        .map((line) => JSON.parse(line))
        .filter((l) => l.audit === 'console_sign_in_locked');
      expect(audit.some((l) => l.username === 'grace' && l.address === '10.0.0.4')).toBe(true);
      expect(app.logs.text).not.toContain(PASSWORD);
    });

    it('reads the client address behind a trusted proxy, so clients behind it do not share a counter', async () => {
      const proxied = await startTestPlugboard(database, {
        clock,
        env: { PLUGBOARD_LOG_LEVEL: 'warn', PLUGBOARD_TRUSTED_PROXIES: '10.8.0.1' },
      });
      try {
        const via = (client: string) =>
          proxied.server.inject({
            method: 'POST',
            url: '/console-api/session',
            remoteAddress: '10.8.0.1',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
            payload: JSON.stringify({
              Username: 'alan',
              Password: client === '203.0.113.9' ? 'nope nope nope' : PASSWORD,
            }),
          });
        for (let i = 0; i < 6; i++) await via('203.0.113.9');
        expect((await via('203.0.113.9')).statusCode).toBe(429);
        expect((await via('198.51.100.3')).statusCode).toBe(200);
      } finally {
        await proxied.close();
      }
    });

    it('checks parallel guesses one at a time: a burst gets no more tries than the free ones', async () => {
      now += 24 * 60 * 60_000;
      const attempts = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          new ConsoleSession(app, '10.1.0.1').signIn('linus', `burst ${i} guess`),
        ),
      );
      const checked = attempts.filter((r) => r.status === 401).length;
      const refused = attempts.filter((r) => r.status === 429).length;
      expect(checked).toBeGreaterThanOrEqual(1);
      expect(checked).toBeLessThanOrEqual(3);
      expect(checked + refused).toBe(10);
    });

    it('slows down setup-code guesses per address as well', async () => {
      const fresh = await kind.create();
      const empty = await startTestPlugboard(fresh, { clock, env: { PLUGBOARD_LOG_LEVEL: 'warn' } });
      try {
        const guesser = new ConsoleSession(empty, '10.0.0.6');
        for (let i = 0; i < 10; i++) {
          expect((await guesser.setUp('AAAAA-BBBBB-CCCCC-DDDDD', 'ada', PASSWORD)).status).toBe(403);
        }
        expect((await guesser.setUp('AAAAA-BBBBB-CCCCC-DDDDD', 'ada', PASSWORD)).status).toBe(429);
      } finally {
        await empty.close();
        await fresh.drop();
      }
    });
  });
}
