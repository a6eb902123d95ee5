import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

const BIN = join(import.meta.dirname, '../../bin/plugboard.js');

export interface RunningProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** How a test starts Plugboard: `node bin/plugboard.js` unless told otherwise (e.g. `npm start`). */
export const PLUGBOARD_COMMAND: readonly string[] = [process.execPath, BIN];

/** Starts `plugboard <args>` (or `command`) as a real process and waits until it prints `ready`. */
export async function startProcess(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  port: number,
  command: readonly string[] = PLUGBOARD_COMMAND,
): Promise<RunningProcess> {
  const [executable = process.execPath, ...leading] = command;
  const child = spawn(executable, [...leading, ...args], {
    cwd: join(import.meta.dirname, '../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process did not start:\n${output}`)), 120_000);
    const check = () => {
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A `plugboard serve` process on a free port. */
export async function startServeProcess(env: Record<string, string>): Promise<RunningProcess> {
  const port = await freePort();
  return startProcess(
    ['serve'],
    {
      PLUGBOARD_PORT: String(port),
      PLUGBOARD_PUBLIC_URL: `http://127.0.0.1:${port}`,
      PLUGBOARD_LOG_LEVEL: 'info',
      ...env,
    },
    /Plugboard is serving/,
    port,
  );
}

/** A standalone Capsule sandbox process (`plugboard sandbox --port`). */
export async function startSandboxProcess(redirectUri: string): Promise<RunningProcess> {
  const port = await freePort();
  return startProcess(
    [
      'sandbox',
      '--port',
      String(port),
      '--public-url',
      `http://127.0.0.1:${port}`,
      '--redirect-uri',
      redirectUri,
    ],
    {},
    /"Sandbox":/,
    port,
  );
}

/** Reads or changes a sandbox process's switches and counters through its control endpoint. */
export async function sandboxControl(
  sandbox: RunningProcess,
  switches?: Record<string, unknown>,
): Promise<{ switches: Record<string, unknown>; stats: Record<string, number> }> {
  const controlToken = /"ControlToken":"([^"]+)"/.exec(sandbox.output())?.[1] ?? '';
  const authorization = `Bearer ${controlToken}`;
  const response = await fetch(`${sandbox.url}/control`, {
    method: switches ? 'PUT' : 'GET',
    headers: switches ? { authorization, 'content-type': 'application/json' } : { authorization },
    ...(switches ? { body: JSON.stringify(switches) } : {}),
  });
  if (response.status !== 200)
    throw new Error(`sandbox control: ${response.status} ${await response.text()}`);
  return (await response.json()) as { switches: Record<string, unknown>; stats: Record<string, number> };
}
