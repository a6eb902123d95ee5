import { isDeepStrictEqual } from 'node:util';
import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import { PlugboardError } from '../errors.ts';
import type { TemplateRelease } from '../templates/template.ts';
import type { Mapping, StepKind, TemplateDocument, TemplateStep } from '../templates/template-document.ts';
import { resolveConnectors } from '../templates/template-validation.ts';
import type { Cycle } from './cycle.ts';

/** The places a step keeps single mappings (Cyclr's step parameters of Http, Decision, WaitUntil). */
const SINGLE_PLACES = ['Url', 'Left', 'Right', 'Until'] as const;
/** Which kinds have each single place. */
const SINGLE_PLACE_KINDS: Record<(typeof SINGLE_PLACES)[number], StepKind> = {
  Url: 'Http',
  Left: 'Decision',
  Right: 'Decision',
  Until: 'WaitUntil',
};

const same = (a: unknown, b: unknown) => isDeepStrictEqual(a ?? null, b ?? null);

/**
 * The step of the new release with the cycle's own edits of the same step carried over: every
 * parameter, field mapping and single slot (`Url`, `Left`, `Right`, `Until`) whose mapping the cycle
 * changed from its old release, where the new step still has that slot. A Method step's slots are
 * its method's (unchanged: same method), so an edit of a slot the template left unmapped carries
 * too; an Http or Map step's fields are the ones its release names.
 */
function carryEdits(
  step: TemplateStep,
  mine: TemplateStep,
  original: TemplateStep | undefined,
): TemplateStep {
  const out: Record<string, unknown> = { ...step };
  for (const place of ['Parameters', 'Fields'] as const) {
    const edited = mine[place] ?? {};
    const before = original?.[place] ?? {};
    const theirs = step[place] ?? {};
    const carried: Record<string, Mapping> = { ...theirs };
    let changed = false;
    for (const name of new Set([...Object.keys(edited), ...Object.keys(before)])) {
      if (same(edited[name], before[name])) continue;
      if (step.Kind !== 'Method' && !(name in theirs)) continue;
      const mapping = edited[name];
      if (mapping === undefined) delete carried[name];
      else carried[name] = mapping;
      changed = true;
    }
    if (changed) out[place] = carried;
  }
  for (const place of SINGLE_PLACES) {
    if (step.Kind !== SINGLE_PLACE_KINDS[place] || same(mine[place], original?.[place])) continue;
    if (mine[place] === undefined) delete out[place];
    else out[place] = mine[place];
  }
  return out as unknown as TemplateStep;
}

/**
 * The new release's document with the cycle's own values carried over: variable values by
 * SystemName; the mappings the cycle changed from its old release (its own edits of parameters,
 * field mappings, `Url`, `Left`, `Right` and `Until`), by step key and slot, where the new release
 * still has that step (same key, kind and method) and slot; and its own `LogStepDataRequests`. A
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
  const logging = cycle.document.Settings?.LogStepDataRequests;
  const loggingEdited = !same(logging, previous?.document.Settings?.LogStepDataRequests);
  const document: TemplateDocument = {
    ...release.document,
    ...(loggingEdited && logging !== undefined
      ? { Settings: { ...(release.document.Settings ?? {}), LogStepDataRequests: logging } }
      : {}),
    Variables: (release.document.Variables ?? []).map((v) =>
      values.has(v.SystemName) && values.get(v.SystemName) !== undefined
        ? { ...v, Value: values.get(v.SystemName) }
        : v,
    ),
    Steps: release.document.Steps.map((step) => {
      const old = oldSteps.get(step.Key);
      if (!old || old.Kind !== step.Kind || old.Method !== step.Method) return step;
      return carryEdits(step, old, originals.get(step.Key));
    }),
  };
  return { document };
}
