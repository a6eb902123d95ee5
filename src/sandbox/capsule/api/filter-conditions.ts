import type { FieldDefinitionRecord, TaggableCollection, TaggedRecord } from '../model/records.ts';
import type { SandboxState } from '../sandbox-state.ts';
import { dayNumber, parseIsoInstant } from '../time-format.ts';
import { validationError } from './api-errors.ts';
import { isObject } from './request-body.ts';

/** How a filter field compares: text case-insensitively, dates by day, numbers numerically. */
export type FilterFieldKind = 'text' | 'number' | 'date' | 'boolean';

/** One filterable field: its kind and the record's values (several for emails, tags …). */
export interface FilterField<R> {
  kind: FilterFieldKind;
  /** Text values as strings, numbers as numbers, dates as epoch ms or `YYYY-MM-DD`, booleans as booleans. */
  values(record: R): readonly (string | number | boolean | null)[];
}

/** Maps a filter field name (`name`, `addedOn`, `custom:47` …) to its definition; undefined if unknown. */
export type FilterFieldLookup<R> = (name: string) => FilterField<R> | undefined;

const OPERATORS: Readonly<Record<FilterFieldKind, readonly string[]>> = {
  text: ['is', 'is not', 'contains', 'starts with', 'ends with'],
  number: ['is', 'is not', 'is greater than', 'is less than'],
  date: ['is', 'is not', 'is after', 'is before', 'is within last', 'is older than', 'is within next'],
  boolean: ['is', 'is not'],
};

type Value = string | number | boolean | null;

/**
 * Compiles a `{"filter":{"conditions":[…]}}` body into a predicate; every condition must hold.
 * Unknown fields give Capsule's 422 `invalid field name`.
 */
export function compileFilter<R>(
  body: unknown,
  fields: FilterFieldLookup<R>,
  now: number,
): (record: R) => boolean {
  const filter = isObject(body) ? body.filter : undefined;
  const conditions = isObject(filter) ? filter.conditions : undefined;
  if (!Array.isArray(conditions)) {
    throw validationError('filter', 'conditions', 'conditions is required');
  }
  const tests = conditions.map((condition) => {
    if (
      !isObject(condition) ||
      typeof condition.field !== 'string' ||
      typeof condition.operator !== 'string'
    ) {
      throw validationError('filter', 'conditions', 'each condition needs a field, an operator and a value');
    }
    const field = fields(condition.field);
    if (field === undefined) {
      throw validationError('filter', 'field', 'invalid field name');
    }
    const operator = condition.operator.toLowerCase();
    if (!OPERATORS[field.kind].includes(operator)) {
      throw validationError('filter', 'operator', `invalid operator for ${condition.field}`);
    }
    return compileCondition(field, operator, condition.value as Value, now);
  });
  return (record) => tests.every((test) => test(record));
}

function compileCondition<R>(
  field: FilterField<R>,
  operator: string,
  wanted: Value,
  now: number,
): (record: R) => boolean {
  const matchesAny = (test: (value: NonNullable<Value>) => boolean) => (record: R) =>
    field.values(record).some((value) => value !== null && test(value));
  if (operator === 'is not') {
    const is = compileCondition(field, 'is', wanted, now);
    return (record) => !is(record);
  }
  switch (field.kind) {
    case 'text': {
      const text = String(wanted ?? '').toLowerCase();
      const compare: Record<string, (value: string) => boolean> = {
        is: (value) => value === text,
        contains: (value) => value.includes(text),
        'starts with': (value) => value.startsWith(text),
        'ends with': (value) => value.endsWith(text),
      };
      const test = compare[operator] ?? (() => false);
      return matchesAny((value) => test(String(value).toLowerCase()));
    }
    case 'number': {
      const number = Number(wanted);
      const compare: Record<string, (value: number) => boolean> = {
        is: (value) => value === number,
        'is greater than': (value) => value > number,
        'is less than': (value) => value < number,
      };
      const test = compare[operator] ?? (() => false);
      return matchesAny((value) => test(Number(value)));
    }
    case 'boolean':
      return matchesAny((value) => value === (wanted === true || wanted === 'true'));
    case 'date':
      return matchesAny(dateTest(operator, wanted, now));
  }
}

/** Date comparisons by whole UTC day; "within last/next" and "older than" take a number of days. */
function dateTest(operator: string, wanted: Value, now: number): (value: NonNullable<Value>) => boolean {
  const day = (value: NonNullable<Value>): number => {
    const ms = typeof value === 'number' ? value : parseIsoInstant(String(value));
    return ms === undefined ? Number.NaN : dayNumber(ms);
  };
  const today = dayNumber(now);
  if (operator === 'is within last' || operator === 'is older than' || operator === 'is within next') {
    const days = Number(wanted);
    if (!Number.isFinite(days)) {
      throw validationError('filter', 'value', `${operator} needs a number of days`);
    }
    if (operator === 'is within last') {
      return (value) => day(value) >= today - days && day(value) <= today;
    }
    if (operator === 'is older than') {
      return (value) => day(value) < today - days;
    }
    return (value) => day(value) >= today && day(value) <= today + days;
  }
  const target = typeof wanted === 'string' ? parseIsoInstant(wanted) : undefined;
  if (target === undefined) {
    throw validationError('filter', 'value', `${operator} needs a date (YYYY-MM-DD)`);
  }
  const targetDay = dayNumber(target);
  if (operator === 'is after') {
    return (value) => day(value) > targetDay;
  }
  if (operator === 'is before') {
    return (value) => day(value) < targetDay;
  }
  return (value) => day(value) === targetDay;
}

/** The kind a custom field filters as. */
function customFieldKind(definition: FieldDefinitionRecord): FilterFieldKind {
  switch (definition.type) {
    case 'number':
      return 'number';
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    default:
      return 'text';
  }
}

/** `custom:{fieldId}` for the entity's definitions, plus the fields every tagged record shares. */
export function commonTaggedFields<R extends TaggedRecord>(
  name: string,
  entity: TaggableCollection,
  state: SandboxState,
): FilterField<R> | undefined {
  const custom = /^custom:(\d+)$/.exec(name);
  if (custom !== null) {
    const definition = state.fieldDefinitions.get(Number(custom[1]));
    if (definition === undefined || definition.entity !== entity) {
      return undefined;
    }
    return {
      kind: customFieldKind(definition),
      values: (record) =>
        record.fields.filter((item) => item.definitionId === definition.id).map((item) => item.value),
    };
  }
  switch (name) {
    case 'id':
      return { kind: 'number', values: (record) => [record.id] };
    case 'tag':
      // Capsule accepts a tag's name or its id here.
      return {
        kind: 'text',
        values: (record) =>
          record.tagIds.flatMap((id) => {
            const tag = state.tags.get(id);
            return tag === undefined ? [] : [tag.name, String(tag.id)];
          }),
      };
    case 'hasTags':
      return { kind: 'boolean', values: (record) => [record.tagIds.length > 0] };
    case 'addedOn':
      return { kind: 'date', values: (record) => [record.createdAt] };
    case 'updatedOn':
      return { kind: 'date', values: (record) => [record.updatedAt] };
    default:
      return undefined;
  }
}

/** Values of an `owner` condition: the user's id, username and name, so any of them can be used. */
export function ownerValues(state: SandboxState, ownerId: number | null): string[] {
  const owner = ownerId === null ? undefined : state.users.get(ownerId);
  return owner === undefined ? [] : [String(owner.id), owner.username, owner.name];
}
