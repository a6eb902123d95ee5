import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { CONFIG_OPTIONS } from '../../src/config/config-options.ts';
import { keyFilePathFor, readKeyFile } from '../../src/crypto/key-file.ts';
import { fakeCliIo } from '../support/fake-cli-io.ts';

const BIN = join(import.meta.dirname, '../../bin/plugboard.js');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sqliteEnv(): { env: Record<string, string>; dbPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-cli-'));
  dirs.push(dir);
  const dbPath = join(dir, 'plugboard.db');
  return { env: { PLUGBOARD_DATABASE_URL: `sqlite:${dbPath}`, PLUGBOARD_LOG_LEVEL: 'silent' }, dbPath };
}

describe('plugboard CLI', () => {
  it('--help lists every command and every option with its default (as a real process)', () => {
    const result = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    for (const command of [
      'serve',
      'migrate',
      'api-client create --name',
      'admin create --username',
      'keys rotate',
      'keys rewrap',
    ]) {
      expect(result.stdout).toContain(command);
    }
    for (const option of CONFIG_OPTIONS) {
      expect(result.stdout).toContain(option.variable);
      // Long descriptions wrap: compare with the line breaks and indents folded to single spaces.
      expect(result.stdout.replace(/\s+/g, ' ')).toContain(`default: ${option.defaultText}`);
    }
  });

  it('stops with a message naming a bad variable and what it expects, starting nothing', () => {
    const result = spawnSync(process.execPath, [BIN, 'serve'], {
      encoding: 'utf8',
      env: { ...process.env, PLUGBOARD_PORT: 'eighty' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PLUGBOARD_PORT');
    expect(result.stderr).toContain('an integer from 0 to 65535');
  });

  it('answers an unknown command or option with usage help and exit code 2', async () => {
    const io = fakeCliIo({});
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.stderr).toContain('Unknown command');
    const io2 = fakeCliIo(sqliteEnv().env);
    expect(await main(['api-client', 'create', '--nmae', 'x'], io2)).toBe(2);
    expect(io2.stderr).toContain("Unknown option '--nmae'");
    const io3 = fakeCliIo(sqliteEnv().env);
    expect(await main(['api-client', 'create'], io3)).toBe(2);
    expect(io3.stderr).toContain('needs --name');
  });

  it('describes a command group, one command with help <command>, and keeps --help lines short', async () => {
    for (const group of ['api-client', 'keys', 'admin']) {
      const io = fakeCliIo({});
      expect(await main([group, '--help'], io)).toBe(0);
      expect(io.stdout).toContain(`Usage: plugboard ${group} `);
      expect(io.stderr).toBe('');
    }
    const keys = fakeCliIo({});
    await main(['keys', '--help'], keys);
    for (const word of ['generate', 'rotate', 'rewrap'])
      expect(keys.stdout).toContain(`plugboard keys ${word}`);
    const serve = fakeCliIo({});
    expect(await main(['help', 'serve'], serve)).toBe(0);
    expect(serve.stdout).toMatch(/^Usage: plugboard serve\n/);
    expect(serve.stdout).not.toContain('plugboard migrate');
    const bare = fakeCliIo({});
    expect(await main(['api-client'], bare)).toBe(2);
    expect(bare.stderr).toContain('plugboard api-client create --name');
    const unknown = fakeCliIo({});
    expect(await main(['help', 'nonsense'], unknown)).toBe(2);
    const help = fakeCliIo({});
    await main(['--help'], help);
    for (const line of help.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('config prints every option, its default and the effective values without secrets', async () => {
    const io = fakeCliIo({
      PLUGBOARD_DATABASE_URL: 'postgres://u:pw@db.example/x',
      PLUGBOARD_ENCRYPTION_KEYS: 'k9:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    });
    expect(await main(['config'], io)).toBe(0);
    for (const option of CONFIG_OPTIONS) expect(io.stdout).toContain(option.variable);
    expect(io.stdout).toContain('active \\"k9\\"');
    expect(io.stdout).not.toContain('AAECAwQ');
    expect(io.stdout).not.toContain(':pw@');
  });

  it('config shows the value of PLUGBOARD_SANDBOX in effect, not "(default)"', async () => {
    const keys = { PLUGBOARD_ENCRYPTION_KEYS: 'k9:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' };
    const effective = async (env: Record<string, string>) => {
      const io = fakeCliIo({ ...keys, ...env });
      expect(await main(['config'], io)).toBe(0);
      return JSON.parse(io.stdout.slice(io.stdout.indexOf('Effective values:') + 17)) as Record<
        string,
        unknown
      >;
    };
    expect((await effective({ PLUGBOARD_SANDBOX: 'off' })).PLUGBOARD_SANDBOX).toBe('off');
    expect((await effective({ PLUGBOARD_SANDBOX: 'on' })).PLUGBOARD_SANDBOX).toBe('on');
    expect((await effective({})).PLUGBOARD_SANDBOX).toBe(
      'on for plugboard start (npm start) while the public URL is loopback, off for plugboard serve',
    );
    expect(
      (await effective({ PLUGBOARD_SHUTDOWN_GRACE_SECONDS: '3' })).PLUGBOARD_SHUTDOWN_GRACE_SECONDS,
    ).toBe(3);
  });

  it('api-client create prints the credentials once and stores only a hash', async () => {
    const { env, dbPath } = sqliteEnv();
    const io = fakeCliIo(env);
    expect(await main(['api-client', 'create', '--name', 'Back office'], io)).toBe(0);
    const created = JSON.parse(io.stdout) as { ClientId: string; ClientSecret: string };
    expect(Object.keys(created)).toEqual(['ClientId', 'ClientSecret']);
    expect(created.ClientSecret.length).toBeGreaterThanOrEqual(40);
    for (const file of [dbPath, `${dbPath}-wal`]) {
      let bytes = '';
      try {
        bytes = readFileSync(file).toString('latin1');
      } catch {}
      expect(bytes).not.toContain(created.ClientSecret);
    }
  });

  it('admin create reads the password from standard input and refuses a short one, creating nothing', async () => {
    const { env } = sqliteEnv();
    const short = fakeCliIo(env, 'short\n');
    expect(await main(['admin', 'create', '--username', 'ada'], short)).toBe(1);
    expect(short.stderr).toContain('at least 10 characters');
    const good = fakeCliIo(env, 'correct horse battery\n');
    expect(await main(['admin', 'create', '--username', 'ada'], good)).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ Username: 'ada' });
    const again = fakeCliIo(env, 'correct horse battery\n');
    expect(await main(['admin', 'create', '--username', 'ada'], again)).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('keys rotate adds a new active key to the key file and keys rewrap moves data to it', async () => {
    const { env, dbPath } = sqliteEnv();
    expect(await main(['api-client', 'create', '--name', 'first start'], fakeCliIo(env))).toBe(0);
    const before = readKeyFile(keyFilePathFor(dbPath));
    expect(before).toHaveLength(1);
    const rotate = fakeCliIo(env);
    expect(await main(['keys', 'rotate'], rotate)).toBe(0);
    const after = readKeyFile(keyFilePathFor(dbPath)) ?? [];
    expect(after).toHaveLength(2);
    expect(JSON.parse(rotate.stdout).ActiveKeyId).toBe(after[0]?.kid);
    expect(after[1]?.kid).toBe(before?.[0]?.kid);
    const rewrap = fakeCliIo(env);
    expect(await main(['keys', 'rewrap'], rewrap)).toBe(0);
    expect(JSON.parse(rewrap.stdout)).toMatchObject({
      activeKid: after[0]?.kid,
      remainingByKey: { [before?.[0]?.kid as string]: 0 },
    });
  });

  it('keys rotate with PLUGBOARD_ENCRYPTION_KEYS prints the new value and a roll-out that echoes no old key', async () => {
    const oldKey = 'k0:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
    const { env } = sqliteEnv();
    const withKeys = { ...env, PLUGBOARD_ENCRYPTION_KEYS: oldKey };
    expect(await main(['api-client', 'create', '--name', 'first start'], fakeCliIo(withKeys))).toBe(0);
    const rotate = fakeCliIo(withKeys);
    expect(await main(['keys', 'rotate'], rotate)).toBe(0);
    const printed = JSON.parse(rotate.stdout);
    expect(printed.PreviousKeyIds).toEqual(['k0']);
    expect(printed.PLUGBOARD_ENCRYPTION_KEYS).toBe(`${printed.NewKey},${oldKey}`);
    expect(printed.NewKey.startsWith(`${printed.ActiveKeyId}:`)).toBe(true);
    expect(rotate.stderr).toContain('two steps');
    expect(rotate.stderr).not.toContain('AAECAwQ');
    const rewrap = fakeCliIo({ ...env, PLUGBOARD_ENCRYPTION_KEYS: printed.PLUGBOARD_ENCRYPTION_KEYS });
    expect(await main(['keys', 'rewrap'], rewrap)).toBe(0);
    expect(JSON.parse(rewrap.stdout).remainingByKey).toEqual({ k0: 0 });
  });

  it('serve shuts down cleanly on SIGTERM', async () => {
    const { env } = sqliteEnv();
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, ...env, PLUGBOARD_PORT: '0', PLUGBOARD_LOG_LEVEL: 'info' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 60_000);
      child.stdout.on('data', () => {
        if (output.includes('Plugboard is serving')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const address = /"address":"([^"]+)"/.exec(output)?.[1];
    expect((await fetch(`${address}/health`)).status).toBe(200);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(output).toContain('shutting down');
  }, 90_000);
});
