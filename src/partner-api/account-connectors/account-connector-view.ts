import type {
  AccountConnector,
  AccountConnectorProperty,
} from '../../domain/account-connectors/account-connector.ts';
import type { AccountConnectorService } from '../../domain/account-connectors/account-connector-service.ts';
import { connectorView } from '../connectors/connector-views.ts';

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());

export function propertyView(property: AccountConnectorProperty) {
  return {
    Id: property.id,
    Name: property.name,
    Value: property.value,
    AccountConnectorId: property.accountConnectorId,
  };
}

/** An account connector as Cyclr returns it, plus Plugboard's health fields. Never any credential. */
export async function accountConnectorView(
  service: AccountConnectorService,
  connector: AccountConnector,
  /** The connector's properties when already read (a page of a list reads them in one query). */
  known?: readonly AccountConnectorProperty[],
) {
  const properties = known ?? (await service.properties(connector.id));
  return {
    Id: connector.id,
    Name: connector.name,
    Description: connector.description,
    Authenticated: connector.authStatus === 'Authenticated',
    AuthStatus: connector.authStatus,
    Connector: connectorView(service.definitionOf(connector)),
    Properties: properties.map(propertyView),
    IsPartnerIntegrationConnector: false,
    CustomFields: [],
    AccountId: connector.accountId,
    CreatedDate: iso(connector.createdAt),
    AuthenticatedAtUtc: iso(connector.authenticatedAt),
    TokenExpiresAtUtc: iso(connector.tokenExpiresAt),
    LastRefreshedAtUtc: iso(connector.lastRefreshAt),
    LastError: connector.lastError,
    LastErrorAtUtc: iso(connector.lastErrorAt),
  };
}
