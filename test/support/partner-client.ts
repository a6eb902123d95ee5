import type { TestPlugboard } from './test-plugboard.ts';

export type Transport = 'inject' | 'http';
export const TRANSPORTS: readonly Transport[] = ['inject', 'http'];

export interface PartnerResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  json<T = any>(): T;
}

export interface CallOptions {
  readonly body?: unknown;
  readonly account?: string;
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

/**
 * Calls a test Plugboard the way a partner does, either in-process (`inject`) or over real HTTP
 * (`fetch` to a listening port), so the same test runs both ways.
 */
export class PartnerClient {
  private constructor(
    private readonly app: TestPlugboard | null,
    readonly transport: Transport,
    private readonly baseUrl: string | null,
    public token: string | null,
  ) {}

  /** A client for a Plugboard running in another process, reached over HTTP only. */
  static async connectTo(baseUrl: string): Promise<PartnerClient> {
    return new PartnerClient(null, 'http', baseUrl, null);
  }

  /** Gets a bearer token with existing API client credentials. */
  async authenticateWith(clientId: string, clientSecret: string): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    const response = await this.call('POST', '/oauth/token', {
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      token: null,
    });
    if (response.status !== 200) throw new Error(`token request failed: ${response.text}`);
    this.token = response.json().access_token;
    return this.token as string;
  }

  static async connect(app: TestPlugboard, transport: Transport): Promise<PartnerClient> {
    let baseUrl: string | null = null;
    if (transport === 'http') {
      baseUrl = app.server.server.listening
        ? `http://127.0.0.1:${(app.server.server.address() as { port: number }).port}`
        : await app.server.listen({ port: 0, host: '127.0.0.1' });
    }
    return new PartnerClient(app, transport, baseUrl, null);
  }

  /** Makes an API client and a partner-wide bearer token (or one restricted to `account`). */
  async authenticate(account?: string): Promise<string> {
    if (!this.app) throw new Error('authenticate() needs an in-process Plugboard; use authenticateWith()');
    const client = await this.app.services.apiClients.create('Test partner backend');
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.ClientId,
      client_secret: client.ClientSecret,
    });
    if (account) form.set('scope', `account:${account}`);
    const response = await this.call('POST', '/oauth/token', {
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      token: null,
    });
    if (response.status !== 200) throw new Error(`token request failed: ${response.text}`);
    this.token = response.json().access_token;
    return this.token as string;
  }

  async call(method: string, url: string, options: CallOptions = {}): Promise<PartnerResponse> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? this.token : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.account !== undefined) headers['x-cyclr-account'] = options.account;
    let payload: string | undefined;
    if (options.body !== undefined) {
      payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    if (this.transport === 'inject' && this.app) {
      const response = await this.app.server.inject({
        method: method as 'GET',
        url,
        headers,
        ...(payload !== undefined ? { payload } : {}),
      });
      const flat = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k, String(v)]));
      return {
        status: response.statusCode,
        headers: flat,
        text: response.body,
        json: () => JSON.parse(response.body),
      };
    }
    const response = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      text,
      json: () => JSON.parse(text),
    };
  }
}
