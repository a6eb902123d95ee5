/**
 * Test support: a real HTTP server on 127.0.0.1 (ephemeral port) that plays a provider, one scripted
 * handler per test, recording what arrived. Used by the executor's tests so they exercise real sockets,
 * streaming and redirects rather than a mocked client.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessToken, AccessTokenSource, BudgetGrant, RequestBudget } from '../ports.ts';
import type { RateLimitSignal } from '../rate-limit-signals.ts';

export interface ArrivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  index: number,
) => void | Promise<void>;

export interface ScriptedProvider {
  /** `http://127.0.0.1:{port}` */
  readonly origin: string;
  /** Every request that arrived, in order. */
  readonly arrived: ArrivedRequest[];
  /** Replaces the handler for the requests that follow. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

/** Starts a provider on an ephemeral port of 127.0.0.1; it answers 500 until given a handler. */
export async function startScriptedProvider(): Promise<ScriptedProvider> {
  const arrived: ArrivedRequest[] = [];
  let handler: Handler = (_, response) => {
    response.writeHead(500).end();
  };
  const server = createServer((request, response) => {
    const index = arrived.length;
    arrived.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    Promise.resolve(handler(request, response, index)).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    arrived,
    handle: (next) => {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads a request body to the end. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Answers with JSON. */
export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(text);
}

/** Tokens `tok-1`, `tok-2`… where each refresh moves to the next; a refresh can be made to fail. */
export class FakeTokens implements AccessTokenSource {
  version = 1;
  refreshes = 0;
  /** When set, `afterUnauthorized` throws it instead of refreshing. */
  refreshError: Error | undefined;

  async current(): Promise<AccessToken> {
    return { accessToken: `tok-${this.version}`, version: this.version };
  }

  async afterUnauthorized(version: number): Promise<AccessToken> {
    if (this.refreshError) throw this.refreshError;
    if (version === this.version) {
      this.version++;
      this.refreshes++;
    }
    return this.current();
  }
}

/** A budget that grants unless told otherwise, and remembers every signal. */
export class FakeBudget implements RequestBudget {
  readonly observed: RateLimitSignal[] = [];
  /** Answers for the next `take()` calls; once empty, every take is granted. */
  readonly answers: BudgetGrant[] = [];
  takes = 0;

  async take(): Promise<BudgetGrant> {
    this.takes++;
    return this.answers.shift() ?? { granted: true };
  }

  async observe(signal: RateLimitSignal): Promise<void> {
    this.observed.push(signal);
  }
}
