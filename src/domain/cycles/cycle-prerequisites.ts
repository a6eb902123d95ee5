import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { Stores } from '../stores.ts';
import type { Mapping } from '../templates/template-document.ts';
import type { Cycle, CycleStep } from './cycle.ts';
import { stepFields, stepParameters } from './step-mappings.ts';

/** Cyclr's prerequisite: why a cycle cannot be activated yet. */
export interface Prerequisite {
  readonly ReasonCode: 20 | 40 | 41;
  readonly Reason: string;
  readonly ObjectType: 'AccountConnector' | 'Step';
  readonly ObjectId: number | string;
  /** Plugboard addition: which connector, parameter or field. */
  readonly Description: string;
}

function isMissing(mapping: Mapping | undefined, cycle: Cycle): boolean {
  if (!mapping || mapping.MappingType === 'Ignore') return true;
  if (mapping.MappingType === 'Variable') {
    const variable = (cycle.document.Variables ?? []).find((v) => v.SystemName === mapping.Value);
    return (
      variable === undefined ||
      variable.Value === null ||
      variable.Value === undefined ||
      variable.Value === ''
    );
  }
  return false;
}

/**
 * Every unmet prerequisite of `cycle`: 20 for each bound account connector that is not authenticated,
 * 40 for each required parameter without a mapping (or mapped to an empty variable), 41 for each
 * required request field without one.
 */
export async function cyclePrerequisites(
  stores: Stores,
  catalog: ConnectorCatalog,
  cycle: Cycle,
  steps: readonly CycleStep[],
): Promise<Prerequisite[]> {
  const out: Prerequisite[] = [];
  for (const [key, accountConnectorId] of Object.entries(cycle.connectors)) {
    const connector = await stores.accountConnectors.find(cycle.accountId, accountConnectorId);
    if (connector?.authStatus !== 'Authenticated' && connector?.authStatus !== 'Refreshing') {
      out.push({
        ReasonCode: 20,
        Reason: 'Unauthenticated connector',
        ObjectType: 'AccountConnector',
        ObjectId: accountConnectorId,
        Description: `The connector '${key}' (account connector ${accountConnectorId}) is not authenticated.`,
      });
    }
  }
  const ids = new Map(steps.map((s) => [s.key, s.id]));
  for (const step of cycle.document.Steps) {
    const stepId = ids.get(step.Key) ?? step.Key;
    for (const parameter of stepParameters(cycle.document, step, catalog)) {
      if (parameter.required && isMissing(parameter.mapping, cycle))
        out.push({
          ReasonCode: 40,
          Reason: 'Missing parameter mapping',
          ObjectType: 'Step',
          ObjectId: stepId,
          Description: `Step '${step.Key}': parameter '${parameter.name}' needs a value.`,
        });
    }
    for (const field of stepFields(cycle.document, step, catalog)) {
      if (field.required && isMissing(field.mapping, cycle))
        out.push({
          ReasonCode: 41,
          Reason: 'Missing field mapping',
          ObjectType: 'Step',
          ObjectId: stepId,
          Description: `Step '${step.Key}': field '${field.name}' needs a value.`,
        });
    }
  }
  return out;
}
