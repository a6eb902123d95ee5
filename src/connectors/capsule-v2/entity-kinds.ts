/**
 * The three kinds of record that carry tags and custom fields, with the words their methods use.
 * Capsule's URLs say `kases` where its UI says projects.
 */
export interface EntityKind {
  /** The URL segment: `parties`, `opportunities`, `kases`. */
  readonly path: string;
  /** Singular label in method names: `Party`, `Opportunity`, `Project`. */
  readonly label: string;
  /** Plural words in descriptions: `people and organisations`. */
  readonly described: string;
}

export const PARTIES: EntityKind = { path: 'parties', label: 'Party', described: 'people and organisations' };
export const OPPORTUNITIES: EntityKind = {
  path: 'opportunities',
  label: 'Opportunity',
  described: 'opportunities',
};
export const PROJECTS: EntityKind = { path: 'kases', label: 'Project', described: 'projects' };

/** The permanent identity of one generated method: never change or reuse either value. */
export interface MethodIdentity {
  readonly id: number;
  readonly uniqueIdentifier: string;
}
