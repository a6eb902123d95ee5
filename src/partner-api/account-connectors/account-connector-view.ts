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

const jsonIso = (time: number | null) => (time === null ? 'null' : `"${new Date(time).toISOString()}"`);
const jsonText = (text: string | null) => (text === null ? 'null' : JSON.stringify(text));

function propertiesJson(properties: readonly AccountConnectorProperty[]): string {
  let json = '';
  for (const p of properties) {
    json += `${json === '' ? '' : ','}{"Id":${p.id},"Name":${jsonText(p.name)},"Value":${jsonText(p.value)},"AccountConnectorId":${p.accountConnectorId}}`;
  }
  return `[${json}]`;
}

/**
 * One account connector as the JSON {@link accountConnectorView} would give, written field by field
 * (no object built per row, no generic serialisation) around its definition's `Connector` JSON.
 */
function accountConnectorJson(
  connector: AccountConnector,
  definition: string,
  properties: readonly AccountConnectorProperty[],
): string {
  return (
    `{"Id":${connector.id},"Name":${jsonText(connector.name)},"Description":${jsonText(connector.description)},` +
    `"Authenticated":${connector.authStatus === 'Authenticated'},"AuthStatus":${jsonText(connector.authStatus)},` +
    `"Connector":${definition},"Properties":${propertiesJson(properties)},` +
    `"IsPartnerIntegrationConnector":false,"CustomFields":[],"AccountId":${jsonText(connector.accountId)},` +
    `"CreatedDate":${jsonIso(connector.createdAt)},"AuthenticatedAtUtc":${jsonIso(connector.authenticatedAt)},` +
    `"TokenExpiresAtUtc":${jsonIso(connector.tokenExpiresAt)},"LastRefreshedAtUtc":${jsonIso(connector.lastRefreshAt)},` +
    `"LastError":${jsonText(connector.lastError)},"LastErrorAtUtc":${jsonIso(connector.lastErrorAt)}}`
  );
}

/**
 * A page of account connectors as the JSON array {@link accountConnectorView} would give, byte for
 * byte, without building and serialising each one's `Connector` again (the same for every connection
 * to a connector).
 */
export function accountConnectorListJson(
  service: AccountConnectorService,
  connectors: readonly AccountConnector[],
  properties: ReadonlyMap<number, readonly AccountConnectorProperty[]>,
): string {
  let json = '';
  for (const connector of connectors) {
    const definition = connectorJsonOf(service.definitionOf(connector));
    json += `${json === '' ? '' : ','}${accountConnectorJson(connector, definition, properties.get(connector.id) ?? [])}`;
  }
  return `[${json}]`;
}
