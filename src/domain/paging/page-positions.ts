/** A row known to stand at `position` of a list (counted from 0) while the list had `version`. */
export interface KnownPosition<Key> {
  readonly position: number;
  readonly key: Key;
  readonly version: number;
}

/**
 * Where pages of a list started, so that a deep `page` is read from the nearest position at or before
 * it instead of walking the index from the top. Exact, unlike {@link PageCursors}: every position
 * belongs to a version of its list (a counter the database raises with every add, removal or rename
 * that moves rows), and a store answer carrying another version drops them all. Per process and
 * bounded; losing it only costs speed.
 */
export class PagePositions<Key> {
  readonly #lists = new Map<string, { version: number; positions: Map<number, Key> }>();

  constructor(
    private readonly maxLists = 1_000,
    private readonly maxPositionsPerList = 1_000,
  ) {}

  /** The known position of `list` nearest at or before `offset`, if any. */
  nearest(list: string, offset: number): KnownPosition<Key> | undefined {
    const entry = this.#lists.get(list);
    if (!entry) return undefined;
    let best: { position: number; key: Key } | undefined;
    for (const [position, key] of entry.positions) {
      if (position <= offset && (best === undefined || position > best.position)) best = { position, key };
    }
    return best && { ...best, version: entry.version };
  }

  /** Records that `key` stands at `position` of `list` at `version` (forgetting other versions). */
  remember(list: string, version: number, position: number, key: Key): void {
    let entry = this.#lists.get(list);
    if (entry && entry.version !== version) entry = undefined;
    if (!entry) {
      if (this.#lists.size >= this.maxLists) {
        const oldest = this.#lists.keys().next().value;
        if (oldest !== undefined) this.#lists.delete(oldest);
      }
      entry = { version, positions: new Map() };
    }
    this.#lists.delete(list);
    this.#lists.set(list, entry);
    if (entry.positions.size >= this.maxPositionsPerList && !entry.positions.has(position)) {
      const oldest = entry.positions.keys().next().value;
      if (oldest !== undefined) entry.positions.delete(oldest);
    }
    entry.positions.set(position, key);
  }

  /** Forgets every position of `list` (its version moved on). */
  forget(list: string): void {
    this.#lists.delete(list);
  }
}
