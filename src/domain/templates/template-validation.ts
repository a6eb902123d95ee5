/**
 * Validates a template document as a whole, against the connector catalog, and lists every problem
 * by where it is (a step's key, an edge, a setting) so a partner fixes them in one go. Nothing is
 * stored unless the whole document passes.
 */
import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { ConnectorDefinition, MethodDefinition } from '../../connectors/connector-definition.ts';
import { type MappingScope, mappingProblems } from './mapping-checks.ts';
import {
  EDGE_TYPES,
  ERROR_ACTIONS,
  INTERVALS,
  SPLIT_TYPES,
  STEP_KINDS,
  type TemplateDocument,
} from './template-document.ts';
import { ancestorsOf, type StepGraph, stepGraph, stepOnLoop } from './template-graph.ts';
import { stepProblems } from './template-step-checks.ts';

export type TemplateValidation =
  | { readonly ok: true; readonly document: TemplateDocument }
  | { readonly ok: false; readonly problems: readonly string[] };

const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_STEPS = 200;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const oneOf = (values: readonly unknown[], value: unknown) => values.includes(value);

/** The connectors a document names, resolved against the catalog by their Key. */
export function resolveConnectors(
  document: Pick<TemplateDocument, 'Connectors'>,
  catalog: ConnectorCatalog,
): Map<string, ConnectorDefinition> {
  const out = new Map<string, ConnectorDefinition>();
  for (const c of document.Connectors) {
    const found = catalog.byName(c.Name, c.Version)[0];
    if (found) out.set(c.Key, found);
  }
  return out;
}

function topLevelProblems(raw: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof raw.Name !== 'string' || raw.Name.trim() === '' || raw.Name.length > 200)
    problems.push('Name is required: text of at most 200 characters.');
  if (raw.Description !== undefined && raw.Description !== null && typeof raw.Description !== 'string')
    problems.push('Description must be text.');
  if (raw.Tags !== undefined && !(Array.isArray(raw.Tags) && raw.Tags.every((t) => typeof t === 'string')))
    problems.push('Tags must be a list of text.');
  const settings = raw.Settings;
  if (settings !== undefined) {
    if (!isRecord(settings)) problems.push('Settings must be an object.');
    else {
      if (settings.Interval !== undefined && !oneOf(INTERVALS, settings.Interval))
        problems.push(`Settings.Interval must be one of ${INTERVALS.join(', ')} (minutes).`);
      if (settings.CollectionSplitType !== undefined && !oneOf(SPLIT_TYPES, settings.CollectionSplitType))
        problems.push(`Settings.CollectionSplitType must be one of ${SPLIT_TYPES.join(', ')}.`);
      if (settings.StepErrorAction !== undefined && !oneOf(ERROR_ACTIONS, settings.StepErrorAction))
        problems.push(`Settings.StepErrorAction must be one of ${ERROR_ACTIONS.join(', ')}.`);
      const attempts = settings.RetryAttempts;
      if (
        attempts !== undefined &&
        !(Number.isInteger(attempts) && (attempts as number) >= 1 && (attempts as number) <= 5)
      )
        problems.push('Settings.RetryAttempts must be a whole number from 1 to 5.');
      if (settings.Backfill !== undefined && typeof settings.Backfill !== 'boolean')
        problems.push('Settings.Backfill must be true or false.');
      if (settings.LogStepDataRequests !== undefined && typeof settings.LogStepDataRequests !== 'boolean')
        problems.push('Settings.LogStepDataRequests must be true or false.');
    }
  }
  return problems;
}

function connectorProblems(raw: unknown, catalog: ConnectorCatalog): string[] {
  if (!Array.isArray(raw)) return ['Connectors must be a list of {Key, Name, Version}.'];
  const problems: string[] = [];
  const keys = new Set<string>();
  raw.forEach((c, i) => {
    if (
      !isRecord(c) ||
      typeof c.Key !== 'string' ||
      typeof c.Name !== 'string' ||
      typeof c.Version !== 'string'
    ) {
      problems.push(`Connectors[${i}] must be {Key, Name, Version} (text).`);
      return;
    }
    if (keys.has(c.Key)) problems.push(`Connector '${c.Key}' is listed twice.`);
    keys.add(c.Key);
    if (catalog.byName(c.Name, c.Version).length === 0)
      problems.push(`Connector '${c.Key}': there is no connector ${c.Name} ${c.Version}.`);
  });
  return problems;
}

function variableProblems(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return ['Variables must be a list of {SystemName, DisplayName, Value}.'];
  const problems: string[] = [];
  const names = new Set<string>();
  raw.forEach((v, i) => {
    if (!isRecord(v) || typeof v.SystemName !== 'string' || !KEY.test(v.SystemName)) {
      problems.push(`Variables[${i}].SystemName must be letters, digits or _ (not starting with a digit).`);
      return;
    }
    if (names.has(v.SystemName)) problems.push(`Variable '${v.SystemName}' is declared twice.`);
    names.add(v.SystemName);
    if (v.IsLaunchVisible !== undefined && typeof v.IsLaunchVisible !== 'boolean')
      problems.push(`Variable '${v.SystemName}': IsLaunchVisible must be true or false.`);
  });
  return problems;
}

function edgeProblems(raw: unknown, stepKeys: ReadonlySet<string>): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return ['Edges must be a list of {From, To, EdgeType}.'];
  const problems: string[] = [];
  raw.forEach((e, i) => {
    if (!isRecord(e) || typeof e.From !== 'string' || typeof e.To !== 'string') {
      problems.push(`Edges[${i}] must be {From, To} (step keys).`);
      return;
    }
    const label = `Edge ${e.From} → ${e.To}`;
    if (!stepKeys.has(e.From)) problems.push(`${label}: there is no step '${e.From}'.`);
    if (!stepKeys.has(e.To)) problems.push(`${label}: there is no step '${e.To}'.`);
    if (e.From === e.To) problems.push(`${label} points at its own step.`);
    if (e.EdgeType !== undefined && !oneOf(EDGE_TYPES, e.EdgeType))
      problems.push(`${label}: EdgeType must be one of ${EDGE_TYPES.join(', ')}.`);
  });
  return problems;
}

/** Checks `raw` as a template document; on success returns it typed. */
export function validateTemplate(raw: unknown, catalog: ConnectorCatalog): TemplateValidation {
  if (!isRecord(raw)) return { ok: false, problems: ['The template must be a JSON object.'] };
  const problems = [
    ...topLevelProblems(raw),
    ...connectorProblems(raw.Connectors, catalog),
    ...variableProblems(raw.Variables),
  ];
  if (!Array.isArray(raw.Steps) || raw.Steps.length === 0) {
    problems.push('Steps must be a non-empty list.');
    return { ok: false, problems };
  }
  if (raw.Steps.length > MAX_STEPS) problems.push(`A template has at most ${MAX_STEPS} steps.`);
  const keys = new Set<string>();
  let shapeOk = true;
  raw.Steps.forEach((s, i) => {
    if (!isRecord(s) || typeof s.Key !== 'string' || !KEY.test(s.Key)) {
      problems.push(`Steps[${i}].Key must be letters, digits or _ (not starting with a digit).`);
      shapeOk = false;
    } else if (keys.has(s.Key)) {
      problems.push(`Step '${s.Key}': the key is used twice.`);
      shapeOk = false;
    } else keys.add(s.Key);
    if (isRecord(s) && !oneOf(STEP_KINDS, s.Kind)) {
      problems.push(`Step '${String(s.Key)}': Kind must be one of ${STEP_KINDS.join(', ')}.`);
      shapeOk = false;
    }
  });
  const edgeIssues = edgeProblems(raw.Edges, keys);
  problems.push(...edgeIssues);
  if (!shapeOk || edgeIssues.length > 0 || problems.some((p) => p.startsWith('Connector'))) {
    return { ok: false, problems };
  }
  const document = raw as unknown as TemplateDocument;
  problems.push(...graphAndStepProblems(document, catalog));
  return problems.length === 0 ? { ok: true, document } : { ok: false, problems };
}

/** The methods behind a document's Method steps, by step key. */
export function stepMethods(
  document: TemplateDocument,
  catalog: ConnectorCatalog,
): Map<string, MethodDefinition> {
  const connectors = resolveConnectors(document, catalog);
  const methods = new Map<string, MethodDefinition>();
  for (const step of document.Steps) {
    if (step.Kind !== 'Method' || typeof step.Connector !== 'string' || typeof step.Method !== 'string')
      continue;
    const definition = connectors.get(step.Connector);
    const method = definition && catalog.method(definition, step.Method);
    if (method) methods.set(step.Key, method);
  }
  return methods;
}

/** What a mapping of step `key` may refer to. */
export function mappingScope(
  document: TemplateDocument,
  graph: StepGraph,
  methods: ReadonlyMap<string, MethodDefinition>,
  key: string,
): MappingScope {
  const split = document.Settings?.CollectionSplitType ?? 'All';
  return {
    variables: new Set((document.Variables ?? []).map((v) => v.SystemName)),
    allSteps: new Set(document.Steps.map((s) => s.Key)),
    upstream: new Set(ancestorsOf(graph, key)),
    methodOf: (stepKey) => methods.get(stepKey),
    isSplit: (stepKey) =>
      (document.Steps.find((s) => s.Key === stepKey)?.CollectionSplitType ?? split) !== 'None',
  };
}

function graphAndStepProblems(document: TemplateDocument, catalog: ConnectorCatalog): string[] {
  const problems: string[] = [];
  const graph = stepGraph(document);
  const loop = stepOnLoop(graph);
  if (loop !== undefined) return [`Step '${loop}' is on a loop of edges; a template's steps must not loop.`];
  const roots = document.Steps.filter((s) => (graph.incoming.get(s.Key) ?? []).length === 0);
  if (roots.length !== 1)
    problems.push(
      `A template has exactly one trigger (a step no edge points at); found ${roots.length}: ${roots.map((s) => s.Key).join(', ')}.`,
    );
  const connectors = resolveConnectors(document, catalog);
  const methods = stepMethods(document, catalog);
  for (const step of document.Steps) {
    const scope = mappingScope(document, graph, methods, step.Key);
    problems.push(
      ...stepProblems(step, {
        isTrigger: roots[0]?.Key === step.Key,
        connectors,
        method: methods.get(step.Key),
        incoming: graph.incoming.get(step.Key) ?? [],
        outgoing: graph.outgoing.get(step.Key) ?? [],
        checkMapping: (mapping, where) => mappingProblems(mapping, where, scope),
      }),
    );
  }
  return problems;
}
