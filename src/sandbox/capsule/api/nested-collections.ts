import type { ValidationProblems } from './api-errors.ts';
import { notFound } from './api-errors.ts';
import { type Input, isObject } from './request-body.ts';

/** How to build and change the items of one nested collection (addresses, phone numbers …). */
export interface NestedItemRules<T extends { id: number }> {
  /** Builds a new item, reporting problems under `field`; undefined when it is invalid. */
  create(input: Input, id: number, problems: ValidationProblems): T | undefined;
  /** A copy of `item` with the sent fields applied. */
  update(item: T, input: Input, problems: ValidationProblems): T;
}

/**
 * Capsule's rules for a nested array in a POST or PUT: an item without `id` is added, an item with
 * `id` and fields updates that item, and `id` with `"_delete": true` removes it. Items not mentioned
 * stay, so `[]` changes nothing. `_destroy` is ignored, as Capsule silently ignores it. An id that is
 * not in the collection is a 404, as observed.
 */
export function applyNestedCollection<T extends { id: number }>(
  current: readonly T[],
  incoming: unknown,
  field: string,
  rules: NestedItemRules<T>,
  problems: ValidationProblems,
  nextId: () => number,
): T[] {
  if (incoming === undefined) {
    return [...current];
  }
  if (!Array.isArray(incoming)) {
    problems.add(field, `${field} must be an array`);
    return [...current];
  }
  let items = [...current];
  for (const element of incoming) {
    if (!isObject(element)) {
      problems.add(field, `${field} must contain objects`);
      continue;
    }
    const id = element.id;
    if (id === undefined || id === null) {
      const item = rules.create(element, nextId(), problems);
      if (item !== undefined) {
        items.push(item);
      }
      continue;
    }
    const index = items.findIndex((item) => item.id === id);
    const existing = items[index];
    if (existing === undefined) {
      throw notFound();
    }
    if (element._delete === true) {
      items = items.filter((item) => item.id !== id);
    } else {
      items[index] = rules.update(existing, element, problems);
    }
  }
  return items;
}
