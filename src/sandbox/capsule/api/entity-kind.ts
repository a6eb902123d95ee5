import type { RestHookEvent } from '../hooks/hook-publisher.ts';
import type { DeletionRecord, TimestampedRecord } from '../model/records.ts';
import type { ApiAuth } from './api-types.ts';
import type { FilterFieldLookup } from './filter-conditions.ts';
import type { Input } from './request-body.ts';

/** The id of a record that passed validation but has not been given its real id yet. */
export const UNSAVED_ID = 0;

/** The four collections with show-many and the shared list machinery. */
export type EntityCollection = 'parties' | 'opportunities' | 'kases' | 'tasks';

/** The result of a validated PUT: the new record and the extra hook events it causes. */
export interface EntityUpdate<R> {
  record: R;
  /** Beyond `…/updated`: `…/closed`, `…/moved`, `task/completed`. */
  events: readonly RestHookEvent[];
}

/**
 * What the shared routes need to know about one collection. Parties, opportunities, kases and tasks
 * each describe themselves with one of these; `registerEntityRoutes` does the rest.
 */
export interface EntityKind<R extends TimestampedRecord> {
  /** URL segment and list key, e.g. `parties`. */
  readonly collection: EntityCollection;
  /** JSON key of one record, 422 resource name and hook event prefix, e.g. `party`. */
  readonly singular: 'party' | 'opportunity' | 'kase' | 'task';
  /** The `embed` values this resource documents. */
  readonly embeds: readonly string[];
  readonly records: Map<number, R>;
  /** The record as Capsule shows it. */
  present(record: R, embeds: ReadonlySet<string>): Record<string, unknown>;
  /** A new, validated record (not yet stored), given an id only once valid; throws a 422 `ApiError`. */
  create(input: Input, auth: ApiAuth): R;
  /** A validated updated copy of `current` (partial merge); throws a 422 `ApiError`. */
  update(current: R, input: Input, auth: ApiAuth): EntityUpdate<R>;
  /** Deletes the record and what Capsule deletes with it. */
  remove(record: R): void;
  /** Restricts plain lists (tasks are open-only unless `status` says otherwise). */
  listFilter?(query: URLSearchParams): (record: R) => boolean;
  /** Text `?q=` searches; enables `/search`. */
  searchText?(record: R): string;
  /** Enables `POST /filters/results`. */
  readonly filterField?: FilterFieldLookup<R>;
  /** Enables `/deleted?since=` and `since` on the list. */
  readonly deletions?: DeletionRecord[];
}
