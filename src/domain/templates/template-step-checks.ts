/** The checks of one step, by its Kind. Every message starts with `Step '{Key}'`. */
import type { ConnectorDefinition, MethodDefinition } from '../../connectors/connector-definition.ts';
import {
  BINARY_CONDITIONS,
  CONDITIONS,
  type Condition,
  ERROR_ACTIONS,
  HTTP_STEP_METHODS,
  SPLIT_TYPES,
  type TemplateEdge,
  type TemplateStep,
} from './template-document.ts';

export interface StepCheckContext {
  readonly isTrigger: boolean;
  /** The document's connectors by Key, resolved in the catalog. */
  readonly connectors: ReadonlyMap<string, ConnectorDefinition>;
  /** The method of a Method step, when it resolved. */
  readonly method: MethodDefinition | undefined;
  readonly incoming: readonly TemplateEdge[];
  readonly outgoing: readonly TemplateEdge[];
  readonly checkMapping: (mapping: unknown, where: string) => string[];
}

/** Longest Delay: 30 days (a transaction waits no longer than step data is kept by default). */
export const MAX_DELAY_SECONDS = 30 * 24 * 3600;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function mappingsProblems(
  raw: unknown,
  where: string,
  allowed: ReadonlySet<string> | undefined,
  what: string,
  context: StepCheckContext,
): string[] {
  if (raw === undefined) return [];
  if (!isRecord(raw)) return [`${where} must be an object of mappings by name.`];
  const problems: string[] = [];
  for (const [name, mapping] of Object.entries(raw)) {
    if (allowed && !allowed.has(name)) problems.push(`${where}: the method has no ${what} '${name}'.`);
    else problems.push(...context.checkMapping(mapping, `${where}.${name}`));
  }
  return problems;
}

function edgeShapeProblems(step: TemplateStep, label: string, context: StepCheckContext): string[] {
  const problems: string[] = [];
  if (context.incoming.length > 1)
    problems.push(`${label} has ${context.incoming.length} edges into it; a step follows exactly one step.`);
  if (step.Kind === 'Decision') {
    for (const type of ['True', 'False'] as const) {
      if (context.outgoing.filter((e) => e.EdgeType === type).length > 1)
        problems.push(`${label} has more than one ${type} edge.`);
    }
    if (context.outgoing.some((e) => e.EdgeType !== 'True' && e.EdgeType !== 'False'))
      problems.push(`${label}: a Decision's edges are True or False.`);
  } else {
    if (context.outgoing.some((e) => e.EdgeType === 'True' || e.EdgeType === 'False'))
      problems.push(`${label}: only a Decision has True and False edges.`);
    if (context.outgoing.length > 1)
      problems.push(`${label} has more than one edge out; only a Decision branches.`);
  }
  return problems;
}

function kindProblems(step: TemplateStep, label: string, context: StepCheckContext): string[] {
  const problems: string[] = [];
  const need = (mapping: unknown, name: string) =>
    mapping === undefined
      ? problems.push(`${label}: ${name} is required for a ${step.Kind} step.`)
      : problems.push(...context.checkMapping(mapping, `${label}.${name}`));
  switch (step.Kind) {
    case 'Method': {
      const definition =
        typeof step.Connector === 'string' ? context.connectors.get(step.Connector) : undefined;
      if (!definition) {
        problems.push(`${label}: Connector must be the Key of one of the template's Connectors.`);
        break;
      }
      if (!context.method) {
        problems.push(
          `${label}: Method '${String(step.Method)}' is not a MethodUniqueIdentifier of ${definition.name} ${definition.version}.`,
        );
        break;
      }
      const method = context.method;
      if (context.isTrigger && (method.httpMethod !== 'GET' || !method.response.isList))
        problems.push(`${label}: a polling trigger must be a method that lists records (GET, a list).`);
      problems.push(
        ...mappingsProblems(
          step.Parameters,
          `${label}.Parameters`,
          new Set(method.parameters.map((p) => p.name)),
          'parameter',
          context,
        ),
        ...mappingsProblems(
          step.Fields,
          `${label}.Fields`,
          new Set(method.request?.fields.map((f) => f.name) ?? []),
          'field',
          context,
        ),
      );
      break;
    }
    case 'Webhook':
      if (!context.isTrigger) problems.push(`${label}: a Webhook step can only be the trigger.`);
      if (typeof step.Event !== 'string' || step.Event.trim() === '')
        problems.push(`${label}: Event is required (a provider event such as party/created, or Generic).`);
      else if (
        step.Event !== 'Generic' &&
        !(typeof step.Connector === 'string' && context.connectors.has(step.Connector))
      )
        problems.push(
          `${label}: a provider event needs Connector, the Key of one of the template's Connectors.`,
        );
      else if (step.Event !== 'Generic' && typeof step.Connector === 'string') {
        // The connector definition declares its webhook events as data.
        const definition = context.connectors.get(step.Connector);
        const events = definition?.webhooks?.events.map((e) => e.event) ?? [];
        if (!events.includes(step.Event))
          problems.push(
            events.length === 0
              ? `${label}: ${definition?.name ?? step.Connector} sends no webhook events.`
              : `${label}: ${definition?.name ?? step.Connector} has no webhook event '${step.Event}' (it has ${events.join(', ')}).`,
          );
      }
      break;
    case 'Http':
      if (
        step.HttpMethod !== undefined &&
        !(HTTP_STEP_METHODS as readonly string[]).includes(step.HttpMethod)
      )
        problems.push(`${label}: HttpMethod must be one of ${HTTP_STEP_METHODS.join(', ')}.`);
      need(step.Url, 'Url');
      problems.push(...mappingsProblems(step.Fields, `${label}.Fields`, undefined, 'field', context));
      break;
    case 'Decision':
      need(step.Left, 'Left');
      if (!(CONDITIONS as readonly string[]).includes(step.Condition as string))
        problems.push(`${label}: Condition must be one of ${CONDITIONS.join(', ')}.`);
      else if (BINARY_CONDITIONS.has(step.Condition as Condition)) need(step.Right, 'Right');
      break;
    case 'Delay':
      if (
        !Number.isInteger(step.Seconds) ||
        (step.Seconds as number) < 1 ||
        (step.Seconds as number) > MAX_DELAY_SECONDS
      )
        problems.push(`${label}: Seconds must be a whole number from 1 to ${MAX_DELAY_SECONDS}.`);
      break;
    case 'WaitUntil':
      need(step.Until, 'Until');
      break;
    case 'Map':
      if (!isRecord(step.Fields) || Object.keys(step.Fields).length === 0)
        problems.push(`${label}: Fields must map at least one field.`);
      else problems.push(...mappingsProblems(step.Fields, `${label}.Fields`, undefined, 'field', context));
      break;
  }
  if (context.isTrigger && step.Kind !== 'Method' && step.Kind !== 'Webhook')
    problems.push(`${label}: the trigger must be a Method (polled on a schedule) or a Webhook step.`);
  return problems;
}

/** Every problem of `step`, with its edges. */
export function stepProblems(step: TemplateStep, context: StepCheckContext): string[] {
  const label = `Step '${step.Key}'`;
  const problems = [...edgeShapeProblems(step, label, context), ...kindProblems(step, label, context)];
  if (step.Name !== undefined && typeof step.Name !== 'string') problems.push(`${label}: Name must be text.`);
  if (
    step.CollectionSplitType !== undefined &&
    !(SPLIT_TYPES as readonly string[]).includes(step.CollectionSplitType)
  )
    problems.push(`${label}: CollectionSplitType must be one of ${SPLIT_TYPES.join(', ')}.`);
  if (
    step.StepErrorAction !== undefined &&
    !(ERROR_ACTIONS as readonly string[]).includes(step.StepErrorAction)
  )
    problems.push(`${label}: StepErrorAction must be one of ${ERROR_ACTIONS.join(', ')}.`);
  return problems;
}
