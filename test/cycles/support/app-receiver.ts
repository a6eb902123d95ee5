import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

export interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
}

/** The partner's app in tests: a real HTTP server on 127.0.0.1 that records JSON posts and answers as scripted. */
export interface AppReceiver {
  readonly port: number;
  url(path: string): string;
  readonly received: Delivery[];
  /** Answers for the next requests, in order; 200 once they run out. */
  readonly script: Answer[];
  close(): Promise<void>;
}

export async function startAppReceiver(): Promise<AppReceiver> {
  const received: Delivery[] = [];
  const script: Answer[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: text ? JSON.parse(text) : {},
      });
      const answer = script.shift() ?? { status: 200 };
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(JSON.stringify({ ok: answer.status < 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    script,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
