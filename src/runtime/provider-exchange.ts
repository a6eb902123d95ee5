/**
 * One provider request, from the budget check to a response worth returning: the attempt loop shared
 * by connector methods and the proxy. It adds the bearer token, refreshes it once after a refusal,
 * repeats transient failures as the retry decision says, and reports the provider's rate-limit
 * signals to the account's budget. It never reads a successful body: the caller streams or parses it.
 */
import { Readable } from 'node:stream';
import type { ConnectorDefinition } from '../connectors/connector-definition.ts';
import { type ApiBase, isUnderApiBase } from './api-base.ts';
import { toHttpClientError } from './http-client.ts';
import {
  type AccessToken,
  type AccessTokenSource,
  type Clock,
  type HttpClient,
  type HttpResponse,
  ReauthenticationRequiredError,
  type RequestBudget,
  type Sleep,
  TokenUnavailableError,
} from './ports.ts';
import {
  networkFailure,
  type ProviderFailure,
  rateLimited,
  reauthenticationFailure,
  redactFailure,
  refreshFailure,
  resendFailure,
} from './provider-errors.ts';
import { readRateLimitSignal } from './rate-limit-signals.ts';
import { type AttemptFailure, decideRetry } from './retry-decision.ts';

/** Everything one account connector's calls share. */
export interface ExchangeContext {
  readonly definition: ConnectorDefinition;
  readonly apiBase: ApiBase;
  readonly tokens: AccessTokenSource;
  readonly budget: RequestBudget;
  readonly http: HttpClient;
  readonly sleep: Sleep;
  readonly now: Clock;
  /** Uniform in [0, 1): the jitter of retry delays. */
  readonly random: () => number;
  readonly timeoutMs: number;
  /** Longest total wait for the account's budget before answering 429 instead. */
  readonly maxBudgetWaitMs: number;
}

export interface ExchangeRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A stream body is sent once: no refresh-and-resend, no retry after it started. */
  readonly body?: string | Uint8Array | Readable | undefined;
  /** The method's own idempotency override, if any. */
  readonly idempotent?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
}

export type ExchangeResult =
  | {
      readonly ok: true;
      readonly response: HttpResponse;
      /** Removes the access token from a failure built from this response. */
      readonly redact: (failure: ProviderFailure) => ProviderFailure;
    }
  | { readonly ok: false; readonly failure: ProviderFailure };

/** Sends `request` until it gets a response worth returning or a failure to report. */
export async function exchange(ctx: ExchangeContext, request: ExchangeRequest): Promise<ExchangeResult> {
  const provider = ctx.definition.name;
  if (!isUnderApiBase(request.url, ctx.apiBase)) {
    // Callers build URLs from the base; reaching this is a bug, and the token must not leave.
    throw new Error('Refusing to send credentials outside the API base URL.');
  }
  const replayable = !(request.body instanceof Readable);
  let token: AccessToken;
  try {
    token = await ctx.tokens.current();
  } catch (error) {
    return { ok: false, failure: tokenFailure(provider, error) };
  }
  let refreshed = false;
  for (let sent = 1; ; sent++) {
    const held = await waitForBudget(ctx);
    if (held) return { ok: false, failure: held };
    // The resend after a refresh is not a retry: it does not use up one of `maxAttempts`.
    const attempt = refreshed ? sent - 1 : sent;
    let response: HttpResponse;
    try {
      response = await ctx.http.send({
        method: request.method,
        url: request.url,
        headers: { ...request.headers, authorization: `Bearer ${token.accessToken}` },
        body: request.body,
        timeoutMs: ctx.timeoutMs,
        signal: request.signal,
      });
    } catch (error) {
      const failed = toHttpClientError(error);
      const failure: AttemptFailure = {
        kind: 'network',
        error: failed.kind,
        requestSent: failed.requestSent,
      };
      if (await retried(ctx, request, attempt, failure, replayable)) continue;
      return { ok: false, failure: networkFailure(provider, failed.kind, ctx.timeoutMs, failed.message) };
    }

    const signal = readRateLimitSignal(
      ctx.definition.rateLimits,
      response.status,
      response.headers,
      ctx.now(),
    );
    if (signal) await ctx.budget.observe(signal);

    if (ctx.definition.errors.unauthorizedStatuses.includes(response.status)) {
      discard(response);
      if (refreshed) return { ok: false, failure: reauthenticationFailure(provider, response.status) };
      try {
        token = await ctx.tokens.afterUnauthorized(token.version);
      } catch (error) {
        return { ok: false, failure: tokenFailure(provider, error) };
      }
      refreshed = true;
      if (!replayable) return { ok: false, failure: resendFailure(provider) };
      continue;
    }
    if (response.status >= 400) {
      const failure: AttemptFailure = { kind: 'status', status: response.status, headers: response.headers };
      if (replayable && (await retried(ctx, request, attempt, failure, true, () => discard(response))))
        continue;
    }
    const accessToken = token.accessToken;
    return { ok: true, response, redact: (failure) => redactFailure(failure, accessToken) };
  }
}

/** Applies the retry decision; true when the caller should send again (after the delay has passed). */
async function retried(
  ctx: ExchangeContext,
  request: ExchangeRequest,
  attempt: number,
  failure: AttemptFailure,
  canResend: boolean,
  beforeWaiting?: () => void,
): Promise<boolean> {
  if (!canResend) return false;
  const decision = decideRetry(
    ctx.definition,
    { attempt, httpMethod: request.method, idempotent: request.idempotent, failure, nowMs: ctx.now() },
    ctx.random,
  );
  if (!decision.retry) return false;
  beforeWaiting?.();
  await ctx.sleep(decision.delayMs);
  return true;
}

/** Waits for the account's budget when the wait is short; otherwise the 429 to answer with. */
async function waitForBudget(ctx: ExchangeContext): Promise<ProviderFailure | undefined> {
  let waited = 0;
  for (;;) {
    const grant = await ctx.budget.take();
    if (grant.granted) return undefined;
    // A budget that keeps answering "0 ms" must not spin this loop forever.
    const wait = Math.max(10, grant.retryAfterMs);
    if (waited + wait > ctx.maxBudgetWaitMs) {
      const now = ctx.now();
      return { ...rateLimited(ctx.definition.name, now + grant.retryAfterMs, now), ok: false };
    }
    waited += wait;
    await ctx.sleep(wait);
  }
}

function tokenFailure(provider: string, error: unknown): ProviderFailure {
  if (error instanceof ReauthenticationRequiredError) return reauthenticationFailure(provider);
  return error instanceof TokenUnavailableError
    ? refreshFailure(provider, Math.max(1, Math.ceil(error.retryAfterSeconds)))
    : refreshFailure(provider);
}

/** Lets an unwanted response body drain so the connection can be reused, ignoring late errors. */
function discard(response: HttpResponse): void {
  response.body.on('error', () => {});
  response.body.resume();
}
