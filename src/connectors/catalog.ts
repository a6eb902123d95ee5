import { CAPSULE_V2 } from './capsule-v2/index.ts';
import type { ConnectorDefinition, MethodDefinition } from './connector-definition.ts';

/** The connectors this build ships, in catalog order. */
export const CONNECTOR_DEFINITIONS: readonly ConnectorDefinition[] = [CAPSULE_V2];

/** Read access to the connector definitions, indexed once. */
export class ConnectorCatalog {
  readonly #byId: Map<number, ConnectorDefinition>;

  constructor(readonly definitions: readonly ConnectorDefinition[] = CONNECTOR_DEFINITIONS) {
    this.#byId = new Map(definitions.map((d) => [d.id, d]));
  }

  byId(id: number): ConnectorDefinition | undefined {
    return this.#byId.get(id);
  }

  /** Case-insensitive name match, optionally narrowed to one version (Cyclr returns an array). */
  byName(name: string, version?: string): ConnectorDefinition[] {
    const wanted = name.toLowerCase();
    return this.definitions.filter(
      (d) =>
        d.name.toLowerCase() === wanted &&
        (version === undefined || d.version.toLowerCase() === version.toLowerCase()),
    );
  }

  /** Finds a method of a connector by its stable GUID (case-insensitive) or its numeric id. */
  method(connector: ConnectorDefinition, reference: string): MethodDefinition | undefined {
    if (/^\d+$/.test(reference)) return connector.methods.find((m) => m.id === Number(reference));
    const wanted = reference.toLowerCase();
    return connector.methods.find((m) => m.uniqueIdentifier.toLowerCase() === wanted);
  }

  /** Finds a method by its numeric id across every connector (`GET /v1.0/methods/{id}`). */
  methodById(id: number): { connector: ConnectorDefinition; method: MethodDefinition } | undefined {
    for (const connector of this.definitions) {
      const method = connector.methods.find((m) => m.id === id);
      if (method) return { connector, method };
    }
    return undefined;
  }
}
