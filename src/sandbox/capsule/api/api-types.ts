/** Who is calling, established from the bearer token. */
export interface ApiAuth {
  userId: number;
  /** The registered application the token was issued to. */
  clientId: string;
  scopes: ReadonlySet<string>;
}

/** What a route handler sees: no Fastify types, so handlers stay plain functions. */
export interface ApiRequest {
  readonly params: Readonly<Record<string, string>>;
  /** The raw query string's parameters, in order (Link headers keep them). */
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** Request headers, lower-case names (a repeated header's values joined with commas). */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly auth: ApiAuth;
  /** Path below `/api/v2`, e.g. `/parties/12`. */
  readonly path: string;
}

/** What a route handler returns; errors are thrown as `ApiError`. */
export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
}

/** A route handler: a plain function from request to response. */
export type ApiHandler = (request: ApiRequest) => ApiResponse;

/** 200 with a wrapped body such as `{"party":{…}}`. */
export function ok(body: unknown): ApiResponse {
  return { status: 200, body };
}

/** 201 with `Location` pointing at the new record. */
export function created(baseUrl: string, path: string, body: unknown): ApiResponse {
  return { status: 201, body, headers: { location: `${baseUrl}/api/v2${path}` } };
}

/** 204 with no body. */
export function noContent(): ApiResponse {
  return { status: 204 };
}
