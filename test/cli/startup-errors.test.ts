import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { fakeCliIo } from '../support/fake-cli-io.ts';
import { TEST_KEYS } from '../support/test-plugboard.ts';

const BIN = join(import.meta.dirname, '../../bin/plugboard.js');
const dir = mkdtempSync(join(tmpdir(), 'plugboard-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One line, naming what to change, and no stack trace. */
function expectOneClearLine(stderr: string, ...parts: string[]): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  for (const part of parts) expect(stderr).toContain(part);
  expect(stderr).not.toMatch(/\n\s+at /);
}

async function run(args: string[], env: Record<string, string>) {
  const io = fakeCliIo({ PLUGBOARD_LOG_LEVEL: 'silent', ...env });
  const code = await main(args, io);
  return { code, stderr: io.stderr };
}

describe('start-up failures a person can fix', () => {
  it('names the port and PLUGBOARD_PORT when the port is in use, and exits with 1', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    const result = spawnSync(process.execPath, [BIN, 'serve'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        PLUGBOARD_PORT: String(port),
        PLUGBOARD_DATABASE_URL: `sqlite:${join(dir, 'port.db')}`,
        PLUGBOARD_LOG_LEVEL: 'silent',
      },
    });
    taken.close();
    expect(result.status).toBe(1);
    expectOneClearLine(result.stderr, `port ${port} is already in use`, 'PLUGBOARD_PORT');
  }, 90_000);

  it('refuses an SQLite path whose directory does not exist, and creates nothing', async () => {
    const typo = join(dir, 'some', 'typo', 'dir');
    for (const command of [['migrate'], ['api-client', 'create', '--name', 'x']]) {
      const { code, stderr } = await run(command, { PLUGBOARD_DATABASE_URL: `sqlite:${typo}/x.db` });
      expect(code).toBe(1);
      expectOneClearLine(stderr, typo, 'does not exist', 'PLUGBOARD_DATABASE_URL');
    }
    expect(existsSync(join(dir, 'some'))).toBe(false);
  });

  it('names PLUGBOARD_DATABASE_URL, without its password, when PostgreSQL is not reachable', async () => {
    const { code, stderr } = await run(['migrate'], {
      PLUGBOARD_DATABASE_URL: 'postgres://plugboard:s3cret-pw@127.0.0.1:1/plugboard',
      PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS,
    });
    expect(code).toBe(1);
    expectOneClearLine(stderr, 'PostgreSQL is not reachable', 'PLUGBOARD_DATABASE_URL', 'plugboard:***@');
    expect(stderr).not.toContain('s3cret-pw');
  });

  const postgres = process.env.PLUGBOARD_TEST_DATABASE_URL;
  describe.skipIf(!postgres)('with a PostgreSQL server', () => {
    const variant = (change: (url: URL) => void) => {
      const url = new URL(postgres ?? 'postgres://localhost/x');
      change(url);
      return url.href;
    };
    it('says the database does not exist', async () => {
      const { code, stderr } = await run(['migrate'], {
        PLUGBOARD_DATABASE_URL: variant((url) => {
          url.pathname = '/plugboard_no_such_database';
        }),
        PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS,
      });
      expect(code).toBe(1);
      expectOneClearLine(stderr, 'the database does not exist', 'PLUGBOARD_DATABASE_URL');
    });
    it('says the role does not exist', async () => {
      const { code, stderr } = await run(['migrate'], {
        PLUGBOARD_DATABASE_URL: variant((url) => {
          url.username = 'plugboard_no_such_role';
        }),
        PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS,
      });
      expect(code).toBe(1);
      expectOneClearLine(stderr, 'PostgreSQL refused the connection', 'PLUGBOARD_DATABASE_URL');
    });
  });
});
