import type { ConnectorDefinition } from '../../connectors/connector-definition.ts';
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

/** The fields before `Connector`, in Cyclr's order. */
function leadingFields(connector: AccountConnector) {
  return {
    Id: connector.id,
    Name: connector.name,
    Description: connector.description,
    Authenticated: connector.authStatus === 'Authenticated',
    AuthStatus: connector.authStatus,
  };
}

/** The fields after `Connector`. */
function trailingFields(connector: AccountConnector, properties: readonly AccountConnectorProperty[]) {
  return {
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

/** An account connector as Cyclr returns it, plus Plugboard's health fields. Never any credential. */
export async function accountConnectorView(
  service: AccountConnectorService,
  connector: AccountConnector,
  /** The connector's properties when already read. */
  known?: readonly AccountConnectorProperty[],
) {
  const properties = known ?? (await service.properties(connector.id));
  return {
    ...leadingFields(connector),
    Connector: connectorView(service.definitionOf(connector)),
    ...trailingFields(connector, properties),
  };
}

/** Each connector definition's `Connector` object as JSON, made once: it is the bulk of a list's bytes. */
const connectorJson = new WeakMap<ConnectorDefinition, string>();

function connectorJsonOf(definition: ConnectorDefinition): string {
  let json = connectorJson.get(definition);
  if (json === undefined) {
    json = JSON.stringify(connectorView(definition));
    connectorJson.set(definition, json);
  }
  return json;
}

/**
 * A page of account connectors as the JSON array {@link accountConnectorView} would give, written
 * without building and serialising each one's `Connector` again (the same for every connection to a
 * connector).
 */
export function accountConnectorListJson(
  service: AccountConnectorService,
  connectors: readonly AccountConnector[],
  properties: ReadonlyMap<number, readonly AccountConnectorProperty[]>,
): string {
  const items = connectors.map((connector) => {
    const leading = JSON.stringify(leadingFields(connector));
    const trailing = JSON.stringify(trailingFields(connector, properties.get(connector.id) ?? []));
    const definition = connectorJsonOf(service.definitionOf(connector));
    return `${leading.slice(0, -1)},"Connector":${definition},${trailing.slice(1)}`;
  });
  return `[${items.join(',')}]`;
}
