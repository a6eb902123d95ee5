import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import { PlugboardError } from '../errors.ts';
import type { TemplateRelease } from '../templates/template.ts';
import type { TemplateDocument } from '../templates/template-document.ts';
import { resolveConnectors } from '../templates/template-validation.ts';
import type { Cycle } from './cycle.ts';

/**
 * The new release's document with the cycle's own values carried over: variable values by
 * SystemName, and the mappings the cycle changed from its old release (its own edits), by step key
 * and slot name where the new release still has them. A
 * release that needs a connector the cycle is not bound to is refused (reinstall instead).
 */
export function upgradedDocument(
  cycle: Cycle,
  previous: TemplateRelease | undefined,
  release: TemplateRelease,
  catalog: ConnectorCatalog,
): { document: TemplateDocument } {
  const needed = resolveConnectors(release.document, catalog);
  const missing = [...needed.keys()].filter((key) => cycle.connectors[key] === undefined);
  if (missing.length > 0)
    throw new PlugboardError(
      'invalid_request',
      `Release ${release.releaseNumber} needs connectors the cycle is not bound to: ${missing.join(', ')}. Install the template again instead.`,
    );
  const values = new Map((cycle.document.Variables ?? []).map((v) => [v.SystemName, v.Value]));
  const oldSteps = new Map(cycle.document.Steps.map((s) => [s.Key, s]));
  const originals = new Map((previous?.document.Steps ?? []).map((s) => [s.Key, s]));
  const document: TemplateDocument = {
    ...release.document,
    Variables: (release.document.Variables ?? []).map((v) =>
      values.has(v.SystemName) && values.get(v.SystemName) !== undefined
        ? { ...v, Value: values.get(v.SystemName) }
        : v,
    ),
    Steps: release.document.Steps.map((step) => {
      const old = oldSteps.get(step.Key);
      if (!old || old.Kind !== step.Kind || old.Method !== step.Method) return step;
      const keep = (
        mine: Record<string, unknown> | undefined,
        theirs: Record<string, unknown> | undefined,
      ) => {
        if (!mine) return theirs;
        const out = { ...(theirs ?? {}) };
        for (const [name, mapping] of Object.entries(mine)) if (theirs && name in theirs) out[name] = mapping;
        return out;
      };
      return {
        ...step,
        ...(step.Parameters ? { Parameters: keep(old.Parameters, step.Parameters) } : {}),
        ...(step.Fields ? { Fields: keep(old.Fields, step.Fields) } : {}),
      } as typeof step;
    }),
  };
  return { document };
}
