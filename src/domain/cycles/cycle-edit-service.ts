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

/** A mapping as Cyclr's PUT sends it (step data by `SourceStepId`/`SourceFieldId`), or in the template's words. */
export interface MappingInput {
  readonly MappingType?: unknown;
  readonly Value?: unknown;
  readonly SourceStepId?: unknown;
  readonly SourceFieldId?: unknown;
  readonly Step?: unknown;
  readonly Field?: unknown;
}

/** Names Cyclr clients use for step data (its own type string is not documented). */
const STEP_DATA_ALIASES = new Set(['StepData', 'PreviousStep', 'SourceStep', 'Step']);

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
    input: MappingInput,
  ): Promise<StepSlots> {
    const found = await this.slots(accountId, stepId, kind);
    this.cycles.requireEditable(found.cycle);
    const slot = found.slots.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (!slot) throw notFound(`Step ${stepId} has no ${kind} '${name}'.`);
    const mapping = toMapping(input, found.steps);
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

  /** Cyclr's bulk `PATCH /cycles/{id}/variables`: `[{SystemName, Value}]`, all or nothing. */
  async setVariables(accountId: string, cycleId: string, body: unknown): Promise<Cycle> {
    const cycle = await this.cycles.get(accountId, cycleId);
    this.cycles.requireEditable(cycle);
    if (!Array.isArray(body))
      throw new PlugboardError('invalid_request', 'Send a list of {SystemName, Value}.');
    const declared = new Map((cycle.document.Variables ?? []).map((v) => [v.SystemName.toLowerCase(), v]));
    const values = new Map<string, unknown>();
    const problems: string[] = [];
    body.forEach((entry, i) => {
      const name = (entry as { SystemName?: unknown })?.SystemName;
      const variable = typeof name === 'string' ? declared.get(name.toLowerCase()) : undefined;
      if (!variable) problems.push(`[${i}]: the cycle has no variable '${String(name)}'.`);
      else values.set(variable.SystemName, (entry as { Value?: unknown }).Value ?? null);
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

function toMapping(input: MappingInput, steps: readonly CycleStep[]): Mapping {
  const type = typeof input.MappingType === 'string' ? input.MappingType : 'Ignore';
  if (STEP_DATA_ALIASES.has(type)) {
    const byId =
      typeof input.SourceStepId === 'string' ? steps.find((s) => s.id === input.SourceStepId) : undefined;
    const step = byId?.key ?? (typeof input.Step === 'string' ? input.Step : input.SourceStepId);
    const field = input.Field ?? input.SourceFieldId;
    return { MappingType: 'StepData', Step: step as string, Field: field as string };
  }
  return {
    MappingType: type as Mapping['MappingType'],
    ...(input.Value === undefined ? {} : { Value: input.Value }),
  };
}
