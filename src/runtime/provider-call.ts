/**
 * The executor behind data on demand and the proxy: calls one account connector's provider with its
 * credentials, budget and the connector definition's rules. Input errors (`MethodInputError`,
 * `ProxyTargetError`) are thrown before any I/O; everything the provider or the network does comes
 * back as a result, success or `ProviderFailure`.
 */
import type { ConnectorDefinition, MethodDefinition } from '../connectors/connector-definition.ts';
import { type ApiBase, parseApiBase } from './api-base.ts';
import { collectPages } from './auto-paging.ts';
import { createUndiciHttpClient, toHttpClientError } from './http-client.ts';
import {
  forwardableRequestHeaders,
  headerValue,
  type ResponseHeaders,
  safeResponseHeaders,
} from './http-headers.ts';
import { parseJson, readLimitedBytes } from './json-body.ts';
import { buildMethodRequest, type MethodInput, type ProviderRequest } from './method-request.ts';
import type { AccessTokenSource, Clock, HttpClient, RequestBudget, Sleep } from './ports.ts';
import type {
  MethodCallOptions,
  MethodCallResult,
  ProxyCallResult,
  ProxyRequest,
} from './provider-call-shapes.ts';
import {
  judgeProviderResponse,
  networkFailure,
  type ProviderFailure,
  rateLimited,
} from './provider-errors.ts';
import { type ExchangeContext, exchange } from './provider-exchange.ts';
import { linksThroughProxy } from './proxy-links.ts';
import { ProxyTargetError, resolveProxyTarget } from './proxy-target.ts';
import { blockedUntil } from './rate-limit-signals.ts';
import { asAcceptedJob, asDeclaredList, fileBody } from './response-shapes.ts';

export type {
  MethodCallOptions,
  MethodCallResult,
  MethodCallSuccess,
  ProxyCallResult,
  ProxyRequest,
  ProxySuccess,
} from './provider-call-shapes.ts';

export interface ProviderCallerOptions {
  readonly definition: ConnectorDefinition;
  /** The connector setup's API base URL; every request stays under it. */
  readonly apiBaseUrl: string;
  readonly tokens: AccessTokenSource;
  readonly budget: RequestBudget;
  /** Defaults to undici's `request` (no redirects followed). */
  readonly http?: HttpClient;
  readonly sleep?: Sleep;
  readonly now?: Clock;
  /** Uniform in [0, 1), for retry jitter. */
  readonly random?: () => number;
  /** Longest wait for response headers and between body chunks. Default 30 s. */
  readonly timeoutMs?: number;
  /** Longest total wait for the account's budget before answering 429. Default 2 s. */
  readonly maxBudgetWaitMs?: number;
  /** Largest JSON body a method call reads (proxy bodies are streamed, not limited). Default 16 MiB. */
  readonly maxResponseBytes?: number;
}

const PROXY_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** A definition's fixed API headers with lower-case names, worked out once per definition. */
const lowerCaseApiHeaders = new WeakMap<ConnectorDefinition, Readonly<Record<string, string>>>();
function definitionHeaders(definition: ConnectorDefinition): Readonly<Record<string, string>> {
  let headers = lowerCaseApiHeaders.get(definition);
  if (headers === undefined) {
    const lowered: Record<string, string> = {};
    for (const [name, value] of Object.entries(definition.api.headers)) lowered[name.toLowerCase()] = value;
    headers = lowered;
    lowerCaseApiHeaders.set(definition, headers);
  }
  return headers;
}

/** Calls one account connector's provider. */
export class ProviderCaller {
  readonly #context: ExchangeContext;
  readonly #definition: ConnectorDefinition;
  readonly #apiBaseUrl: string;
  readonly #apiBase: ApiBase;
  readonly #maxResponseBytes: number;

  /** @throws ApiBaseError when the setup's API base URL cannot be used */
  constructor(options: ProviderCallerOptions) {
    this.#definition = options.definition;
    this.#apiBaseUrl = options.apiBaseUrl;
    this.#apiBase = parseApiBase(options.apiBaseUrl);
    this.#maxResponseBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
    this.#context = {
      definition: options.definition,
      apiBase: this.#apiBase,
      tokens: options.tokens,
      budget: options.budget,
      http: options.http ?? createUndiciHttpClient(),
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxBudgetWaitMs: options.maxBudgetWaitMs ?? 2_000,
    };
  }

  /**
   * Calls a connector method (data on demand) and returns the provider's parsed JSON.
   * @throws MethodInputError before any request when `input` does not fit the method
   */
  async callMethod(
    method: MethodDefinition,
    input: MethodInput,
    options: MethodCallOptions = {},
  ): Promise<MethodCallResult> {
    return this.callPrepared(
      method,
      buildMethodRequest(this.#definition, method, this.#apiBaseUrl, input),
      options,
    );
  }

  /** Calls a connector method with a request already built (and so validated) by `buildMethodRequest`. */
  async callPrepared(
    method: MethodDefinition,
    request: ProviderRequest,
    options: MethodCallOptions = {},
  ): Promise<MethodCallResult> {
    const wrapKey = method.response.wrapKey;
    if (method.paging.style === 'none' || !method.response.isList || wrapKey === undefined) {
      const page = await this.#fetchJson(request, method, request.url, options.signal);
      if (!page.ok) return page.failure;
      return {
        ok: true,
        status: page.status,
        body: asAcceptedJob(method, page.status, page.headers, asDeclaredList(method, page.body)),
        headers: this.#pickHeaders(page.headers, true),
      };
    }
    let lastStatus = 200;
    const collected = await collectPages<ProviderFailure>({
      paging: method.paging,
      wrapKey,
      apiBase: this.#apiBase,
      firstUrl: request.url,
      maxPages: options.maxPages ?? 1,
      fetchPage: async (url) => {
        const page = await this.#fetchJson(request, method, url, options.signal);
        if (page.ok) lastStatus = page.status;
        return page;
      },
      malformed: () => this.#badResponse(`a page without a '${wrapKey}' list`),
    });
    if (!collected.ok) return collected.failure;
    const { pages } = collected;
    return {
      ok: true,
      status: lastStatus,
      body: pages.body,
      headers: this.#pickHeaders(pages.lastHeaders, pages.pagesFetched === 1),
      paging: {
        pagesFetched: pages.pagesFetched,
        hasMore: pages.hasMore,
        ...(pages.nextPageUrl === undefined ? {} : { nextPageUrl: pages.nextPageUrl }),
        ...(pages.nextPage === undefined ? {} : { nextPage: pages.nextPage }),
      },
    };
  }

  /**
   * Passes a partner's request through to the provider and streams the answer back, whatever its
   * status (a 5xx after the allowed retries, a 3xx, a 429 with `Retry-After` added). Only network
   * trouble, credentials the provider keeps refusing, or an exhausted budget become failures.
   * @param resolvedTarget `resolveProxyTarget` of this caller's API base and the request's path and
   *   query, when the caller of this already worked it out (resolved here otherwise)
   * @throws ProxyTargetError before any request when the path, query or method is refused
   */
  async proxy(request: ProxyRequest, resolvedTarget?: string): Promise<ProxyCallResult> {
    const method = request.method.toUpperCase();
    if (!PROXY_METHODS.has(method))
      throw new ProxyTargetError(`The proxy does not forward ${method} requests.`);
    const url = resolvedTarget ?? resolveProxyTarget(this.#apiBaseUrl, request.path, request.query ?? '');
    const headers: Record<string, string> = { ...definitionHeaders(this.#definition) };
    Object.assign(headers, forwardableRequestHeaders(request.headers ?? {}));
    const result = await exchange(this.#context, {
      method,
      url,
      headers,
      body: request.body,
      signal: request.signal,
    });
    if (!result.ok) return result.failure;
    const { response } = result;
    const safe = safeResponseHeaders(response.headers);
    if (request.proxyBase !== undefined && safe.link !== undefined)
      safe.link = linksThroughProxy(safe.link, url, this.#apiBase, request.proxyBase);
    if (response.status === 429 && headerValue(response.headers, 'retry-after') === undefined) {
      // Capsule says when to come back only in X-RateLimit-Reset; partners expect Retry-After.
      const now = this.#context.now();
      const until = blockedUntil(this.#definition.rateLimits, response.headers, now);
      safe['retry-after'] = String(rateLimited(this.#definition.name, until, now).retryAfterSeconds);
    }
    return { ok: true, status: response.status, headers: safe, body: response.body };
  }

  /** One request whose JSON body is read and judged. */
  async #fetchJson(
    request: ProviderRequest,
    method: MethodDefinition,
    url: string,
    signal: AbortSignal | undefined,
  ): Promise<JsonPage | { readonly ok: false; readonly failure: ProviderFailure }> {
    const result = await exchange(this.#context, {
      method: request.method,
      url,
      headers: request.headers,
      body: request.body,
      idempotent: method.idempotent,
      signal,
    });
    if (!result.ok) return result;
    const { response } = result;
    let bytes: Buffer;
    try {
      const read = await readLimitedBytes(response.body, this.#maxResponseBytes);
      if (read === undefined)
        return { ok: false, failure: this.#badResponse('a response larger than allowed') };
      bytes = read;
    } catch (error) {
      const kind = toHttpClientError(error).kind;
      return { ok: false, failure: networkFailure(this.#definition.name, kind, this.#context.timeoutMs) };
    }
    const isFile = method.response.binary === true && response.status >= 200 && response.status < 300;
    const body = isFile
      ? { ok: true as const, value: fileBody(method, bytes, response.headers) }
      : parseJson(bytes.toString('utf8'));
    const verdict = judgeProviderResponse(this.#definition, {
      status: response.status,
      headers: response.headers,
      body: body.ok ? body.value : undefined,
      // The exchange already spent the one refresh: a refusal that gets this far is final.
      alreadyRefreshed: true,
      nowMs: this.#context.now(),
    });
    if (verdict.action === 'fail') return { ok: false, failure: result.redact(verdict.failure) };
    if (!body.ok) return { ok: false, failure: this.#badResponse('a response that is not JSON') };
    return { ok: true, status: response.status, body: body.value, headers: response.headers };
  }

  #badResponse(what: string): ProviderFailure {
    return {
      ok: false,
      code: 'provider_error',
      message: `${this.#definition.name} returned ${what}.`,
    };
  }

  /** The response headers a method call hands back. */
  #pickHeaders(headers: ResponseHeaders, includeLink: boolean): Record<string, string> {
    const { limit, remaining, reset, retryAfter } = this.#definition.rateLimits.headers;
    const names = ['location', limit, remaining, reset, retryAfter, includeLink ? 'link' : undefined];
    const picked: Record<string, string> = {};
    for (const name of names) {
      if (name === undefined) continue;
      const value = headerValue(headers, name);
      if (value !== undefined) picked[name.toLowerCase()] = value;
    }
    return picked;
  }
}

interface JsonPage {
  readonly ok: true;
  readonly status: number;
  readonly body: unknown;
  readonly headers: ResponseHeaders;
}
