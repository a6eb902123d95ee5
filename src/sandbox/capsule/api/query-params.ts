import { parseIsoInstant } from '../time-format.ts';
import { notFound, validationError } from './api-errors.ts';

/** Show-many accepts at most this many ids. */
export const MAX_IDS = 10;

/**
 * The `embed` values the resource documents. Unknown names are ignored, as tolerant clients expect
 * of Capsule's additive API.
 */
export function readEmbeds(query: URLSearchParams, allowed: readonly string[]): ReadonlySet<string> {
  const requested = (query.get('embed') ?? '').split(',').map((name) => name.trim());
  return new Set(requested.filter((name) => allowed.includes(name)));
}

/** `since` as epoch ms; 422 when required and missing, or not ISO-8601. */
export function readSince(query: URLSearchParams, resource: string, required: boolean): number | undefined {
  const raw = query.get('since');
  if (raw === null || raw === '') {
    if (required) {
      throw validationError(resource, 'since', 'since is required');
    }
    return undefined;
  }
  const since = parseIsoInstant(raw);
  if (since === undefined) {
    throw validationError(resource, 'since', 'since must be an ISO-8601 date');
  }
  return since;
}

/**
 * A path id; anything but a non-zero integer is a resource that cannot exist (404). Capsule's built-in
 * activity types have negative ids.
 */
export function readId(raw: string | undefined): number {
  if (raw === undefined || !/^-?\d{1,15}$/.test(raw) || Number(raw) === 0) {
    throw notFound();
  }
  return Number(raw);
}

/** A comma-separated id list from a show-many path; at most {@link MAX_IDS}. */
export function readIdList(raw: string | undefined, resource: string): number[] {
  const parts = (raw ?? '').split(',').filter((part) => part !== '');
  if (parts.length > MAX_IDS) {
    throw validationError(resource, 'id', 'too many ids');
  }
  return [...new Set(parts.map(readId))];
}
