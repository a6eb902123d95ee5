/**
 * Runs JSONata expressions in sandbox processes under a time and memory limit. A sandbox that runs
 * past its time, or out of its heap, is killed and replaced; the expression fails and the server
 * carries on. A sandbox runs one expression at a time, so the time limit is the expression's own.
 *
 * Why processes and not worker threads: a worker thread's `resourceLimits` stop gradual growth, but
 * one huge allocation (`$pad("", 300000000)`) aborted the whole Node process, server included.
 */
import { type ChildProcess, fork } from 'node:child_process';

export interface ExpressionPoolOptions {
  /** Sandbox processes (default 1). */
  readonly threads?: number;
  /** Longest run of one expression (default 1 s). */
  readonly timeoutMs?: number;
  /** Heap of each sandbox (default 64 MB). */
  readonly maxHeapMb?: number;
}

/** An expression that could not produce a value; the message says why, for step data and incidents. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
}

interface Job {
  readonly expression: string;
  readonly input: unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly undefined?: boolean;
  readonly value?: unknown;
  readonly message?: string;
}

const SANDBOX = new URL('./expression-sandbox.mjs', import.meta.url);

class Lane {
  #worker: ChildProcess | null = null;
  /** The sandbox has loaded JSONata (its start-up time is not counted against an expression). */
  #ready = false;
  #current: { job: Job; id: number; timer: NodeJS.Timeout | null } | null = null;
  #nextId = 1;

  constructor(
    private readonly options: Required<ExpressionPoolOptions>,
    private readonly onIdle: (lane: Lane) => void,
  ) {}

  get busy(): boolean {
    return this.#current !== null;
  }

  #spawn(): ChildProcess {
    // No inherited flags (loaders, inspectors) and no environment: the sandbox needs neither.
    const worker = fork(SANDBOX, [], {
      execArgv: [`--max-old-space-size=${this.options.maxHeapMb}`, '--stack-size=900'],
      env: { PLUGBOARD_EXPRESSION_TIMEOUT_MS: String(this.options.timeoutMs) },
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'advanced',
    });
    worker.unref();
    worker.channel?.unref();
    worker.on('message', (reply: Reply | { ready: true }) => {
      if ('ready' in reply) {
        if (worker !== this.#worker) return;
        this.#ready = true;
        this.#send();
      } else this.#settle(reply);
    });
    worker.on('error', (error) => this.#fail(worker, error.message));
    worker.on('exit', (_code, signal) =>
      this.#fail(worker, signal === 'SIGKILL' ? 'it was stopped' : 'it ran out of memory or crashed'),
    );
    return worker;
  }

  run(job: Job): void {
    if (!this.#worker) {
      this.#ready = false;
      this.#worker = this.#spawn();
    }
    this.#current = { job, id: this.#nextId++, timer: null };
    this.#worker.channel?.ref();
    if (this.#ready) this.#send();
  }

  /** Sends the current expression to a ready sandbox and starts its clock. */
  #send(): void {
    const current = this.#current;
    const worker = this.#worker;
    if (!current || !worker || current.timer !== null) return;
    // JSONata's own guard stops most runaways at the limit; the kill is for those it cannot see.
    current.timer = setTimeout(() => {
      worker.kill('SIGKILL');
      this.#fail(worker, `it ran longer than ${this.options.timeoutMs} ms`);
    }, this.options.timeoutMs + 1000);
    worker.send({ id: current.id, expression: current.job.expression, input: current.job.input });
  }

  #settle(reply: Reply): void {
    const current = this.#current;
    if (!current || current.id !== reply.id) return;
    if (current.timer) clearTimeout(current.timer);
    this.#current = null;
    this.#worker?.channel?.unref();
    if (reply.ok) current.job.resolve(reply.undefined ? undefined : reply.value);
    else
      current.job.reject(new ExpressionError(`The expression failed: ${reply.message ?? 'unknown error'}.`));
    this.onIdle(this);
  }

  #fail(worker: ChildProcess | null, why: string): void {
    if (worker !== this.#worker) return;
    this.#worker = null;
    if (worker) worker.removeAllListeners('exit');
    const current = this.#current;
    if (!current) return;
    if (current.timer) clearTimeout(current.timer);
    this.#current = null;
    current.job.reject(new ExpressionError(`The expression was stopped: ${why}.`));
    this.onIdle(this);
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (worker) {
      worker.removeAllListeners('exit');
      worker.kill('SIGKILL');
    }
  }
}

/** A small pool of JSONata threads. */
export class ExpressionPool {
  readonly #lanes: Lane[];
  readonly #queue: Job[] = [];

  constructor(options: ExpressionPoolOptions = {}) {
    const resolved = { threads: 1, timeoutMs: 1000, maxHeapMb: 64, ...options };
    this.#lanes = Array.from(
      { length: Math.max(1, resolved.threads) },
      () => new Lane(resolved, (lane) => this.#next(lane)),
    );
  }

  /** The expression's value over `input`; `undefined` when it matches nothing. */
  evaluate(expression: string, input: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const job: Job = { expression, input, resolve, reject };
      const idle = this.#lanes.find((lane) => !lane.busy);
      if (idle) idle.run(job);
      else this.#queue.push(job);
    });
  }

  #next(lane: Lane): void {
    const job = this.#queue.shift();
    if (job) lane.run(job);
  }

  async close(): Promise<void> {
    for (const job of this.#queue.splice(0))
      job.reject(new ExpressionError('The expression pool is closed.'));
    await Promise.all(this.#lanes.map((lane) => lane.close()));
  }
}
