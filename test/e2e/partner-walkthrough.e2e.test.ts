import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProcess, startServeProcess } from '../support/plugboard-process.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { TEST_KEYS } from '../support/test-plugboard.ts';

/**
 * The README's partner walk-through, the shell block itself, run twice against a real `plugboard
 * serve` with the sandbox on: the second run must not fail and must not make a second API client,
 * account or account connector.
 */

const REPOSITORY = join(import.meta.dirname, '../..');
const BIN = join(REPOSITORY, 'bin/plugboard.js');

/** The block after "A partner backend's sequence", as a partner would copy it. */
async function walkthroughBlock(): Promise<string> {
  const readme = await readFile(join(REPOSITORY, 'README.md'), 'utf8');
  const section = readme.indexOf("A partner backend's sequence");
  const start = readme.indexOf('```sh\n', section) + '```sh\n'.length;
  const end = readme.indexOf('\n```', start);
  if (section < 0 || start < section || end < start) throw new Error('the walk-through block is missing');
  return readme.slice(start, end);
}

function runBash(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

// The block is written for `npm start`, which runs on SQLite; the stores it touches are tested on both.
for (const kind of testDatabaseKinds().filter((k) => k.kind === 'sqlite')) {
  describe(`the README's partner walk-through [${kind.kind}]`, { timeout: 90_000 }, () => {
    let database: TestDatabase;
    let server: RunningProcess;
    let workdir: string;
    const env = (): Record<string, string> => ({
      PLUGBOARD_DATABASE_URL: database.url,
      PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS,
      PLUGBOARD_SANDBOX: 'on',
    });

    beforeAll(async () => {
      database = await kind.create();
      server = await startServeProcess(env());
      workdir = await mkdtemp(join(tmpdir(), 'plugboard-walkthrough-'));
      // `npm start`'s working directory: the block keeps the API client's credentials under ./data/.
      await mkdir(join(workdir, 'data'));
    });
    afterAll(async () => {
      await server?.stop();
      await database?.drop();
      if (workdir) await rm(workdir, { recursive: true, force: true });
    });

    it('runs twice without an error, the second run finding what the first made', async () => {
      const script = (await walkthroughBlock())
        .replaceAll('http://localhost:3000', server.url)
        .replaceAll('npx plugboard', `node ${JSON.stringify(BIN)}`);
      const runs = [];
      for (let run = 1; run <= 2; run++) {
        const result = await runBash(script, workdir, env());
        expect(result.code, `run ${run}:\n${result.stdout}\n${result.stderr}`).toBe(0);
        expect(result.stdout, `run ${run}`).not.toContain('"Message"');
        expect(result.stdout, `run ${run}`).not.toContain('id=null');
        runs.push(result.stdout);
      }
      const connectorIds = runs.map((out) => /UpdateAccountConnectorOAuth\?id=(\d+)&token=/.exec(out)?.[1]);
      expect(connectorIds[0]).toMatch(/^\d+$/);
      expect(connectorIds[1]).toBe(connectorIds[0]);
      // The account was created by the first run only.
      expect(runs[0]).toContain('"Id":"acme"');
      expect(runs[1]).not.toContain('"Id":"acme"');

      // One of each, seen with the credentials the block kept.
      const credentials = JSON.parse(await readFile(join(workdir, 'data/back-office-client.json'), 'utf8'));
      const token = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: credentials.ClientId,
          client_secret: credentials.ClientSecret,
        }),
      }).then(async (response) => ((await response.json()) as { access_token: string }).access_token);
      const get = async <T>(path: string, account?: string): Promise<T[]> => {
        const response = await fetch(`${server.url}${path}`, {
          headers: { authorization: `Bearer ${token}`, ...(account ? { 'x-cyclr-account': account } : {}) },
        });
        expect(response.status, path).toBe(200);
        return (await response.json()) as T[];
      };
      const clients = await get<{ Name: string }>('/v1.0/apiclients');
      expect(clients.map((c) => c.Name)).toEqual(['Back office']);
      const accounts = await get<{ Id: string }>('/v1.0/accounts');
      expect(accounts.map((a) => a.Id)).toEqual(['acme']);
      const connectors = await get<{ Id: number; Name: string }>('/v1.0/account/connectors', 'acme');
      expect(connectors.map((c) => [c.Id, c.Name])).toEqual([[Number(connectorIds[0]), 'Capsule']]);
    });
  });
}
