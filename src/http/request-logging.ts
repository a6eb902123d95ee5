import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { LogController } from 'fastify';

type Bindings = Record<string, unknown>;
type LogMethod = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * A request's logger that becomes a real child of the server's logger only when something is logged
 * through it. Most requests log nothing but their access line, which is written without it (see
 * {@link OneLinePerRequest}), so the child — its bindings serialised, its redaction set up — is never
 * built for them.
 */
export class LazyRequestLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    /** `reqId`, and `clientRequestId` when the client sent one. */
    readonly bindings: Readonly<Bindings>,
  ) {}

  /**
   * The request's access line: its bindings, then `req`, `res` and `responseTime`. The usual bindings
   * (the request id alone) make an object literal of one fixed shape; merging them with spreads made a
   * new hidden class on every request, which every property read of the logger then missed.
   */
  accessLine(request: FastifyRequest, reply: FastifyReply): Bindings {
    const { bindings } = this;
    const reqId = bindings.reqId;
    for (const name in bindings) {
      if (name !== 'reqId') return { ...bindings, req: request, res: reply, responseTime: reply.elapsedTime };
    }
    return { reqId, req: request, res: reply, responseTime: reply.elapsedTime };
  }

  #logger(): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings);
    return this.#child;
  }

  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.#logger().level = level;
  }

  child(bindings: Bindings, options?: object): FastifyBaseLogger {
    if (options !== undefined || this.#child) return this.#logger().child(bindings, options);
    return new LazyRequestLogger(this.parent, {
      ...this.bindings,
      ...bindings,
    }) as unknown as FastifyBaseLogger;
  }

  #call(method: LogMethod, args: unknown[]): void {
    (this.#logger()[method] as (...a: unknown[]) => void)(...args);
  }

  fatal(...args: unknown[]): void {
    this.#call('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#call('error', args);
  }
  warn(...args: unknown[]): void {
    this.#call('warn', args);
  }
  info(...args: unknown[]): void {
    this.#call('info', args);
  }
  debug(...args: unknown[]): void {
    this.#call('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#call('trace', args);
  }
  silent(): void {}
}

/**
 * One access-log line per request, written when the response is done, instead of Fastify's two. A
 * request that ended well is logged through `accessLog`, a logger without redaction paths: the line
 * holds only what the `req`/`res` serialisers pick (method, URL with secrets already removed, address,
 * user agent, status), none of which a redaction path names, so looking for them on every request
 * would be pure cost. An error goes through the request's own (redacting) logger.
 */
export class OneLinePerRequest extends LogController {
  constructor(private readonly accessLog: FastifyBaseLogger) {
    super();
  }

  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const log = request.log as unknown;
    if (error)
      request.log.error(
        { req: request, res: reply, responseTime: reply.elapsedTime, err: error },
        'request errored',
      );
    else if (log instanceof LazyRequestLogger)
      this.accessLog.info(log.accessLine(request, reply), 'request completed');
    // A route with a log level of its own has a real child logger: its level decides.
    else request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
