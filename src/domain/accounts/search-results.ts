/**
 * The complete results of recent account searches (every match, in the list's order), each at the
 * version of the accounts list it was read at. Which accounts match a search, and their order, change
 * only when the list's version does (an account added, removed or renamed; ids and creation times do
 * not change), so a search asked again is answered by reading its accounts by id — checking in the
 * same statement that the version is still the one the results belong to. Only searches whose first
 * page held every match, and at most {@link MAX_KEPT_MATCHES} of them, are kept. Per process and
 * bounded (at most 50,000 ids); losing them only costs speed.
 */
/** A search with more matches than this is not kept (it would hold memory for a rare repeat). */
export const MAX_KEPT_MATCHES = 100;

export class SearchResults {
  readonly #entries = new Map<string, { readonly version: number; readonly ids: readonly string[] }>();

  constructor(private readonly maxEntries = 500) {}

  get(list: string): { readonly version: number; readonly ids: readonly string[] } | undefined {
    return this.#entries.get(list);
  }

  remember(list: string, version: number, ids: readonly string[]): void {
    this.#entries.delete(list);
    if (ids.length > MAX_KEPT_MATCHES) return;
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(list, { version, ids });
  }

  forget(list: string): void {
    this.#entries.delete(list);
  }
}
