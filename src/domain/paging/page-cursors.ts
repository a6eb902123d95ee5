import type { Clock } from '../clock.ts';

/**
 * Where recently served pages ended, so that the next page of a walk starts with an index seek
 * (keyset paging) while the API keeps Cyclr's `page` and `pageSize`. Page `n + 1` of a list is read
 * "after the last row of page `n`" when page `n` was served within `ttlMs`; otherwise by skipping rows
 * in the index. A walk therefore sees each row once even while rows are added or removed ahead of it.
 * Per process and bounded; losing it only costs speed.
 */
export class PageCursors<Cursor> {
  readonly #entries = new Map<string, { readonly cursor: Cursor; readonly at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 60_000,
  ) {}

  /** The end of page `page - 1` of `list` at this page size, if it was served recently. */
  before(list: string, pageSize: number, page: number): Cursor | undefined {
    if (page <= 1) return undefined;
    const key = `${list}\u0000${pageSize}\u0000${page - 1}`;
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.clock() - entry.at > this.ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.cursor;
  }

  /** Records where page `page` of `list` ended. */
  remember(list: string, pageSize: number, page: number, cursor: Cursor): void {
    const key = `${list}\u0000${pageSize}\u0000${page}`;
    this.#entries.delete(key);
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, { cursor, at: this.clock() });
  }

  /** Forgets every page of lists whose key starts with `prefix` (after a change to them). */
  forget(prefix: string): void {
    for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key);
  }
}
