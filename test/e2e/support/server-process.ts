import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../support/free-port.ts';
import type { TestDatabase } from '../../support/test-databases.ts';
import { TEST_KEYS } from '../../support/test-plugboard.ts';

const BIN = join(import.meta.dirname, '../../../bin/plugboard.js');

/** A real `plugboard start` process, as a partner runs it. */
export interface ServerProcess {
  readonly baseUrl: string;
  /** Every line the process wrote (JSON log lines and anything else). */
  readonly output: string[];
  /** The one-time setup code it printed, if it printed one. */
  setupCode(): string | null;
  stop(): Promise<void>;
}

/**
 * Starts `node bin/plugboard.js start` (which builds the console first) on a free port with the
 * Capsule sandbox on, against `database`, and waits until it says it is serving.
 */
export async function startServerProcess(database: TestDatabase): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      PLUGBOARD_PORT: String(port),
      PLUGBOARD_HOST: '127.0.0.1',
      PLUGBOARD_PUBLIC_URL: baseUrl,
      PLUGBOARD_DATABASE_URL: database.url,
      PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS,
      PLUGBOARD_SANDBOX: 'on',
      PLUGBOARD_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const ready = await Promise.race([
    (async () => {
      for (let waited = 0; waited < 90_000; waited += 100) {
        if (output.some((line) => line.includes('Plugboard is serving'))) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return false;
    })(),
    exited.then(() => false),
  ]);
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`plugboard start did not come up:\n${output.join('\n')}`);
  }
  return {
    baseUrl,
    output,
    setupCode() {
      const match = /one-time setup code: ([0-9A-Z]{5}(?:-[0-9A-Z]{5}){3})/.exec(output.join('\n'));
      return match?.[1] ?? null;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export { freePort };
