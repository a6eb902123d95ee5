import { isRestHookEvent, type PayloadRenderer } from '../hooks/hook-publisher.ts';
import type { TimestampedRecord } from '../model/records.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { isoTimestamp } from '../time-format.ts';
import { notFound } from './api-errors.ts';
import type { ApiRouter } from './api-router.ts';
import { type ApiRequest, type ApiResponse, created, noContent, ok } from './api-types.ts';
import type { EntityKind } from './entity-kind.ts';
import { compileFilter } from './filter-conditions.ts';
import { pagedList } from './paging.ts';
import { readEmbeds, readId, readIdList, readSince } from './query-params.ts';
import { unwrapBody } from './request-body.ts';
import { findSavedFilter, presentSavedFilter, savedFiltersOf, sortedBy } from './saved-filters.ts';

/**
 * The routes every entity collection shares: list (with `since` where there is a deleted feed),
 * search, filters, deleted feed, show and show-many, create, partial update and delete, each
 * change reported to the REST hooks.
 */
export function registerEntityRoutes<R extends TimestampedRecord>(
  router: ApiRouter,
  ctx: SandboxContext,
  kind: EntityKind<R>,
): void {
  const base = `/${kind.collection}`;
  const listOf = (request: ApiRequest, records: readonly R[]): ApiResponse => {
    const embeds = readEmbeds(request.query, kind.embeds);
    return pagedList({
      key: kind.collection,
      items: records,
      render: (record) => kind.present(record, embeds),
      request,
      baseUrl: ctx.baseUrl,
    });
  };
  const all = (): R[] => [...kind.records.values()];
  const find = (rawId: string | undefined): R => {
    const record = kind.records.get(readId(rawId));
    if (record === undefined) {
      throw notFound();
    }
    return record;
  };
  const publish = (event: string, record: R): void => {
    if (isRestHookEvent(event)) {
      const render: PayloadRenderer = (embeds) => kind.present(record, embeds);
      ctx.hooks.publish(event, render);
    }
  };

  router.get(base, (request) => {
    const since = kind.deletions === undefined ? undefined : readSince(request.query, kind.singular, false);
    const keep = kind.listFilter?.(request.query) ?? (() => true);
    return listOf(
      request,
      all().filter((record) => keep(record) && (since === undefined || record.updatedAt > since)),
    );
  });

  const { searchText, filterField, deletions } = kind;
  if (searchText !== undefined) {
    router.get(`${base}/search`, (request) => {
      const terms = (request.query.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      return listOf(
        request,
        all().filter((record) => {
          const text = searchText(record).toLowerCase();
          return terms.every((term) => text.includes(term));
        }),
      );
    });
  }
  if (filterField !== undefined) {
    router.post(
      `${base}/filters/results`,
      (request) => listOf(request, all().filter(compileFilter(request.body, filterField, ctx.now()))),
      'read',
    );
    // Saved filters: made in Capsule's web UI, listed and run here, sorted by their orderBy.
    router.get(`${base}/filters`, (request) =>
      pagedList({
        key: 'filters',
        items: savedFiltersOf(ctx.state, kind.collection),
        render: presentSavedFilter,
        request,
        baseUrl: ctx.baseUrl,
      }),
    );
    router.get(`${base}/filters/:id`, (request) =>
      ok({ filter: presentSavedFilter(findSavedFilter(ctx.state, kind.collection, request.params.id)) }),
    );
    router.get(`${base}/filters/:id/results`, (request) => {
      const saved = findSavedFilter(ctx.state, kind.collection, request.params.id);
      const matches = all().filter(compileFilter({ filter: saved }, filterField, ctx.now()));
      return listOf(request, sortedBy(matches, saved, filterField));
    });
  }
  if (deletions !== undefined) {
    router.get(`${base}/deleted`, (request) => {
      const since = readSince(request.query, kind.singular, true) ?? 0;
      return pagedList({
        key: kind.collection,
        items: deletions.filter((deletion) => deletion.deletedAt > since),
        render: (deletion) => ({ id: deletion.id, deletedAt: isoTimestamp(deletion.deletedAt) }),
        request,
        baseUrl: ctx.baseUrl,
      });
    });
  }

  router.get(`${base}/:ids`, (request) => {
    const embeds = readEmbeds(request.query, kind.embeds);
    const raw = request.params.ids;
    if (raw?.includes(',') !== true) {
      return ok({ [kind.singular]: kind.present(find(raw), embeds) });
    }
    const records = readIdList(raw, kind.singular).flatMap((id) => {
      const record = kind.records.get(id);
      return record === undefined ? [] : [record];
    });
    return ok({ [kind.collection]: records.map((record) => kind.present(record, embeds)) });
  });

  router.post(base, (request) => {
    const record = kind.create(unwrapBody(request.body, kind.singular), request.auth);
    kind.records.set(record.id, record);
    publish(`${kind.singular}/created`, record);
    const embeds = readEmbeds(request.query, kind.embeds);
    return created(ctx.baseUrl, `${base}/${record.id}`, { [kind.singular]: kind.present(record, embeds) });
  });

  router.put(`${base}/:id`, (request) => {
    const current = find(request.params.id);
    const { record, events } = kind.update(current, unwrapBody(request.body, kind.singular), request.auth);
    kind.records.set(record.id, record);
    publish(`${kind.singular}/updated`, record);
    for (const event of events) {
      publish(event, record);
    }
    return ok({ [kind.singular]: kind.present(record, readEmbeds(request.query, kind.embeds)) });
  });

  router.delete(`${base}/:id`, (request) => {
    const record = find(request.params.id);
    publish(`${kind.singular}/deleted`, record);
    kind.remove(record);
    return noContent();
  });
}

/** Options of {@link registerRelatedList}. */
export interface RelatedListOptions<P, C> {
  /** Route path with `:id` for the parent, e.g. `/parties/:id/opportunities`. */
  path: string;
  /** The list's wrapping key. */
  key: string;
  parents: ReadonlyMap<number, P>;
  children(parent: P): readonly C[];
  present(child: C, embeds: ReadonlySet<string>): unknown;
  embeds: readonly string[];
  /** Message of the 404 for a parent that does not qualify, e.g. `organisation not found`. */
  missingParent?: string;
  /** False for parents that exist but cannot have this list (people have no employees). */
  accepts?(parent: P): boolean;
  maxPerPage?: number;
}

/** A paged list of one record's related records, such as an organisation's people. */
export function registerRelatedList<P, C>(
  router: ApiRouter,
  ctx: SandboxContext,
  options: RelatedListOptions<P, C>,
): void {
  router.get(options.path, (request) => {
    const parent = options.parents.get(readId(request.params.id));
    if (parent === undefined || options.accepts?.(parent) === false) {
      throw notFound(options.missingParent);
    }
    const embeds = readEmbeds(request.query, options.embeds);
    return pagedList({
      key: options.key,
      items: options.children(parent),
      render: (child) => options.present(child, embeds),
      request,
      baseUrl: ctx.baseUrl,
      ...(options.maxPerPage === undefined ? {} : { maxPerPage: options.maxPerPage }),
    });
  });
}
