import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { formatLogLine } from '../../src/logging/pretty-format.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { LogCapture, startTestPlugboard, type TestPlugboard } from '../support/test-plugboard.ts';

const CODE_PATTERN = /[0-9A-Z]{5}(?:-[0-9A-Z]{5}){3}/;

describe('PLUGBOARD_LOG_FORMAT', () => {
  it('is json by default, accepts pretty and refuses anything else naming the variable', () => {
    expect(loadConfig({}).logFormat).toBe('json');
    expect(loadConfig({ PLUGBOARD_LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(() => loadConfig({ PLUGBOARD_LOG_FORMAT: 'xml' })).toThrow(/PLUGBOARD_LOG_FORMAT.*json or pretty/);
  });

  it('pretty writes one readable line an event, fields as key=value, secrets still redacted', () => {
    const capture = new LogCapture();
    const logger = createLogger('info', 'pretty', capture);
    logger.info(
      { accountConnectorId: 7, req: { url: '/connector/callback?code=s3cret&x=1' } },
      'token refreshed',
    );
    logger.error({ err: new Error('upstream said no') }, 'job failed');
    const [first, second] = capture.lines;
    expect(first).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}token refreshed accountConnectorId=7 req=/);
    expect(first).not.toContain('s3cret');
    expect(first).not.toContain('"level"');
    expect(second).toMatch(/ERROR job failed$/);
    expect(capture.text).toContain('Error: upstream said no');
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(formatLogLine('plain text')).toBe('plain text\n');
  });
});

for (const kind of testDatabaseKinds()) {
  describe(`the first-admin setup code in the log [${kind.kind}]`, () => {
    let database: TestDatabase | undefined;
    let app: TestPlugboard | undefined;
    afterEach(async () => {
      await app?.close();
      await database?.drop();
    });

    it('is its own setupCode field in JSON', async () => {
      database = await kind.create();
      app = await startTestPlugboard(database);
      const line = app.logs.lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.setupCode);
      expect(line?.setupCode).toMatch(CODE_PATTERN);
      expect(line?.msg).toContain(String(line?.setupCode));
    });

    it('stands out in a framed block in the pretty format', async () => {
      database = await kind.create();
      app = await startTestPlugboard(database, { env: { PLUGBOARD_LOG_FORMAT: 'pretty' } });
      const text = app.logs.text;
      const frame =
        /\+-+\+\n\| First console admin: one-time setup code +\|\n\| +\|\n\| +([0-9A-Z-]+) +\|\n\+-+\+/.exec(
          text,
        );
      expect(frame?.[1]).toMatch(CODE_PATTERN);
      expect(text).toContain(`WARN  No console admin exists yet.`);
    });
  });
}
