/** What the executor behind data on demand and the proxy is asked for and answers. */
import type { Readable } from 'node:stream';
import type { ProviderFailure } from './provider-errors.ts';

export interface MethodCallOptions {
  /** Pages to fetch and merge for a list method that pages. Default 1. */
  readonly maxPages?: number;
  readonly signal?: AbortSignal;
}

/** A successful method call. */
export interface MethodCallSuccess {
  readonly ok: true;
  /** The provider's status (of the last page, for paged lists). */
  readonly status: number;
  /** The provider's JSON body; for paged lists, `{ [wrapKey]: items of every page fetched }`. */
  readonly body: unknown;
  /** `location`, `link` (single page only) and the provider's rate-limit headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** Present for methods that page. */
  readonly paging?: {
    readonly pagesFetched: number;
    readonly hasMore: boolean;
    readonly nextPageUrl?: string;
    /** The page parameter's value for the next page, to pass back in a later call. */
    readonly nextPage?: string;
  };
}

export type MethodCallResult = MethodCallSuccess | ProviderFailure;

/** A partner's request to pass through. */
export interface ProxyRequest {
  readonly method: string;
  /** The still-encoded path after `/proxy/`. */
  readonly path: string;
  /** The still-encoded query string, without `?`. */
  readonly query?: string;
  /** The partner's headers; only content and caching headers are forwarded. */
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
  /** Streamed to the provider when a stream (and then never sent twice). */
  readonly body?: Readable | Uint8Array | string | undefined;
  readonly signal?: AbortSignal | undefined;
  /**
   * Where the partner reaches the API base's root through Plugboard, ending in `/`
   * (`https://plugboard.example/v1.0/account/connectors/7/proxy/`): `Link` targets under the API base
   * are rewritten to it. Without it the `Link` header is returned as the provider sent it.
   */
  readonly proxyBase?: string;
}

/** The provider's answer, whatever its status, with the body as a stream. */
export interface ProxySuccess {
  readonly ok: true;
  readonly status: number;
  /**
   * Safe headers only: no hop-by-hop headers, cookies or `authorization`; `link` rewritten to
   * `proxyBase` when the request gave one.
   */
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: Readable;
}

export type ProxyCallResult = ProxySuccess | ProviderFailure;
