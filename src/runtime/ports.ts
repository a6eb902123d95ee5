/**
 * What the connector runtime needs from the rest of Plugboard, as small interfaces. The runtime never
 * reads storage or knows about HTTP routes: the composition root hands it these.
 */
import type { Readable } from 'node:stream';
import type { ResponseHeaders } from './http-headers.ts';
import type { RateLimitSignal } from './rate-limit-signals.ts';
import type { NetworkErrorKind } from './retry-decision.ts';

/** An access token and the version of the stored credentials it came from. */
export interface AccessToken {
  /** The bearer token. Never logged, never put in an error message. */
  readonly accessToken: string;
  /** Increases whenever the stored credentials change (each refresh or re-authentication). */
  readonly version: number;
}

/** The credentials of one account connector. */
export interface AccessTokenSource {
  /**
   * A usable access token. The source refreshes first when the token is near expiry.
   * Throws `ReauthenticationRequiredError` when the connector has no usable credentials.
   */
  current(): Promise<AccessToken>;
  /**
   * The provider refused the token of `version`: refresh once (single-flight across callers) unless the
   * stored credentials are already newer, and return the fresh token. Throws
   * `ReauthenticationRequiredError` when the refresh token itself is refused; any other error means the
   * refresh could not be done now (token endpoint down) and the credentials stay as they were.
   */
  afterUnauthorized(version: number): Promise<AccessToken>;
}

/** Thrown by an `AccessTokenSource` when only a new authorisation by the user can help. */
export class ReauthenticationRequiredError extends Error {
  override readonly name = 'ReauthenticationRequiredError';
}

/**
 * Thrown by an `AccessTokenSource` when no token can be had right now but one may be soon (the token
 * endpoint is down, the refresh is backing off, another process is refreshing).
 */
export class TokenUnavailableError extends Error {
  override readonly name: string = 'TokenUnavailableError';
  constructor(
    message: string,
    /** Whole seconds until asking again makes sense. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The answer of `RequestBudget.take`. */
export type BudgetGrant =
  | { readonly granted: true }
  | { readonly granted: false; readonly retryAfterMs: number };

/** The proactive request budget of one account connector (the setup's `RequestsPerHour`). */
export interface RequestBudget {
  /** Takes one request from the budget, or says how long until one is free (or the provider's block ends). */
  take(): Promise<BudgetGrant>;
  /** Records what the provider reported about its own limit (remaining, reset time, a 429's block). */
  observe(signal: RateLimitSignal): Promise<void>;
}

/** One HTTP request to a provider. */
export interface HttpRequest {
  readonly method: string;
  /** Absolute URL; the executor has already checked it is under the API base URL. */
  readonly url: string;
  /** Lower-case header names, `authorization` included. */
  readonly headers: Readonly<Record<string, string>>;
  /** A string or bytes (can be sent again), or a stream (sent once, never buffered). */
  readonly body?: string | Uint8Array | Readable | undefined;
  /** Longest wait for the response headers, and for each chunk of the body after them. */
  readonly timeoutMs: number;
  /** Cancels the request (the partner went away). */
  readonly signal?: AbortSignal | undefined;
}

/** A provider's answer, with the body still unread. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  /** The body as it arrives; read it, stream it on, or discard it. */
  readonly body: Readable;
}

/**
 * Sends one request, exactly once: no redirects are followed (a 3xx comes back as it is) and nothing is
 * retried. Failures without an HTTP answer are thrown as `HttpClientError`.
 */
export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>;
}

/** A request that got no HTTP answer, or whose body broke off. */
export class HttpClientError extends Error {
  override readonly name = 'HttpClientError';
  constructor(
    readonly kind: NetworkErrorKind,
    /** False when the failure happened before any of the request was written (safe to send again). */
    readonly requestSent: boolean,
    message: string,
  ) {
    super(message);
  }
}

/** Current time in epoch milliseconds. */
export type Clock = () => number;

/** Waits `ms` milliseconds. */
export type Sleep = (ms: number) => Promise<void>;
