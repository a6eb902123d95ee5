import type { PagePositions } from './page-positions.ts';

/** One slice of a list to walk, keeping the rows at positions that are multiples of `every`. */
export interface SampleSlice<Key> {
  readonly after: Key | undefined;
  readonly start: number;
  readonly rows: number;
  readonly every: number;
}

export interface SampledSlice<Key> {
  readonly version: number;
  readonly positions: readonly { readonly position: number; readonly key: Key }[];
  /** The slice's last row; absent when the list ended in the slice. */
  readonly last: Key | undefined;
}

export interface SamplingOptions {
  /** A page read by walking fewer rows than this starts no sampling. */
  readonly minWalk: number;
  /** At most this many positions kept per list (the interval grows with the list). */
  readonly maxPositions: number;
  /** The interval is never below this many rows. */
  readonly minEvery: number;
  /** Rows walked per statement, so no statement (nor, on SQLite, the event loop) is held long. */
  readonly sliceRows: number;
  /** A list is sampled at most once in this long. */
  readonly intervalMs: number;
}

/** A walk under way: the rows it has passed, and the pages waiting until it passes their offset. */
interface WalkInProgress {
  reached: number;
  waiters: { readonly offset: number; readonly resolve: () => void }[];
}

const DEFAULTS: SamplingOptions = {
  minWalk: 2_000,
  maxPositions: 500,
  minEvery: 500,
  sliceRows: 20_000,
  intervalMs: 10_000,
};

/**
 * After a page had to walk many rows of a list's index, records in the background where every N-th
 * row of the whole list stands at that list version, so that any other deep page — one nobody has
 * asked for yet — starts within N rows of itself. Exact: positions belong to the version the walk
 * read them at (each slice reads it in the same statement as its rows), a slice that finds another
 * version abandons the walk, and {@link PagePositions} drops them all when the version moves on.
 */
export class PositionSampling<Key> {
  readonly #started = new Map<string, number>();
  /** Walks in progress: how far each has recorded, and the pages waiting for it to get further. */
  readonly #walking = new Map<string, WalkInProgress>();

  constructor(
    private readonly positions: PagePositions<Key>,
    private readonly clock: () => number,
    private readonly options: SamplingOptions = DEFAULTS,
  ) {}

  /**
   * Called after a page of `list` (of `total` rows, at `version`) was read by walking `walked` rows;
   * starts sampling when that was long and the list was not sampled lately. Returns the walk, for tests.
   */
  afterWalk(
    list: string,
    version: number,
    total: number,
    walked: number,
    read: (slice: SampleSlice<Key>) => Promise<SampledSlice<Key>>,
  ): Promise<void> | undefined {
    const now = this.clock();
    const started = this.#started.get(list);
    if (walked < this.options.minWalk) return undefined;
    if (started !== undefined && now - started < this.options.intervalMs) return undefined;
    this.#started.delete(list);
    this.#started.set(list, now);
    if (this.#started.size > 1_000) {
      const oldest = this.#started.keys().next().value;
      if (oldest !== undefined) this.#started.delete(oldest);
    }
    const every = Math.max(this.options.minEvery, Math.ceil(total / this.options.maxPositions));
    const rows = every * Math.max(1, Math.floor(this.options.sliceRows / every));
    const walking: WalkInProgress = { reached: 0, waiters: [] };
    this.#walking.set(list, walking);
    // Losing the samples only costs speed: a failed walk is left, the next deep page walks again.
    return this.#walk(list, version, rows, every, read, walking)
      .catch(() => undefined)
      .finally(() => {
        if (this.#walking.get(list) === walking) this.#walking.delete(list);
        for (const waiter of walking.waiters) waiter.resolve();
      });
  }

  /**
   * Samples a list of `total` rows at `version` before any page asked for it (at start-up), so that
   * the first deep pages start near themselves. Returns the walk, or nothing when the list is short.
   */
  start(
    list: string,
    version: number,
    total: number,
    read: (slice: SampleSlice<Key>) => Promise<SampledSlice<Key>>,
  ): Promise<void> | undefined {
    return this.afterWalk(list, version, total, total, read);
  }

  /**
   * When a page at `offset` would walk `rowsToWalk` rows (no fewer than a walk that starts sampling)
   * and a walk of `list` is in progress that has not yet recorded positions past `offset`, resolves
   * once it has (or has ended): the page then starts near itself instead of walking the same rows
   * beside it. Nothing to wait for otherwise.
   */
  walkPast(list: string, offset: number, rowsToWalk: number): Promise<void> | undefined {
    if (rowsToWalk < this.options.minWalk) return undefined;
    const walking = this.#walking.get(list);
    if (!walking || walking.reached > offset) return undefined;
    return new Promise((resolve) => walking.waiters.push({ offset, resolve }));
  }

  async #walk(
    list: string,
    version: number,
    rows: number,
    every: number,
    read: (slice: SampleSlice<Key>) => Promise<SampledSlice<Key>>,
    walking: WalkInProgress,
  ): Promise<void> {
    let after: Key | undefined;
    for (let start = 0; ; start += rows) {
      const slice = await read({ after, start, rows, every });
      if (slice.version !== version) return;
      for (const { position, key } of slice.positions) this.positions.remember(list, version, position, key);
      if (slice.last === undefined) return;
      after = slice.last;
      walking.reached = start + rows;
      const waiting = walking.waiters;
      walking.waiters = waiting.filter((waiter) => waiter.offset >= walking.reached);
      for (const waiter of waiting) if (waiter.offset < walking.reached) waiter.resolve();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
