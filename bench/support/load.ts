/**
 * A closed-loop load generator: `connections` workers on one undici Pool, each sending its next request
 * as soon as the previous answer has been read to the end. A fixed warm-up is thrown away, then a fixed
 * measured window is recorded; the request count is bounded so a very fast target cannot exhaust memory.
 */
import { performance } from 'node:perf_hooks';
import { type Dispatcher, Pool } from 'undici';

export interface LoadRequest {
  readonly method: Dispatcher.HttpMethod;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface LoadOptions {
  readonly origin: string;
  readonly request: LoadRequest;
  readonly connections: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Most requests recorded in the measured window. */
  readonly maxRequests: number;
  /** The status every answer must have; anything else counts as an error. */
  readonly expectStatus: number;
  /** CPU seconds used so far by the process under test, to report its CPU time per request. */
  readonly cpuSeconds?: () => number | undefined;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  /** Measured seconds (shorter than asked when `maxRequests` was reached first). */
  readonly seconds: number;
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU milliseconds the process under test spent per request, when it could be read. */
  readonly cpuMsPerRequest?: number;
  /** The first unexpected answer, to say what went wrong. */
  readonly firstError?: string;
}

/** Runs the warm-up and the measured window against `origin` and summarises the measured one. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(options.origin, { connections: options.connections, pipelining: 1 });
  const latencies = new Float64Array(options.maxRequests);
  let recorded = 0;
  let errors = 0;
  let firstError: string | undefined;
  let measuring = false;
  let stopAt = 0;

  const once = async (): Promise<void> => {
    const started = performance.now();
    let failure: string | undefined;
    try {
      const response = await pool.request({
        method: options.request.method,
        path: options.request.path,
        headers: options.request.headers ?? {},
        body: options.request.body ?? null,
      });
      const text = await response.body.text();
      if (response.statusCode !== options.expectStatus)
        failure = `${response.statusCode} ${text.slice(0, 200)}`;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    if (!measuring) return;
    if (failure !== undefined) {
      errors++;
      firstError ??= failure;
    } else if (recorded < latencies.length) {
      latencies[recorded++] = performance.now() - started;
    }
  };
  const worker = async (): Promise<void> => {
    while (performance.now() < stopAt && recorded < latencies.length) await once();
  };
  const phase = async (ms: number): Promise<number> => {
    const begin = performance.now();
    stopAt = begin + ms;
    await Promise.all(Array.from({ length: options.connections }, worker));
    return (performance.now() - begin) / 1000;
  };

  try {
    await phase(options.warmupMs);
    measuring = true;
    const cpuBefore = options.cpuSeconds?.();
    const seconds = await phase(options.durationMs);
    const cpuAfter = options.cpuSeconds?.();
    const cpu =
      cpuBefore === undefined || cpuAfter === undefined || recorded === 0
        ? {}
        : { cpuMsPerRequest: ((cpuAfter - cpuBefore) * 1000) / (recorded + errors) };
    const sorted = latencies.subarray(0, recorded).sort();
    const percentile = (p: number) =>
      recorded === 0 ? Number.NaN : (sorted[Math.min(recorded - 1, Math.floor((p / 100) * recorded))] ?? 0);
    return {
      requests: recorded,
      errors,
      seconds,
      throughput: recorded / seconds,
      p50Ms: percentile(50),
      p99Ms: percentile(99),
      ...cpu,
      ...(firstError === undefined ? {} : { firstError }),
    };
  } finally {
    await pool.close();
  }
}
