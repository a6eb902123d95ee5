/** A load in flight, and whether a change arrived for its key while it ran. */
interface Loading<V> {
  readonly promise: Promise<V>;
  stale: boolean;
}

/**
 * One kind of cached row, by key: bounded, with a time-to-live, single-flight loads, and no stale
 * store-back — a load during which the row's change was announced is returned but not kept.
 */
export class CacheSection<V> {
  readonly #entries = new Map<string, { readonly value: V; readonly at: number }>();
  readonly #loading = new Map<string, Loading<V>>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** The cached value, or `load()`'s; kept only when `keep(value)` says so and no change interrupted it. */
  get(key: string, load: () => Promise<V>, keep: (value: V) => boolean): Promise<V> {
    const entry = this.#entries.get(key);
    if (entry && this.now() - entry.at < this.ttlMs) return Promise.resolve(entry.value);
    const running = this.#loading.get(key);
    if (running) return running.promise;
    const loading: Loading<V> = {
      stale: false,
      promise: load().then(
        (value) => {
          this.#loading.delete(key);
          if (!loading.stale && keep(value)) this.#put(key, value);
          return value;
        },
        (error: unknown) => {
          this.#loading.delete(key);
          throw error;
        },
      ),
    };
    this.#loading.set(key, loading);
    return loading.promise;
  }

  /** The row changed: forget it, and do not keep what a load in flight read. */
  invalidate(key: string): void {
    this.#entries.delete(key);
    const running = this.#loading.get(key);
    if (running) running.stale = true;
  }

  /** Forgets the entries whose value matches (e.g. every token of a revoked client). */
  invalidateWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.#entries) if (matches(entry.value)) this.#entries.delete(key);
    for (const running of this.#loading.values()) running.stale = true;
  }

  clear(): void {
    this.#entries.clear();
    for (const running of this.#loading.values()) running.stale = true;
  }

  get size(): number {
    return this.#entries.size;
  }

  #put(key: string, value: V): void {
    this.#entries.delete(key);
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, { value, at: this.now() });
  }
}
