/**
 * Edits of an installed cycle that Cyclr's step endpoints make: parameter and field mappings, and
 * variable values. Each edit is validated like the same mapping in an import, and refused with 409
 * while the cycle runs.
 */
import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { Clock } from '../clock.ts';
import { notFound, PlugboardError } from '../errors.ts';
import type { Stores } from '../stores.ts';
import { mappingProblems } from '../templates/mapping-checks.ts';
import type { Mapping, TemplateStep } from '../templates/template-document.ts';
import { stepGraph } from '../templates/template-graph.ts';
import { mappingScope, stepMethods } from '../templates/template-validation.ts';
import type { Cycle, CycleStep } from './cycle.ts';
import type { CycleService } from './cycle-service.ts';
import { type MappingSlot, stepFields, stepParameters, withMapping } from './step-mappings.ts';

/**
 * A new mapping for one parameter or field: step data from an earlier step, named by the step's id
 * (`sourceStepId`) or its template key (`stepKey`), or any other mapping type with its value. It is
 * checked like the same mapping in an import.
 */
export type MappingChange =
  | {
      readonly kind: 'step-data';
      readonly sourceStepId: string | null;
      readonly stepKey: string | null;
      readonly field: string | null;
    }
  | { readonly kind: 'other'; readonly mappingType: string; readonly value?: unknown };

/** A new value for one of a cycle's variables, named by its `SystemName` (any case). */
export interface VariableValue {
  readonly systemName: string;
  readonly value: unknown;
}

export interface StepSlots {
  readonly cycle: Cycle;
  readonly step: CycleStep;
  readonly steps: readonly CycleStep[];
  readonly definition: TemplateStep;
  readonly slots: readonly MappingSlot[];
}

export class CycleEditService {
  constructor(
    private readonly stores: Stores,
    private readonly catalog: ConnectorCatalog,
    private readonly cycles: CycleService,
    private readonly clock: Clock,
  ) {}

  async slots(accountId: string, stepId: string, kind: 'parameter' | 'field'): Promise<StepSlots> {
    const { cycle, step, steps } = await this.cycles.step(accountId, stepId);
    const definition = cycle.document.Steps.find((s) => s.Key === step.key);
    if (!definition) throw notFound(`Step ${stepId} was not found.`);
    const slots =
      kind === 'parameter'
        ? stepParameters(cycle.document, definition, this.catalog)
        : stepFields(cycle.document, definition, this.catalog);
    return { cycle, step, steps, definition, slots };
  }

  /** Sets the mapping of one parameter or field of a step. */
  async setMapping(
    accountId: string,
    stepId: string,
    kind: 'parameter' | 'field',
    name: string,
    change: MappingChange,
  ): Promise<StepSlots> {
    const found = await this.slots(accountId, stepId, kind);
    this.cycles.requireEditable(found.cycle);
    const slot = found.slots.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (!slot) throw notFound(`Step ${stepId} has no ${kind} '${name}'.`);
    const mapping = toMapping(change, found.steps);
    const document = found.cycle.document;
    const scope = mappingScope(
      document,
      stepGraph(document),
      stepMethods(document, this.catalog),
      found.step.key,
    );
    const problems = mappingProblems(mapping, slot.name, scope);
    if (problems.length > 0) throw new PlugboardError('invalid_request', problems.join(' '));
    await this.stores.cycles.update(found.cycle.id, {
      document: withMapping(document, found.step.key, slot, mapping),
      updatedAt: this.clock(),
    });
    return this.slots(accountId, stepId, kind);
  }

  /** Sets variable values in bulk, all or nothing: an unknown name refuses the whole list. */
  async setVariables(accountId: string, cycleId: string, changes: readonly VariableValue[]): Promise<Cycle> {
    const cycle = await this.cycles.get(accountId, cycleId);
    this.cycles.requireEditable(cycle);
    const declared = new Map((cycle.document.Variables ?? []).map((v) => [v.SystemName.toLowerCase(), v]));
    const values = new Map<string, unknown>();
    const problems: string[] = [];
    changes.forEach((change, i) => {
      const variable = declared.get(change.systemName.toLowerCase());
      if (!variable) problems.push(`[${i}]: the cycle has no variable '${change.systemName}'.`);
      else values.set(variable.SystemName, change.value ?? null);
    });
    if (problems.length > 0) throw new PlugboardError('invalid_request', problems.join(' '));
    await this.stores.cycles.update(cycle.id, {
      document: {
        ...cycle.document,
        Variables: (cycle.document.Variables ?? []).map((v) =>
          values.has(v.SystemName) ? { ...v, Value: values.get(v.SystemName) } : v,
        ),
      },
      updatedAt: this.clock(),
    });
    return this.cycles.get(accountId, cycleId);
  }
}

function toMapping(change: MappingChange, steps: readonly CycleStep[]): Mapping {
  if (change.kind === 'step-data') {
    const byId = change.sourceStepId === null ? undefined : steps.find((s) => s.id === change.sourceStepId);
    // Left unresolved on purpose: the mapping checks name a missing step or field in their own words.
    const step = byId?.key ?? change.stepKey ?? change.sourceStepId;
    return { MappingType: 'StepData', Step: step as string, Field: change.field as string };
  }
  return {
    MappingType: change.mappingType as Mapping['MappingType'],
    ...(change.value === undefined ? {} : { Value: change.value }),
  };
}
