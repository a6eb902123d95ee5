import type {
  FieldDefinitionRecord,
  FieldValueItem,
  PartyRecord,
  TaggableCollection,
} from '../model/records.ts';
import type { SandboxState } from '../sandbox-state.ts';
import { isIsoDate } from '../time-format.ts';
import type { ValidationProblems } from './api-errors.ts';
import { applyNestedCollection, type NestedItemRules } from './nested-collections.ts';
import { isObject } from './request-body.ts';

const INVALID_VALUE = 'field.value: invalid type for field';

/**
 * Applies a `fields` array (`[{"definition":{"id":47},"value":"Insurance"}]`) with the nested
 * collection rules. A value for a definition the record already has updates that value; `null`
 * clears it, except for booleans, which Capsule rejects.
 */
export function applyFieldValues(
  current: readonly FieldValueItem[],
  incoming: unknown,
  entity: TaggableCollection,
  state: SandboxState,
  problems: ValidationProblems,
  partyType?: PartyRecord['type'],
): FieldValueItem[] {
  const rules: NestedItemRules<FieldValueItem> = {
    create: (input, id) => {
      const definition = definitionOf(input.definition, entity, state, problems, partyType);
      if (definition === undefined) {
        return undefined;
      }
      const value = fieldValue(definition, input.value, problems);
      return value === undefined ? undefined : { id, definitionId: definition.id, value };
    },
    update: (item, input) => {
      const definition = state.fieldDefinitions.get(item.definitionId);
      const value = definition === undefined ? undefined : fieldValue(definition, input.value, problems);
      return value === undefined ? item : { ...item, value };
    },
  };
  const applied = applyNestedCollection(current, incoming, 'fields', rules, problems, () =>
    state.nextId('nested'),
  );
  return keepLatestPerDefinition(applied).filter((item) => item.value !== null);
}

function definitionOf(
  reference: unknown,
  entity: TaggableCollection,
  state: SandboxState,
  problems: ValidationProblems,
  partyType: PartyRecord['type'] | undefined,
): FieldDefinitionRecord | undefined {
  const id = isObject(reference) ? reference.id : undefined;
  const definition = typeof id === 'number' ? state.fieldDefinitions.get(id) : undefined;
  if (definition === undefined || definition.entity !== entity) {
    problems.add('fields.definition', 'definition not found');
    return undefined;
  }
  const rule = definition.captureRule;
  if (partyType !== undefined && (rule === 'person' || rule === 'organisation') && rule !== partyType) {
    problems.add('fields.definition', `definition only applies to ${rule} parties`);
    return undefined;
  }
  return definition;
}

/** The stored form of a value, or undefined (reported) when it does not fit the field's type. */
function fieldValue(
  definition: FieldDefinitionRecord,
  value: unknown,
  problems: ValidationProblems,
): string | boolean | null | undefined {
  const invalid = (): undefined => {
    problems.add('fields.value', INVALID_VALUE);
    return undefined;
  };
  if (value === null) {
    return definition.type === 'boolean' ? invalid() : null;
  }
  switch (definition.type) {
    case 'boolean':
      return typeof value === 'boolean' ? value : invalid();
    case 'number': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof number === 'number' && Number.isFinite(number) ? String(number) : invalid();
    }
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? value : invalid();
    case 'list':
      return typeof value === 'string' && (definition.options ?? []).includes(value) ? value : invalid();
    case 'multilist': {
      const values = Array.isArray(value) ? value : [value];
      const ok = values.every(
        (entry) => typeof entry === 'string' && (definition.options ?? []).includes(entry),
      );
      return ok ? values.join(', ') : invalid();
    }
    default:
      return typeof value === 'string' ? value : invalid();
  }
}

/** One value per definition: a later item for the same definition replaces the earlier one. */
function keepLatestPerDefinition(items: readonly FieldValueItem[]): FieldValueItem[] {
  const latest = new Map<number, FieldValueItem>();
  for (const item of items) {
    const earlier = latest.get(item.definitionId);
    latest.set(item.definitionId, earlier === undefined ? item : { ...item, id: earlier.id });
  }
  return [...latest.values()];
}
