import type { AccountConnectorService } from '../account-connectors/account-connector-service.ts';
import type { NewAccountInput } from '../accounts/account.ts';
import type { AccountService } from '../accounts/account-service.ts';
import { type Checked, PlugboardError, unwrapChecked } from '../errors.ts';
import type { SignInTokenService } from '../sign-in-tokens/sign-in-token-service.ts';
import type { Stores } from '../stores.ts';
import type { ConnectorAuthentication } from './connector-authentications.ts';
import type { LaunchOptions } from './launch-options.ts';

/** The account user a LAUNCH token is made for (created in the account if missing, as Cyclr's LAUNCH does). */
export const LAUNCH_USERNAME = 'launch';

/** A LAUNCH, checked: what the page offers, the connectors to authenticate, and the account to make if missing. */
export interface LaunchRequest {
  readonly options: LaunchOptions;
  readonly authentications: readonly ConnectorAuthentication[];
  /** The account to create when it does not exist; a refusal is reported only then. */
  readonly newAccount: Checked<NewAccountInput>;
}

/** A LAUNCH link. The token is shown here once and stored only as a hash. */
export interface LaunchLink {
  readonly accountId: string;
  readonly launchUrl: string;
  readonly token: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

export interface LaunchServiceDependencies {
  readonly stores: Stores;
  readonly accounts: AccountService;
  readonly accountConnectors: AccountConnectorService;
  readonly signInTokens: SignInTokenService;
  /** The service domain the LAUNCH URL points at. */
  readonly publicUrl: string;
}

/**
 * Cyclr's LAUNCH: makes the account when it is missing, pre-authenticates the connectors the partner
 * supplies credentials for, and mints a one-time, five-minute LAUNCH token (a sign-in token carrying
 * the LAUNCH options) whose URL opens the LAUNCH page on the service domain.
 */
export class LaunchService {
  constructor(private readonly deps: LaunchServiceDependencies) {}

  async launch(accountId: string, request: LaunchRequest): Promise<LaunchLink> {
    const { deps } = this;
    await this.#ensureAccount(accountId, request.newAccount);
    for (const authentication of request.authentications) await this.#authenticate(accountId, authentication);
    const issued = await deps.signInTokens.issue(accountId, LAUNCH_USERNAME, JSON.stringify(request.options));
    const url = new URL('/account/signinwithtoken', deps.publicUrl);
    url.search = new URLSearchParams({ token: issued.token, returnUrl: '/launch' }).toString();
    return { accountId, launchUrl: url.href, token: issued.token, expiresAt: issued.expiresAt };
  }

  async #ensureAccount(id: string, account: Checked<NewAccountInput>): Promise<void> {
    if (await this.deps.stores.accounts.exists(id)) return;
    try {
      await this.deps.accounts.create(unwrapChecked(account));
    } catch (error) {
      // Made by a concurrent LAUNCH for the same account a moment ago: that is what we wanted.
      if (!(error instanceof PlugboardError && error.code === 'id_in_use')) throw error;
    }
  }

  /** Supplies the credentials to the account's first connector of that kind, installing one if there is none. */
  async #authenticate(accountId: string, authentication: ConnectorAuthentication): Promise<void> {
    const { accountConnectors } = this.deps;
    const installed = await accountConnectors.list(accountId, { page: 1, pageSize: 1000 });
    const existing = installed.items.find((c) => c.connectorId === authentication.definition.id);
    const change = {
      ...(authentication.credentials !== null
        ? { credentials: { ok: true, value: authentication.credentials } as const }
        : {}),
      properties: authentication.properties,
    };
    if (existing) await accountConnectors.update(accountId, existing.id, change);
    else await accountConnectors.install(accountId, authentication.definition, change);
  }
}
