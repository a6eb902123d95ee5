import type { ConnectorDefinition } from '../../connectors/connector-definition.ts';
import type { AuditEvent } from '../audit/audit-store.ts';
import type { Clock } from '../clock.ts';
import type { ConnectorSetupService } from '../connector-setups/connector-setup-service.ts';
import { type Checked, notFound, PlugboardError, unwrapChecked } from '../errors.ts';
import { PageCursors } from '../paging/page-cursors.ts';
import { type KnownPosition, PagePositions } from '../paging/page-positions.ts';
import { connectionAuthenticated, connectionDeauthenticated } from '../partner-events/connection-events.ts';
import type { Stores } from '../stores.ts';
import type {
  AccountConnector,
  AccountConnectorProperty,
  ConnectorCredentials,
} from './account-connector.ts';
import {
  checkProperties,
  type PropertyInput,
  recordOtherAccountAttempt,
  refuseNameInUse,
  suppliedEvent,
} from './account-connector-rules.ts';

export type { PropertyInput } from './account-connector-rules.ts';

import type { ProviderTokenClient } from './provider-token-client.ts';

export interface InstallInput {
  readonly name?: string | undefined;
  readonly description?: string | null | undefined;
  /** Credentials the partner supplies (authenticates the connection); a refusal is reported after the other checks. */
  readonly credentials?: Checked<ConnectorCredentials> | undefined;
  readonly properties?: readonly PropertyInput[] | undefined;
}

export interface AccountConnectorChanges {
  readonly name?: string | undefined;
  readonly description?: string | null | undefined;
  /** Credentials the partner supplies (authenticates the connection); a refusal is reported after the other checks. */
  readonly credentials?: Checked<ConnectorCredentials> | undefined;
  readonly properties?: readonly PropertyInput[] | undefined;
}

/** Looks up connector definitions by id (the catalog). */
export interface ConnectorLookup {
  byId(id: number): ConnectorDefinition | undefined;
}

function cleanName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const trimmed = name.trim();
  if (trimmed === '') throw new PlugboardError('invalid_parameter', 'Name must not be empty.');
  if (trimmed.length > 200)
    throw new PlugboardError('invalid_parameter', 'Name must be at most 200 characters.');
  return trimmed;
}

/** Removes a connection's webhook subscriptions at its provider while its credentials still work. */
export interface SubscriptionRelease {
  releaseAll(accountConnectorId: number): Promise<void>;
}

/** Installs connectors into accounts and manages them: names, properties, credentials supplied by the partner. */
export class AccountConnectorService {
  constructor(
    private readonly stores: Pick<
      Stores,
      'accountConnectors' | 'connectorCredentials' | 'connectorProperties' | 'audit' | 'transaction'
    >,
    private readonly connectors: ConnectorLookup,
    private readonly setups: ConnectorSetupService,
    private readonly tokenClient: ProviderTokenClient,
    private readonly clock: Clock,
    private readonly cursors: PageCursors<number> = new PageCursors(clock),
    private readonly subscriptions: SubscriptionRelease = { releaseAll: async () => {} },
    private readonly positions: PagePositions<number> = new PagePositions(),
  ) {}

  definitionOf(connector: AccountConnector): ConnectorDefinition {
    const definition = this.connectors.byId(connector.connectorId);
    if (!definition)
      throw new PlugboardError('internal', `Connector ${connector.connectorId} is no longer in this build.`);
    return definition;
  }

  async get(accountId: string, id: number): Promise<AccountConnector> {
    const connector = await this.stores.accountConnectors.find(accountId, id);
    if (!connector) {
      await recordOtherAccountAttempt(this.stores, accountId, id, this.clock());
      throw notFound(`Account connector ${id} was not found.`);
    }
    return connector;
  }

  /** The account connector's audit trail, newest first. */
  async events(accountId: string, id: number, limit: number): Promise<AuditEvent[]> {
    await this.get(accountId, id);
    return this.stores.audit.listForAccountConnector(id, limit);
  }

  /**
   * A page of the account's connectors with their properties and the list's count, in one statement.
   * A walk from page to page continues after the last row served (keyset), see {@link PageCursors};
   * another page starts from the nearest page start seen at the list's version ({@link PagePositions}).
   */
  async list(
    accountId: string,
    paging: { page: number; pageSize: number },
  ): Promise<{
    items: AccountConnector[];
    total: number;
    properties: ReadonlyMap<number, AccountConnectorProperty[]>;
  }> {
    const list = `account-connectors:${accountId}`;
    const offset = (paging.page - 1) * paging.pageSize;
    const afterId = this.cursors.before(list, paging.pageSize, paging.page);
    const from = afterId !== undefined || offset === 0 ? undefined : this.positions.nearest(list, offset);
    const read = (start: KnownPosition<number> | undefined) =>
      this.stores.accountConnectors.list(accountId, {
        offset,
        limit: paging.pageSize,
        afterId,
        from: start,
        withProperties: true,
      });
    let page = await read(from);
    if (from && page.version !== from.version) {
      this.positions.forget(list);
      page = await read(undefined);
    }
    const { items, total } = page;
    const [first] = items;
    if (first && afterId === undefined) this.positions.remember(list, page.version, offset, first.id);
    const last = items[items.length - 1];
    if (last && items.length === paging.pageSize)
      this.cursors.remember(list, paging.pageSize, paging.page, last.id);
    const properties = page.properties ?? new Map<number, AccountConnectorProperty[]>();
    return { items, total, properties };
  }

  properties(
    accountConnectorId: number,
    order: { by: 'Id' | 'Name'; ascending: boolean } = { by: 'Id', ascending: true },
  ) {
    return this.stores.connectorProperties.list(accountConnectorId, order);
  }

  /** Installs `definition` into the account, with optional pre-supplied credentials and properties, all or nothing. */
  async install(
    accountId: string,
    definition: ConnectorDefinition,
    input: InstallInput,
  ): Promise<AccountConnector> {
    const requested = cleanName(input.name);
    const properties = input.properties ?? [];
    checkProperties(definition, properties);
    const credentials = input.credentials === undefined ? null : unwrapChecked(input.credentials);
    const now = this.clock();
    return this.stores.transaction(async (tx) => {
      // Without a Name the default one is used, and refused when taken as Cyclr does: clients read the
      // 400 to find the account connector they installed before.
      const name = requested ?? `${definition.name} ${definition.version}`;
      await refuseNameInUse(tx, accountId, name);
      const created = await tx.accountConnectors.insert({
        accountId,
        connectorId: definition.id,
        name,
        description: input.description?.trim() || null,
        createdAt: now,
      });
      for (const property of properties)
        await tx.connectorProperties.insert(created.id, property.name, property.value, now);
      if (credentials) {
        await tx.connectorCredentials.storeCredentials(created.id, credentials, now);
        await tx.audit.record(suppliedEvent(accountId, created.id, now));
        await connectionAuthenticated(tx, created, now, { reauthenticated: false });
      }
      return (await tx.accountConnectors.findById(created.id)) as AccountConnector;
    });
  }

  /** A partial change: name, description, supplied credentials (authenticate), properties (upserted by name). */
  async update(accountId: string, id: number, changes: AccountConnectorChanges): Promise<AccountConnector> {
    const current = await this.get(accountId, id);
    const definition = this.definitionOf(current);
    const name = cleanName(changes.name);
    const properties = changes.properties ?? [];
    checkProperties(definition, properties);
    const credentials = changes.credentials === undefined ? null : unwrapChecked(changes.credentials);
    const now = this.clock();
    return this.stores.transaction(async (tx) => {
      if (name) await refuseNameInUse(tx, accountId, name, id);
      const patch: { name?: string; description?: string | null } = {};
      if (name !== undefined) patch.name = name;
      if (changes.description !== undefined) patch.description = changes.description?.trim() || null;
      await tx.accountConnectors.update(accountId, id, patch, now);
      const existing = await tx.connectorProperties.list(id, { by: 'Id', ascending: true });
      for (const property of properties) {
        const match = existing.find((p) => p.name.toLowerCase() === property.name.toLowerCase());
        if (match) await tx.connectorProperties.update(id, match.id, property.value);
        else await tx.connectorProperties.insert(id, property.name, property.value, now);
      }
      if (credentials) {
        await tx.connectorCredentials.storeCredentials(id, credentials, now);
        await tx.audit.record(suppliedEvent(accountId, id, now));
        await connectionAuthenticated(tx, current, now, {
          reauthenticated: current.authenticatedAt !== null,
        });
      }
      return (await tx.accountConnectors.findById(id)) as AccountConnector;
    });
  }

  async remove(accountId: string, id: number): Promise<void> {
    const connector = await this.get(accountId, id);
    await this.subscriptions.releaseAll(id);
    await this.revokeAtProvider(connector);
    await this.stores.transaction(async (tx) => {
      if (connector.authStatus !== 'Unauthenticated')
        await connectionDeauthenticated(tx, connector, this.clock());
      if (!(await tx.accountConnectors.delete(accountId, id)))
        throw notFound(`Account connector ${id} was not found.`);
      await tx.audit.record({
        at: this.clock(),
        actor: 'partner',
        action: 'account_connector.deleted',
        accountId,
        accountConnectorId: id,
        detail: `'${connector.name}' deleted; its credentials were revoked at the provider where possible`,
      });
    });
  }

  /** Drops the credentials, revoking them at the provider first where it can (best effort). */
  async deauthenticate(accountId: string, id: number): Promise<AccountConnector> {
    const connector = await this.get(accountId, id);
    await this.subscriptions.releaseAll(id);
    await this.revokeAtProvider(connector);
    const now = this.clock();
    await this.stores.transaction(async (tx) => {
      await tx.connectorCredentials.clearCredentials(id, now);
      if (connector.authStatus !== 'Unauthenticated') await connectionDeauthenticated(tx, connector, now);
      await tx.audit.record({
        at: now,
        actor: 'partner',
        action: 'credentials.deauthenticated',
        accountId,
        accountConnectorId: id,
        detail: 'Credentials dropped; revoked at the provider where possible',
      });
    });
    return this.get(accountId, id);
  }

  private async revokeAtProvider(connector: AccountConnector): Promise<void> {
    const stored = await this.stores.connectorCredentials.readCredentials(connector.id);
    if (!stored) return;
    const definition = this.definitionOf(connector);
    let setup: Awaited<ReturnType<ConnectorSetupService['resolve']>>;
    try {
      setup = await this.setups.resolve(definition);
    } catch {
      return;
    }
    // Revoking the refresh token ends the whole grant at most providers; the access token covers the rest.
    if (stored.credentials.refreshToken) {
      await this.tokenClient.revoke(definition, setup, stored.credentials.refreshToken, 'refresh_token');
    }
    await this.tokenClient.revoke(definition, setup, stored.credentials.accessToken, 'access_token');
  }

  async addProperty(accountId: string, id: number, input: PropertyInput): Promise<AccountConnectorProperty> {
    const connector = await this.get(accountId, id);
    // Cyclr's sub-resource accepts a name the connector does not declare (its own client tests rely on it).
    checkProperties(this.definitionOf(connector), [input], { allowUndeclared: true });
    const created = await this.stores.connectorProperties.insert(id, input.name, input.value, this.clock());
    if (!created)
      throw new PlugboardError(
        'invalid_parameter',
        `Property '${input.name}' is already set; update it instead.`,
      );
    return created;
  }

  async getProperty(accountId: string, id: number, propertyId: number): Promise<AccountConnectorProperty> {
    await this.get(accountId, id);
    const property = await this.stores.connectorProperties.find(id, propertyId);
    if (!property) throw notFound(`Property ${propertyId} was not found.`);
    return property;
  }

  async updateProperty(
    accountId: string,
    id: number,
    propertyId: number,
    value: string | null,
  ): Promise<AccountConnectorProperty> {
    await this.get(accountId, id);
    const property = await this.stores.connectorProperties.update(id, propertyId, value);
    if (!property) throw notFound(`Property ${propertyId} was not found.`);
    return property;
  }

  async deleteProperty(accountId: string, id: number, propertyId: number): Promise<void> {
    await this.get(accountId, id);
    if (!(await this.stores.connectorProperties.delete(id, propertyId)))
      throw notFound(`Property ${propertyId} was not found.`);
  }
}
