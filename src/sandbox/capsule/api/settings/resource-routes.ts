import { notFound, ValidationProblems, validationError } from '../api-errors.ts';
import type { ApiRouter } from '../api-router.ts';
import { type ApiRequest, created, noContent, ok } from '../api-types.ts';
import { pagedList } from '../paging.ts';
import { readId } from '../query-params.ts';
import { type Input, unwrapBody } from '../request-body.ts';

/** A settings resource whose routes all follow Capsule's conventions. */
export interface SimpleResource<R extends { id: number }> {
  /** Collection path below `/api/v2`, e.g. `/boards`. */
  readonly path: string;
  /** Single-record key, e.g. `board`. */
  readonly key: string;
  /** List key, e.g. `boards`. */
  readonly listKey: string;
  readonly records: Map<number, R>;
  /** The next unused id of the resource's sequence. */
  readonly nextId: () => number;
  readonly baseUrl: string;
  readonly now: () => number;
  /** Whether the list pages (`page`, `perPage`, `Link`); otherwise it is one bare list. */
  readonly paged: boolean;
  present(record: R, request: ApiRequest): Record<string, unknown>;
  /**
   * The record after applying `input` to `base` (undefined when creating), with problems reported
   * rather than thrown; the id and timestamps are filled in by the routes.
   */
  apply(base: R | undefined, input: Input, problems: ValidationProblems): R;
  /** Which records the list shows for this request (all by default), in order. */
  listed?(records: R[], request: ApiRequest): R[];
  /** Why the record may not be deleted (a 422), or undefined. */
  deleteRefusal?(record: R): string | undefined;
  /** Removes the record; the default deletes it from `records`. */
  remove?(record: R): void;
  readonly operations: ReadonlySet<'list' | 'get' | 'create' | 'update' | 'delete'>;
}

/** Every operation: list, show, create, partial update, delete. */
export const ALL_OPERATIONS = new Set(['list', 'get', 'create', 'update', 'delete'] as const);

/**
 * Registers `GET/POST {path}` and `GET/PUT/DELETE {path}/:id` for a resource: wrapped bodies, 201 with
 * `Location`, partial PUT, 422 with every problem, 204 on delete, and `Link` paging when it pages.
 */
export function registerSimpleResource<R extends { id: number }>(
  router: ApiRouter,
  resource: SimpleResource<R>,
): void {
  const find = (raw: string | undefined): R => {
    const record = resource.records.get(readId(raw));
    if (record === undefined) throw notFound();
    return record;
  };
  const stamp = (record: R, creating: boolean): R => {
    if (!('updatedAt' in record)) return record;
    const now = resource.now();
    return { ...record, updatedAt: now, ...(creating ? { createdAt: now } : {}) };
  };
  const validated = (base: R | undefined, body: unknown): R => {
    const problems = new ValidationProblems(resource.key);
    const record = resource.apply(base, unwrapBody(body, resource.key), problems);
    problems.throwIfAny();
    return record;
  };
  const { operations } = resource;

  if (operations.has('list')) {
    router.get(resource.path, (request) => {
      const all = [...resource.records.values()];
      const items = resource.listed ? resource.listed(all, request) : all;
      const render = (record: R) => resource.present(record, request);
      return resource.paged
        ? pagedList({ key: resource.listKey, items, render, request, baseUrl: resource.baseUrl })
        : ok({ [resource.listKey]: items.map(render) });
    });
  }
  if (operations.has('get')) {
    router.get(`${resource.path}/:id`, (request) =>
      ok({ [resource.key]: resource.present(find(request.params.id), request) }),
    );
  }
  if (operations.has('create')) {
    router.post(resource.path, (request) => {
      const record = stamp({ ...validated(undefined, request.body), id: resource.nextId() }, true);
      resource.records.set(record.id, record);
      return created(resource.baseUrl, `${resource.path}/${record.id}`, {
        [resource.key]: resource.present(record, request),
      });
    });
  }
  if (operations.has('update')) {
    router.put(`${resource.path}/:id`, (request) => {
      const current = find(request.params.id);
      const record = stamp({ ...validated(current, request.body), id: current.id }, false);
      resource.records.set(record.id, record);
      return ok({ [resource.key]: resource.present(record, request) });
    });
  }
  if (operations.has('delete')) {
    router.delete(`${resource.path}/:id`, (request) => {
      const record = find(request.params.id);
      const refusal = resource.deleteRefusal?.(record);
      if (refusal !== undefined) throw validationError(resource.key, 'id', refusal);
      if (resource.remove) resource.remove(record);
      else resource.records.delete(record.id);
      return noContent();
    });
  }
}
