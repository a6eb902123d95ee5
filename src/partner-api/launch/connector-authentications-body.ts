import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { ConnectorDefinition } from '../../connectors/connector-definition.ts';
import {
  checkProperties,
  type PropertyInput,
} from '../../domain/account-connectors/account-connector-rules.ts';
import type { ConnectorAuthentication } from '../../domain/account-sessions/connector-authentications.ts';
import { invalid } from '../../domain/errors.ts';
import { parseOAuthAuthValue } from '../account-connectors/auth-value.ts';
import { asInputObject, readField } from '../cross-cutting/input-fields.ts';

const MAX_ENTRIES = 20;

function readProperties(value: unknown, at: string): PropertyInput[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(`${at}.Properties must be an array of {Name, Value}.`);
  return value.map((entry) => {
    const item = asInputObject(entry);
    const name = readField(item, 'Name');
    const propertyValue = readField(item, 'Value');
    if (!name.present || typeof name.value !== 'string' || name.value === '')
      throw invalid(`${at}.Properties: each property needs a Name.`);
    const text = propertyValue.present ? propertyValue.value : null;
    if (text !== null && typeof text !== 'string')
      throw invalid(`${at}.Properties: ${name.value}'s Value must be a string.`);
    return { name: name.value, value: text };
  });
}

/**
 * Reads and checks every entry before anything is written, so a bad entry refuses the whole LAUNCH:
 * the connector must exist (`Name` and, when several versions match, `Version`), `AuthValue` must be
 * credentials Plugboard can use, and `Properties` must be the connector's account connector properties.
 */
export function readConnectorAuthentications(
  body: unknown,
  catalog: ConnectorCatalog,
): ConnectorAuthentication[] {
  const field = readField(asInputObject(body), 'ConnectorAuthentications');
  if (!field.present || field.value === null) return [];
  if (!Array.isArray(field.value)) throw invalid('ConnectorAuthentications must be an array.');
  if (field.value.length > MAX_ENTRIES)
    throw invalid(`ConnectorAuthentications can hold at most ${MAX_ENTRIES} entries.`);
  return field.value.map((entry, index) => {
    const at = `ConnectorAuthentications[${index}]`;
    const item = asInputObject(entry);
    const name = readField(item, 'Name');
    const version = readField(item, 'Version');
    if (!name.present || typeof name.value !== 'string' || name.value.trim() === '')
      throw invalid(`${at}.Name is required: the connector's name, such as "Capsule".`);
    const wantedVersion = version.present && typeof version.value === 'string' ? version.value : undefined;
    const found = catalog.byName(name.value.trim(), wantedVersion);
    if (found.length === 0) throw invalid(`${at}: there is no connector named '${name.value}'.`);
    if (found.length > 1) throw invalid(`${at}: '${name.value}' has several versions; add Version.`);
    const definition = found[0] as ConnectorDefinition;
    const authField = readField(item, 'AuthValue');
    const authValue = authField.present && authField.value !== null ? authField.value : null;
    if (authValue !== null && typeof authValue !== 'string')
      throw invalid(`${at}.AuthValue must be a string.`);
    const credentials = authValue === null ? null : parseOAuthAuthValue(authValue);
    const propertiesField = readField(item, 'Properties');
    const properties = readProperties(propertiesField.present ? propertiesField.value : null, at);
    checkProperties(definition, properties);
    return { definition, credentials, properties };
  });
}
