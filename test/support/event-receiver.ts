import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';

/** One request the receiver got, with whether its Standard Webhooks signature verified. */
export interface ReceivedEvent {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly body: { type?: string; data?: Record<string, unknown> } & Record<string, unknown>;
  /** The status it was answered with. */
  readonly answeredWith: number;
  /** True when the signature verified with the current secret; null when no secret was set. */
  readonly verified: boolean | null;
}

/**
 * A partner's event endpoint on a real port. Every request is checked with the Standard Webhooks
 * verifier (the `standardwebhooks` package) against `secret`; `answer` decides the status per request
 * (200 by default), `hold` keeps requests unanswered until released.
 */
export class EventReceiver {
  readonly received: ReceivedEvent[] = [];
  secret: string | null = null;
  /** Secrets by request path, for several endpoints on one receiver (else `secret`). */
  readonly secrets = new Map<string, string>();
  answer: (request: { path: string; count: number }) => number = () => 200;
  hold = false;
  readonly #held: (() => void)[] = [];
  readonly #waiters = new Set<() => void>();
  #server: Server | null = null;
  url = '';

  static async start(): Promise<EventReceiver> {
    const receiver = new EventReceiver();
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const respond = () => {
          const status = receiver.answer({ path: request.url ?? '/', count: receiver.received.length });
          let verified: boolean | null = null;
          const secret = receiver.secrets.get(request.url ?? '/') ?? receiver.secret;
          if (secret) {
            try {
              new Webhook(secret).verify(raw, request.headers as Record<string, string>);
              verified = true;
            } catch {
              verified = false;
            }
          }
          let body: ReceivedEvent['body'] = {};
          try {
            body = JSON.parse(raw);
          } catch {}
          receiver.received.push({
            path: request.url ?? '/',
            headers: request.headers,
            raw,
            body,
            answeredWith: status,
            verified,
          });
          response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
          for (const wake of receiver.#waiters) wake();
        };
        if (receiver.hold) receiver.#held.push(respond);
        else respond();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver.#server = server;
    receiver.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    return receiver;
  }

  /** The requests answered 2xx. */
  accepted(): ReceivedEvent[] {
    return this.received.filter((r) => r.answeredWith < 300);
  }

  /** How many requests are being held unanswered. */
  heldCount(): number {
    return this.#held.length;
  }

  /** Waits until `check` holds for the received requests (bounded; CPU here is shared). */
  async waitUntil(check: (received: readonly ReceivedEvent[]) => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this.received)) {
      if (Date.now() > deadline)
        throw new Error(
          `receiver: condition not met in ${timeoutMs} ms; got ${this.received.length} requests`,
        );
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake);
          resolve();
        };
        this.#waiters.add(wake);
        setTimeout(wake, 100);
      });
    }
  }

  async close(): Promise<void> {
    for (const respond of this.#held.splice(0)) respond();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }
}
