import type { ConnectorDefinition } from '../../src/connectors/connector-definition.ts';
import { type BrowserSimulator, consentIdFrom } from './browser-simulator.ts';
import { type LivePlugboard, startLivePlugboard } from './live-plugboard.ts';
import { PartnerClient } from './partner-client.ts';
import { setUpCapsuleAgainstSandbox } from './sandbox-consent.ts';
import type { TestDatabase } from './test-databases.ts';
import type { TestPlugboardOptions } from './test-plugboard.ts';

export const PARTNER_ORIGIN = 'https://partner.example';

/** A listening Plugboard with the sandbox, an account, Capsule set up against the sandbox, and an allowed origin. */
export class FlowFixture {
  private constructor(
    readonly app: LivePlugboard,
    readonly partner: PartnerClient,
  ) {}

  static async start(
    database: TestDatabase,
    options: TestPlugboardOptions & { connectors?: readonly ConnectorDefinition[] } = {},
  ): Promise<FlowFixture> {
    const app = await startLivePlugboard(database, options);
    const partner = await PartnerClient.connect(app, 'HTTP');
    await partner.authenticate();
    await setUpCapsuleAgainstSandbox(app.services.connectorSetups, `${app.baseUrl}/sandbox/capsule`);
    const settings = await partner.call('PUT', '/v1.0/settings', {
      body: { AllowedOrigins: [PARTNER_ORIGIN, 'http://localhost:5173'] },
    });
    if (settings.status !== 200) throw new Error(`settings: ${settings.text}`);
    return new FlowFixture(app, partner);
  }

  get sandboxBase(): string {
    return `${this.app.baseUrl}/sandbox/capsule`;
  }

  async createAccount(id: string): Promise<void> {
    const response = await this.partner.call('POST', '/v1.0/accounts', { body: { Id: id, Name: id } });
    if (response.status !== 200) throw new Error(`account: ${response.text}`);
  }

  async install(account: string, name: string, connector = 'Capsule/v2'): Promise<number> {
    const response = await this.partner.call('POST', `/v1.0/connectors/${connector}/install`, {
      account,
      body: { Name: name },
    });
    if (response.status !== 200) throw new Error(`install: ${response.text}`);
    return response.json().Id;
  }

  async signInToken(account: string, username = 'jo@customer.example'): Promise<string> {
    const response = await this.partner.call('POST', `/v1.0/accounts/${account}/signintoken`, {
      body: { Username: username },
    });
    if (response.status !== 200) throw new Error(`sign-in token: ${response.text}`);
    return response.json().Token;
  }

  /** The Cyclr link a partner sends its user to. */
  link(query: Record<string, string>, path = '/UpdateAccountConnectorOAuth'): string {
    return `${this.app.baseUrl}${path}?${new URLSearchParams(query).toString()}`;
  }

  async accountConnector(
    account: string,
    id: number,
  ): Promise<{ Authenticated: boolean; AuthStatus: string }> {
    return (await this.partner.call('GET', `/v1.0/account/connectors/${id}`, { account })).json();
  }

  /**
   * Walks the flow as a browser: the link, the sandbox consent page, the chosen decision, and stops at the
   * redirect to the callback (returned, not followed) so tests can tamper with it.
   */
  async toCallback(
    browser: BrowserSimulator,
    link: string,
    decision: 'allow' | 'deny' = 'allow',
  ): Promise<{ callbackUrl: string; authoriseUrl: string; hops: string[] }> {
    const toProvider = await browser.follow(link, (next) =>
      next.includes('/sandbox/capsule/oauth/authorise'),
    );
    const authoriseUrl = toProvider.url;
    if (!authoriseUrl.includes('/oauth/authorise')) {
      throw new Error(
        `the flow did not reach the provider: ${toProvider.response.status} ${await toProvider.response.text()}`,
      );
    }
    const consent = await browser.request(authoriseUrl);
    const form = await browser.request(`${this.sandboxBase}/oauth/authorise`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ consent_id: consentIdFrom(await consent.text()), decision }).toString(),
    });
    const callbackUrl = new URL(form.headers.get('location') ?? '', this.sandboxBase).href;
    return { callbackUrl, authoriseUrl, hops: toProvider.hops };
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
