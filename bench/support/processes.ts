export { freePort } from '../../test/support/free-port.ts';

/** Child processes for the benchmark: each server runs on its own, as it would in production. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  /** The last lines the process wrote to stderr (for error messages). */
  stderr(): string;
  /** SIGTERM, then SIGKILL after a grace period; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Starts `node {args}` with `env` added; stdout is discarded (Plugboard's JSON logs go there). */
export function startNode(name: string, args: readonly string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    process: child,
    stderr: () => tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs `node {args}` to completion and returns its standard output. */
export async function runNode(args: readonly string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [...args], {
    env: { ...process.env, ...env },
  });
  return stdout;
}

/** Polls `url` until it answers 2xx, or fails with the child's stderr after `timeoutMs`. */
export async function waitUntilServing(
  child: Child,
  url: string,
  timeoutMs = 120_000,
  headers: Record<string, string> = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited:\n${child.stderr()}`);
    try {
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${child.name} did not start in time:\n${child.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * CPU seconds (user + system) a process has used so far, from Linux's `/proc/{pid}/stat`; `undefined`
 * elsewhere. Clock ticks are 100 a second on every Linux Node supports.
 */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
