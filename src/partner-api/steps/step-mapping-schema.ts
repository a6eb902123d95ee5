import { Type } from 'typebox';
import type { CycleStep } from '../../domain/cycles/cycle.ts';
import type { MappingSlot } from '../../domain/cycles/step-mappings.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const StepIdParams = Type.Object({ id: Type.String() });
export const SlotParams = Type.Object({ id: Type.String(), slot: Type.String() });

const SlotDescription = Type.Object({
  Id: Type.String({ description: 'The parameter or field name; use it in the PUT path.' }),
  Name: Type.String(),
  Description: Type.String(),
  IsOptional: Type.Boolean(),
  DataType: Type.String(),
  Values: Type.Array(Type.String()),
});

const MappingFields = {
  MappingType: Type.String(),
  Value: Type.Unknown(),
  SourceStepId: Nullable(Type.String()),
  SourceFieldId: Nullable(Type.String()),
};

export const FieldMappingSchema = Type.Object({
  Id: Type.String(),
  Field: SlotDescription,
  ...MappingFields,
});
export const ParameterSchema = Type.Object({
  Id: Type.String(),
  Name: Type.String(),
  Parameter: SlotDescription,
  ...MappingFields,
});

/** The body of a mapping PUT: Cyclr's shape, or the template's (`Step`, `Field`). */
export const MappingBody = Type.Object(
  {
    MappingType: Type.String(),
    Value: Type.Optional(Type.Unknown()),
    SourceStepId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    SourceFieldId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    Step: Type.Optional(Type.String()),
    Field: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

function describe(slot: MappingSlot) {
  return {
    Id: slot.name,
    Name: slot.displayName,
    Description: slot.description,
    IsOptional: !slot.required,
    DataType: slot.dataType,
    Values: [...slot.values],
  };
}

function mappingOf(slot: MappingSlot, steps: readonly CycleStep[]) {
  const mapping = slot.mapping;
  const sourceStep =
    mapping?.MappingType === 'StepData' ? steps.find((s) => s.key === mapping.Step) : undefined;
  return {
    MappingType: mapping?.MappingType ?? 'Ignore',
    Value: mapping?.Value ?? null,
    SourceStepId: sourceStep?.id ?? null,
    SourceFieldId: mapping?.MappingType === 'StepData' ? (mapping.Field ?? null) : null,
  };
}

export const toFieldMapping = (slot: MappingSlot, steps: readonly CycleStep[]) => ({
  Id: slot.name,
  Field: describe(slot),
  ...mappingOf(slot, steps),
});

export const toParameter = (slot: MappingSlot, steps: readonly CycleStep[]) => ({
  Id: slot.name,
  Name: slot.displayName,
  Parameter: describe(slot),
  ...mappingOf(slot, steps),
});
