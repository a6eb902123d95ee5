import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { ConnectorDefinition } from '../../connectors/connector-definition.ts';
import { PlugboardError } from '../../domain/errors.ts';

/** Finds the connectors an `{id}` or `{name}[/{version}]` path names; 404 when there are none. */
export function connectorsFor(
  catalog: ConnectorCatalog,
  reference: string,
  version?: string,
): ConnectorDefinition[] {
  if (version === undefined && /^\d+$/.test(reference)) {
    const definition = catalog.byId(Number(reference));
    if (!definition) throw new PlugboardError('not_found', `Connector ${reference} was not found.`);
    return [definition];
  }
  const found = catalog.byName(reference, version);
  if (found.length === 0) {
    const label = version === undefined ? reference : `${reference} ${version}`;
    throw new PlugboardError('not_found', `There is no connector named '${label}'.`);
  }
  return found;
}

/** The one connector an install or setup path names (a name matching several versions is ambiguous). */
export function oneConnector(
  catalog: ConnectorCatalog,
  reference: string,
  version?: string,
): ConnectorDefinition {
  const found = connectorsFor(catalog, reference, version);
  if (found.length > 1) {
    throw new PlugboardError(
      'invalid_parameter',
      `Connector name '${reference}' matches versions ${found.map((d) => d.version).join(', ')}; add the version to the path.`,
    );
  }
  return found[0] as ConnectorDefinition;
}
