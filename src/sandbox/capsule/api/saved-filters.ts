import type { TaggableCollection } from '../model/records.ts';
import type { SavedFilterRecord } from '../model/workflow-records.ts';
import type { SandboxState } from '../sandbox-state.ts';
import { isoTimestamp } from '../time-format.ts';
import { notFound } from './api-errors.ts';
import type { FilterFieldLookup } from './filter-conditions.ts';
import { readId } from './query-params.ts';

/** A saved filter as Capsule lists it. */
export function presentSavedFilter(filter: SavedFilterRecord): Record<string, unknown> {
  return {
    id: filter.id,
    name: filter.name,
    conditions: filter.conditions.map((condition) => ({ ...condition })),
    orderBy: filter.orderBy.map((order) => ({ ...order })),
    createdAt: isoTimestamp(filter.createdAt),
    updatedAt: isoTimestamp(filter.updatedAt),
  };
}

/** The saved filters of one collection, oldest first. */
export function savedFiltersOf(
  state: SandboxState,
  entity: TaggableCollection | string,
): SavedFilterRecord[] {
  return [...state.savedFilters.values()].filter((filter) => filter.entity === entity);
}

/** One saved filter of `entity`; 404 when the id names none (or one of another collection). */
export function findSavedFilter(
  state: SandboxState,
  entity: string,
  rawId: string | undefined,
): SavedFilterRecord {
  const filter = state.savedFilters.get(readId(rawId));
  if (filter === undefined || filter.entity !== entity) throw notFound();
  return filter;
}

/**
 * `records` sorted by the filter's `orderBy` (saved filters sort; ad-hoc ones do not), comparing the
 * first value of each field as text, case-insensitively; ties keep their order.
 */
export function sortedBy<R>(records: R[], filter: SavedFilterRecord, fields: FilterFieldLookup<R>): R[] {
  const keys = filter.orderBy.flatMap((order) => {
    const field = fields(order.field);
    return field === undefined ? [] : [{ field, sign: order.direction === 'descending' ? -1 : 1 }];
  });
  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value).toLowerCase());
  return [...records].sort((a, b) => {
    for (const { field, sign } of keys) {
      const order = text(field.values(a)[0]).localeCompare(text(field.values(b)[0]));
      if (order !== 0) return order * sign;
    }
    return 0;
  });
}
