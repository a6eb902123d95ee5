/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** Capsule's timestamp format: ISO-8601 UTC without milliseconds, e.g. `2015-09-15T10:43:23Z`. */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Capsule's date format, e.g. `2015-10-31` (UTC). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text) && isoDate(Date.parse(`${text}T00:00:00Z`)) === text;
}

/**
 * Epoch milliseconds of an ISO-8601 date (midnight UTC) or date-time with a zone; undefined for
 * anything else, so a local-time string cannot be read in the server's zone by accident.
 */
export function parseIsoInstant(text: string): number | undefined {
  if (isIsoDate(text)) {
    return Date.parse(`${text}T00:00:00Z`);
  }
  if (!ISO_DATE_TIME.test(text)) {
    return undefined;
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whole days since the epoch (UTC) of an instant, used to compare dates by day. */
export function dayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}
