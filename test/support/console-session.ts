import type { TestPlugboard } from './test-plugboard.ts';

export interface ConsoleResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  json<T = Record<string, unknown>>(): T;
}

/** The setup code the server printed in its log at start (the last one, if several starts logged one). */
export function setupCodeFromLogs(logText: string): string {
  const codes = [...logText.matchAll(/one-time setup code: ([0-9A-Z]{5}(?:-[0-9A-Z]{5}){3})/g)];
  const code = codes.at(-1)?.[1];
  if (!code) throw new Error('no setup code in the log');
  return code;
}

/**
 * A browser as far as the console's server is concerned: keeps the session cookie it is given and
 * sends the CSRF token on state-changing calls, like the console's API client does.
 */
export class ConsoleSession {
  cookie: string | null = null;
  csrfToken: string | null = null;

  constructor(
    private readonly app: TestPlugboard,
    readonly remoteAddress = '127.0.0.1',
  ) {}

  async call(
    method: string,
    url: string,
    options: { body?: unknown; headers?: Record<string, string>; csrf?: boolean; account?: string } = {},
  ): Promise<ConsoleResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    const sendCsrf = options.csrf ?? !['GET', 'HEAD'].includes(method);
    if (sendCsrf && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    if (options.account) headers['x-cyclr-account'] = options.account;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await this.app.server.inject({
      method: method as 'GET',
      url,
      headers,
      remoteAddress: this.remoteAddress,
      ...(options.body !== undefined
        ? { payload: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
        : {}),
    });
    const setCookie = response.headers['set-cookie'];
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const pair = line.split(';')[0] ?? '';
      const value = pair.slice(pair.indexOf('=') + 1);
      this.cookie = value === '' || /expires=Thu, 01 Jan 1970/i.test(line) ? null : pair;
    }
    if (response.statusCode === 200 && response.headers['content-type']?.toString().includes('json')) {
      const body = JSON.parse(response.body) as { CsrfToken?: string };
      if (typeof body.CsrfToken === 'string') this.csrfToken = body.CsrfToken;
    }
    return {
      status: response.statusCode,
      headers: response.headers as Record<string, string | string[] | undefined>,
      body: response.body,
      json: <T>() => JSON.parse(response.body) as T,
    };
  }

  signIn(username: string, password: string): Promise<ConsoleResponse> {
    return this.call('POST', '/console-api/session', { body: { Username: username, Password: password } });
  }

  setUp(setupCode: string, username: string, password: string): Promise<ConsoleResponse> {
    return this.call('POST', '/console-api/setup', {
      body: { SetupCode: setupCode, Username: username, Password: password },
    });
  }
}
