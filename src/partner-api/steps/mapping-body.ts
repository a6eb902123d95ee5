import type { Static } from 'typebox';
import type { MappingChange } from '../../domain/cycles/cycle-edit-service.ts';
import type { MappingBody } from './step-mapping-schema.ts';

/** Names Cyclr clients use for step data (its own type string is not documented). */
const STEP_DATA_ALIASES = new Set(['StepData', 'PreviousStep', 'SourceStep', 'Step']);

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Reads a mapping PUT: Cyclr's shape (step data by `SourceStepId`/`SourceFieldId`) or the template's
 * (`Step`, `Field`). A type that is not text counts as `Ignore`.
 */
export function readMappingChange(body: Static<typeof MappingBody>): MappingChange {
  const type = typeof body.MappingType === 'string' ? body.MappingType : 'Ignore';
  if (STEP_DATA_ALIASES.has(type)) {
    return {
      kind: 'step-data',
      sourceStepId: text(body.SourceStepId),
      stepKey: text(body.Step),
      field: text(body.Field) ?? text(body.SourceFieldId),
    };
  }
  return { kind: 'other', mappingType: type, ...(body.Value === undefined ? {} : { value: body.Value }) };
}
