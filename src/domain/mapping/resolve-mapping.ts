/**
 * Turns a mapping into a value for one transaction: Cyclr's mapping types read the variables, the
 * earlier steps' outputs and the merge fields; `Expression` runs JSONata in the sandbox over
 * `{ <stepKey>: output, variables, account }`.
 */
import type { Mapping } from '../templates/template-document.ts';
import { parseFieldPath, readFieldPath } from './field-path.ts';
import { fillMergeFields, isOnly, type MergeFieldName } from './merge-fields.ts';

/** Runs a JSONata expression under the sandbox's limits. */
export interface ExpressionEvaluator {
  evaluate(expression: string, input: unknown): Promise<unknown>;
}

export interface MappingContext {
  /** Outputs of the steps that ran before, by step key. */
  readonly steps: Readonly<Record<string, unknown>>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly mergeFields: Readonly<Partial<Record<MergeFieldName, string | null>>>;
  readonly account: Readonly<Record<string, unknown>>;
  readonly expressions: ExpressionEvaluator;
}

/** The mapped value; `undefined` for Ignore (the slot is left out). */
export async function resolveMapping(
  mapping: Mapping | undefined,
  context: MappingContext,
): Promise<unknown> {
  if (!mapping) return undefined;
  switch (mapping.MappingType) {
    case 'Ignore':
      return undefined;
    case 'StaticValue':
    case 'ValueList':
      return mapping.Value;
    case 'Variable':
      return context.variables[String(mapping.Value)] ?? undefined;
    case 'StepData': {
      const path = parseFieldPath(String(mapping.Field ?? ''));
      return path ? readFieldPath(context.steps[String(mapping.Step)], path) : undefined;
    }
    case 'MergeField': {
      const text = String(mapping.Value ?? '');
      // A lone {{LastSuccessfulRunDate}} before the first poll means "no lower bound": leave it out.
      if (isOnly(text, 'LastSuccessfulRunDate'))
        return context.mergeFields.LastSuccessfulRunDate ?? undefined;
      return fillMergeFields(text, context.mergeFields);
    }
    case 'Expression':
      return context.expressions.evaluate(String(mapping.Value), {
        ...context.steps,
        variables: context.variables,
        account: context.account,
      });
  }
}

/** Resolves each mapping of a record, leaving out the ignored ones. */
export async function resolveMappings(
  mappings: Readonly<Record<string, Mapping>> | undefined,
  context: MappingContext,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, mapping] of Object.entries(mappings ?? {})) {
    const value = await resolveMapping(mapping, context);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
