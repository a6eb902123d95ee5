import type { MethodDefinition } from '../../connectors/connector-definition.ts';
import { expressionProblem } from '../mapping/expression-syntax.ts';
import { parseFieldPath } from '../mapping/field-path.ts';
import { unknownMergeFields } from '../mapping/merge-fields.ts';
import { MAPPING_TYPES, type MappingType } from './template-document.ts';

/** What a mapping may refer to, from where it stands in the graph. */
export interface MappingScope {
  readonly variables: ReadonlySet<string>;
  /** Steps that run before this one (its ancestors). */
  readonly upstream: ReadonlySet<string>;
  /** Every step's key (to tell "unknown" from "not upstream"). */
  readonly allSteps: ReadonlySet<string>;
  /** The method behind a Method step, for field-path checks. */
  readonly methodOf: (stepKey: string) => MethodDefinition | undefined;
  /** Whether the step's output is one record (split) or the whole response. */
  readonly isSplit: (stepKey: string) => boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks one mapping; returns its problems, each starting with `where`. */
export function mappingProblems(raw: unknown, where: string, scope: MappingScope): string[] {
  if (!isRecord(raw)) return [`${where} must be an object with a MappingType.`];
  const type = raw.MappingType;
  if (typeof type !== 'string' || !(MAPPING_TYPES as readonly string[]).includes(type)) {
    return [`${where}.MappingType must be one of ${MAPPING_TYPES.join(', ')}.`];
  }
  const value = raw.Value;
  switch (type as MappingType) {
    case 'Ignore':
      return [];
    case 'StaticValue':
    case 'ValueList':
      return value === undefined ? [`${where}.Value is required for ${type}.`] : [];
    case 'Variable':
      if (typeof value !== 'string') return [`${where}.Value must name a variable.`];
      return scope.variables.has(value)
        ? []
        : [`${where} uses the variable '${value}', which is not declared.`];
    case 'MergeField': {
      if (typeof value !== 'string') return [`${where}.Value must be text with merge fields.`];
      const unknown = unknownMergeFields(value);
      return unknown.length === 0 ? [] : [`${where} uses unknown merge fields: ${unknown.join(', ')}.`];
    }
    case 'Expression': {
      if (typeof value !== 'string') return [`${where}.Value must be a JSONata expression.`];
      const problem = expressionProblem(value);
      return problem ? [`${where}: ${problem}.`] : [];
    }
    case 'StepData':
      return stepDataProblems(raw, where, scope);
  }
}

function stepDataProblems(raw: Record<string, unknown>, where: string, scope: MappingScope): string[] {
  const { Step: step, Field: field } = raw;
  if (typeof step !== 'string') return [`${where}.Step must name a step.`];
  if (!scope.allSteps.has(step)) return [`${where} reads the step '${step}', which does not exist.`];
  if (!scope.upstream.has(step)) return [`${where} reads the step '${step}', which does not run before it.`];
  if (typeof field !== 'string')
    return [`${where}.Field must be a path such as id or emailAddresses[0].address.`];
  const path = parseFieldPath(field);
  if (!path) return [`${where}.Field '${field}' is not a valid path.`];
  const method = scope.methodOf(step);
  if (!method || method.response.fields.length === 0) return [];
  const first = path[0];
  if (!scope.isSplit(step) && method.response.isList) {
    return first === method.response.wrapKey
      ? []
      : [
          `${where}.Field '${field}': the response of '${step}' is a list under '${method.response.wrapKey}'.`,
        ];
  }
  const names = new Set(method.response.fields.map((f) => f.name));
  return typeof first === 'string' && names.has(first)
    ? []
    : [`${where}.Field '${field}': the response of '${method.name}' has no field '${String(first)}'.`];
}
