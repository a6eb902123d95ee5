import {
  type ApiResponse,
  type CallTarget,
  listen,
  listeningUrl,
  sendCall,
  type Transport,
} from './api-harness.ts';
import type { TestPlugboard } from './test-plugboard.ts';

export type PartnerResponse = ApiResponse;

export interface CallOptions {
  /** JSON, or a string sent as it is (set its content type in `headers`). */
  readonly body?: unknown;
  readonly account?: string;
  /** `undefined` uses the client's token, `null` sends no Authorization. */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

/**
 * A partner backend in tests: holds a bearer token and calls a Plugboard in-process (`inject`) or over
 * real HTTP (`fetch`), so the same test runs both ways. Requests are sent by the harness's `sendCall`.
 */
export class PartnerClient {
  private constructor(
    private readonly app: TestPlugboard | null,
    readonly transport: Transport,
    private readonly target: CallTarget,
    public token: string | null,
  ) {}

  /** A client for a Plugboard running in another process, reached over HTTP only. */
  static async connectTo(baseUrl: string): Promise<PartnerClient> {
    return new PartnerClient(null, 'HTTP', { baseUrl }, null);
  }

  static async connect(app: TestPlugboard, transport: Transport): Promise<PartnerClient> {
    if (transport === 'in-process') return new PartnerClient(app, transport, { app }, null);
    if (!app.server.server.listening) await listen(app);
    return new PartnerClient(app, transport, { baseUrl: listeningUrl(app) }, null);
  }

  /** Makes an API client and a partner-wide bearer token (or one restricted to `account`). */
  async authenticate(account?: string): Promise<string> {
    if (!this.app) throw new Error('authenticate() needs an in-process Plugboard; use authenticateWith()');
    const client = await this.app.services.apiClients.create('Test partner backend');
    return this.authenticateWith(client.clientId, client.clientSecret, account);
  }

  /** Gets a bearer token at `POST /oauth/token` with existing API client credentials. */
  async authenticateWith(clientId: string, clientSecret: string, account?: string): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
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

  call(method: string, url: string, options: CallOptions = {}): Promise<PartnerResponse> {
    const { body, ...rest } = options;
    const sent =
      typeof body === 'string' ? { ...rest, rawBody: body } : body === undefined ? rest : { ...rest, body };
    return sendCall(this.target, method, url, sent, this.token);
  }
}
