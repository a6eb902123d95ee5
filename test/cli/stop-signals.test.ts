import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { type RunningProcess, startProcess } from '../support/plugboard-process.ts';

/** Far below the minute an idle keep-alive socket used to hold the process, generous for a busy machine. */
const PROMPT_EXIT_MS = 20_000;
/** How long a test waits for a log line. */
const LOG_WAIT_MS = 60_000;

const dataDir = mkdtempSync(join(tmpdir(), 'plugboard-signals-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function serve(command?: readonly string[], args = ['serve'], env: Record<string, string> = {}) {
  const port = await freePort();
  return startProcess(
    args,
    {
      PLUGBOARD_PORT: String(port),
      PLUGBOARD_DATABASE_URL: `sqlite:${join(dataDir, `${port}.db`)}`,
      PLUGBOARD_LOG_LEVEL: 'info',
      ...env,
    },
    /Plugboard is serving/,
    port,
    command,
  );
}

function exitOf(running: RunningProcess): Promise<{ code: number | null; afterMs: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    if (running.child.exitCode !== null) resolve({ code: running.child.exitCode, afterMs: 0 });
    // 'close' rather than 'exit': the last lines of output have been read by then.
    running.child.once('close', (code) => resolve({ code, afterMs: Date.now() - started }));
  });
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Starts a token request whose body is still arriving: a request in flight until `finish` is called.
 * `Expect: 100-continue` makes the server say when it has the request, so the test knows it is in flight.
 */
async function requestInFlight(port: number) {
  const socket = await openSocket(port);
  const body = 'grant_type=client_credentials&client_id=nobody&client_secret=wrong';
  socket.write(
    `POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n${body.slice(0, 10)}`,
  );
  let answer = '';
  socket.on('data', (chunk) => {
    answer += chunk;
  });
  await waitFor(() => answer.includes('100 Continue'), 'the server to receive the request');
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  return { finish: () => socket.write(body.slice(10)), answer: () => answer, closed };
}

/** Whether anything still listens on the port. */
async function listening(port: number): Promise<boolean> {
  try {
    (await openSocket(port)).destroy();
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + LOG_WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('stopping Plugboard with a signal', () => {
  it('exits at once on SIGTERM while idle keep-alive connections are open, and logs that it stopped', async () => {
    const running = await serve();
    // A browser opens connections ahead of use and keeps used ones alive.
    const unused = await openSocket(running.port);
    const used = await openSocket(running.port);
    used.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await new Promise((resolve) => used.once('data', resolve));
    const exited = exitOf(running);
    running.child.kill('SIGTERM');
    const { code, afterMs } = await exited;
    expect(code).toBe(0);
    expect(afterMs).toBeLessThan(PROMPT_EXIT_MS);
    expect(running.output()).toContain('shutting down (SIGTERM)');
    expect(running.output()).toContain('Plugboard stopped');
    unused.destroy();
    used.destroy();
  }, 120_000);

  it('finishes a request in flight before exiting', async () => {
    const running = await serve();
    const request = await requestInFlight(running.port);
    const exited = exitOf(running);
    running.child.kill('SIGINT');
    await waitFor(() => running.output().includes('finishing 1 request(s) in flight'), 'the shutdown line');
    request.finish();
    await request.closed;
    expect(request.answer()).toMatch(/HTTP\/1\.1 401/);
    expect((await exited).code).toBe(0);
  }, 120_000);

  it('closes a request that outlasts the grace period', async () => {
    const running = await serve(undefined, ['serve'], { PLUGBOARD_SHUTDOWN_GRACE_SECONDS: '1' });
    const request = await requestInFlight(running.port);
    const exited = exitOf(running);
    running.child.kill('SIGTERM');
    await request.closed;
    expect((await exited).code).toBe(0);
    expect(running.output()).toContain('the grace period is over');
  }, 120_000);

  it('exits at once on a second signal, saying so', async () => {
    const running = await serve(undefined, ['serve'], { PLUGBOARD_SHUTDOWN_GRACE_SECONDS: '600' });
    await requestInFlight(running.port);
    const exited = exitOf(running);
    running.child.kill('SIGTERM');
    await waitFor(() => running.output().includes('shutting down'), 'the shutdown line');
    running.child.kill('SIGINT');
    const { code, afterMs } = await exited;
    expect(code).toBe(1);
    expect(afterMs).toBeLessThan(PROMPT_EXIT_MS);
    expect(running.output()).toContain('SIGINT again: exiting now without finishing the requests in flight');
  }, 120_000);

  // What a supervisor or a terminal does: signal the process it started, which is npm, not Plugboard.
  for (const [label, command, args] of [
    ['npm start', ['npm'], ['start']],
    ['npx plugboard start', ['npx'], ['plugboard', 'start']],
  ] as const) {
    it(`stops the server when ${label} gets one SIGTERM`, async () => {
      const running = await serve(command, [...args], { PLUGBOARD_SANDBOX: 'off' });
      const exited = exitOf(running);
      running.child.kill('SIGTERM');
      await exited;
      await waitFor(() => running.output().includes('Plugboard stopped'), 'the server to stop');
      expect(await listening(running.port)).toBe(false);
    }, 240_000);
  }
});
