/**
 * The default `HttpClient`: undici's `Dispatcher.request`, which never follows redirects (only undici's
 * opt-in redirect interceptor does, and none is installed here), so a 3xx is returned as it is and the
 * `Authorization` header can never travel to a `Location` on another host.
 */
import { type Dispatcher, getGlobalDispatcher } from 'undici';
import { OutboundAddressRefusedError } from './outbound/outbound-dispatcher.ts';
import { requestTarget } from './outbound/request-target.ts';
import { type HttpClient, HttpClientError, type HttpRequest, type HttpResponse } from './ports.ts';
import type { NetworkErrorKind } from './retry-decision.ts';

/**
 * Builds the undici-backed client; `dispatcher` lets tests or the composition root choose the agent
 * (a function is asked for every request: the outbound policy's pool in force at that moment).
 */
export function createUndiciHttpClient(
  options: { readonly dispatcher?: Dispatcher | (() => Promise<Dispatcher>) } = {},
): HttpClient {
  return {
    async send(req: HttpRequest): Promise<HttpResponse> {
      const dispatcher =
        typeof options.dispatcher === 'function'
          ? await options.dispatcher()
          : (options.dispatcher ?? getGlobalDispatcher());
      try {
        // What undici's `request(url, options)` does with a URL, without its copy of the options
        // (`{ ...options, origin, path }`), which made a new hidden class on every call.
        const { origin, path } = requestTarget(req.url);
        const response = await dispatcher.request({
          origin,
          path,
          method: req.method as Dispatcher.HttpMethod,
          // Undici reads the headers and keeps nothing of the object: no copy needed.
          headers: req.headers as Record<string, string>,
          body: req.body ?? null,
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
          signal: req.signal ?? null,
        });
        return { status: response.statusCode, headers: response.headers, body: response.body };
      } catch (error) {
        throw toHttpClientError(error);
      }
    },
  };
}

/** Errors that happen before a single byte of the request reaches the provider. */
const BEFORE_SENDING = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const ABORTS = new Set(['UND_ERR_ABORTED', 'ABORT_ERR']);
const RESETS = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * Classifies any error from sending a request or reading its body. The message names only the kind
 * and code: undici's own messages may quote the URL, which is harmless, but nothing else is kept.
 */
export function toHttpClientError(error: unknown): HttpClientError {
  if (error instanceof HttpClientError) return error;
  const code = errorCode(error);
  const [kind, requestSent] = classify(code, error);
  const refusal = refusalOf(error);
  // The policy's own message names the host and the class of its address, never a token.
  if (refusal) return new HttpClientError('refused', false, refusal.message);
  return new HttpClientError(kind, requestSent, `HTTP request failed (${kind}${code ? `, ${code}` : ''})`);
}

function classify(code: string | undefined, error: unknown): [NetworkErrorKind, boolean] {
  if (refusalOf(error)) return ['refused', false];
  if (code && BEFORE_SENDING.has(code)) return ['connect', false];
  if (code && (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT'))) {
    return ['tls', false];
  }
  if (code && TIMEOUTS.has(code)) return ['timeout', true];
  if ((code && ABORTS.has(code)) || (error instanceof Error && error.name === 'AbortError'))
    return ['aborted', true];
  if (code && RESETS.has(code)) return ['reset', true];
  return ['other', true];
}

/** The outbound policy's refusal, when that is what `error` is or wraps (fetch wraps it in `cause`). */
export function refusalOf(error: unknown): OutboundAddressRefusedError | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (e instanceof OutboundAddressRefusedError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The `code` of an error or of its `cause` (undici wraps socket errors). */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
