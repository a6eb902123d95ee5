import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { AccountConnectorService } from '../account-connectors/account-connector-service.ts';
import type { AccountService } from '../accounts/account-service.ts';
import { PlugboardError } from '../errors.ts';
import { asInputObject, readField } from '../input-fields.ts';
import type { SignInTokenService } from '../sign-in-tokens/sign-in-token-service.ts';
import type { Stores } from '../stores.ts';
import { type ConnectorAuthentication, readConnectorAuthentications } from './connector-authentications.ts';
import { readLaunchOptions } from './launch-options.ts';

/** The account user a LAUNCH token is made for (created in the account if missing, as Cyclr's LAUNCH does). */
export const LAUNCH_USERNAME = 'launch';

/** What `POST /v1.0/accounts/{id}/launch` answers. The token is shown here once and stored only as a hash. */
export interface LaunchLink {
  readonly AccountId: string;
  readonly LaunchUrl: string;
  readonly Token: string;
  readonly ExpiresAtUtc: string;
}

export interface LaunchServiceDependencies {
  readonly stores: Stores;
  readonly catalog: ConnectorCatalog;
  readonly accounts: AccountService;
  readonly accountConnectors: AccountConnectorService;
  readonly signInTokens: SignInTokenService;
  readonly allowedOrigins: () => Promise<readonly string[]>;
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

  async launch(accountId: string, body: unknown): Promise<LaunchLink> {
    const { deps } = this;
    const input = asInputObject(body);
    // Everything is read and checked first: a refused LAUNCH writes nothing.
    const options = readLaunchOptions(input, await deps.allowedOrigins());
    const authentications = readConnectorAuthentications(input, deps.catalog);
    const name = readField(input, 'AccountName');
    const description = readField(input, 'AccountDescription');
    await this.#ensureAccount(
      accountId,
      name.present && typeof name.value === 'string' && name.value.trim() !== '' ? name.value : accountId,
      description.present ? description.value : undefined,
    );
    for (const authentication of authentications) await this.#authenticate(accountId, authentication);
    const issued = await deps.signInTokens.issue(accountId, LAUNCH_USERNAME, JSON.stringify(options));
    const url = new URL('/account/signinwithtoken', deps.publicUrl);
    url.search = new URLSearchParams({ token: issued.Token, returnUrl: '/launch' }).toString();
    return {
      AccountId: accountId,
      LaunchUrl: url.href,
      Token: issued.Token,
      ExpiresAtUtc: issued.ExpiresAtUtc,
    };
  }

  async #ensureAccount(id: string, name: string, description: unknown): Promise<void> {
    if (await this.deps.stores.accounts.exists(id)) return;
    try {
      await this.deps.accounts.create({
        Id: id,
        Name: name,
        ...(description !== undefined ? { Description: description } : {}),
      });
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
      ...(authentication.authValue !== null ? { authValue: authentication.authValue } : {}),
      properties: authentication.properties,
    };
    if (existing) await accountConnectors.update(accountId, existing.id, change);
    else await accountConnectors.install(accountId, authentication.definition, change);
  }
}
