import type { TaggableCollection } from '../model/records.ts';
import type { SandboxState } from '../sandbox-state.ts';
import type { ValidationProblems } from './api-errors.ts';
import { isObject } from './request-body.ts';

/** The tags a record will have, and names of tags to create once the whole request is valid. */
export interface TagChange {
  tagIds: number[];
  newNames: string[];
}

/**
 * Reads a `tags` array from a POST or PUT. `{"name":"VIP"}` attaches that tag, creating it if the
 * entity type has none by that name; `{"id":3}` attaches an existing tag; `{"id":3,"_delete":true}`
 * detaches it, and detaching a tag the record does not have is Capsule's 422 `tag not found to delete`.
 * Tag ids are account-wide, the same ids `GET /{entity}/tags` lists.
 */
export function readTagChange(
  current: readonly number[],
  incoming: unknown,
  entity: TaggableCollection,
  state: SandboxState,
  problems: ValidationProblems,
): TagChange {
  const change: TagChange = { tagIds: [...current], newNames: [] };
  if (incoming === undefined) {
    return change;
  }
  if (!Array.isArray(incoming)) {
    problems.add('tags', 'tags must be an array');
    return change;
  }
  for (const element of incoming) {
    if (!isObject(element)) {
      problems.add('tags', 'tags must contain objects');
      continue;
    }
    const tag =
      typeof element.id === 'number'
        ? state.tags.get(element.id)
        : typeof element.name === 'string'
          ? state.findTagByName(entity, element.name)
          : undefined;
    const known = tag !== undefined && tag.entity === entity ? tag : undefined;
    if (element._delete === true) {
      if (known === undefined || !change.tagIds.includes(known.id)) {
        problems.add('tags', 'tag not found to delete');
      } else {
        change.tagIds = change.tagIds.filter((id) => id !== known.id);
      }
    } else if (known !== undefined) {
      if (!change.tagIds.includes(known.id)) {
        change.tagIds.push(known.id);
      }
    } else if (typeof element.name === 'string' && element.name.trim() !== '' && element.id === undefined) {
      change.newNames.push(element.name.trim());
    } else {
      problems.add('tags', 'tag not found');
    }
  }
  return change;
}

/** Creates the new tags of a validated change and returns the record's final tag ids. */
export function commitTagChange(
  change: TagChange,
  entity: TaggableCollection,
  state: SandboxState,
): number[] {
  const ids = [...change.tagIds];
  for (const name of change.newNames) {
    const existing = state.findTagByName(entity, name);
    const tag = existing ?? { id: state.nextId('tag'), entity, name, description: null, dataTag: false };
    state.tags.set(tag.id, tag);
    if (!ids.includes(tag.id)) {
      ids.push(tag.id);
    }
  }
  return ids;
}
