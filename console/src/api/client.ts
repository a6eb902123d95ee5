/** What went wrong with a call, in the words the server chose (its `Message`), and where. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Plugboard's stable error code (`Plugboard-Error-Code`), when the server sent one. */
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiResult<T> {
  readonly data: T;
  readonly headers: Headers;
  readonly status: number;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** Sent as `X-Cyclr-Account` for account-scoped calls. */
  readonly account?: string;
  readonly query?: Record<string, string | number | undefined>;
  readonly signal?: AbortSignal;
}

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<ApiResult<T>>;
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options?: RequestOptions): Promise<T>;
}

export interface ApiClientOptions {
  /** The session's CSRF token, sent on every state-changing call. */
  readonly csrfToken: () => string | null;
  /** Called when the API says the session has ended (401 on an authenticated call). */
  readonly onSessionEnded: () => void;
}

const UNREACHABLE = 'Plugboard could not be reached. Check the connection and try again.';

async function messageOf(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { Message?: unknown; message?: unknown };
    if (typeof body.Message === 'string' && body.Message !== '') return body.Message;
    if (typeof body.message === 'string' && body.message !== '') return body.message;
  } catch {
    // Not JSON: fall through to the status line.
  }
  return `The server answered ${response.status} ${response.statusText}`.trim();
}

function urlOf(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * A small client for the same API partners call (`/v1.0`) and the console's session endpoints
 * (`/console-api`). The session cookie travels by itself; this adds the CSRF token to every call that
 * is not a GET and turns error bodies into {@link ApiError}s carrying the API's `Message`.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  async function request<T>(
    method: string,
    path: string,
    request: RequestOptions = {},
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET' && method !== 'HEAD') {
      const token = options.csrfToken();
      if (token) headers['x-csrf-token'] = token;
    }
    if (request.account !== undefined) headers['x-cyclr-account'] = request.account;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(urlOf(path, request.query), {
        method,
        headers,
        credentials: 'same-origin',
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(UNREACHABLE, 0, null);
    }
    if (!response.ok) {
      const error = new ApiError(
        await messageOf(response),
        response.status,
        response.headers.get('plugboard-error-code'),
      );
      if (response.status === 401 && path.startsWith('/v1.0/')) options.onSessionEnded();
      throw error;
    }
    const text = await response.text();
    let data: unknown = null;
    if (text !== '') {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    }
    return { data: data as T, headers: response.headers, status: response.status };
  }
  return {
    request,
    get: async <T>(path: string, options?: RequestOptions) => (await request<T>('GET', path, options)).data,
    send: async <T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options?: RequestOptions) =>
      (await request<T>(method, path, options)).data,
  };
}

/** The message to show for anything thrown by a call. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
