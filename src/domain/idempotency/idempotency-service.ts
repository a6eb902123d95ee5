import type { Clock } from '../clock.ts';
import { invalid } from '../errors.ts';
import type { IdempotencyStore, StoredResponse } from './idempotency-store.ts';

/** Keys are kept a day, as Stripe does: long enough for any retry, short enough to stay small. */
export const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** A key still pending after this long belongs to a request that died with its process: it may be retaken. */
export const ABANDONED_AFTER_MS = 5 * 60 * 1000;
const CLEANUP_BATCH = 100;
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/** Proof that this request holds a key: pass it to `complete` or `abandon`. */
export interface IdempotencyClaim {
  readonly clientKey: string;
  readonly key: string;
  readonly createdAt: number;
}

export type IdempotencyStart =
  /** The key is new (or expired): run the request, then `complete` or `abandon`. */
  | { readonly kind: 'run'; readonly claim: IdempotencyClaim }
  /** The same request already finished: send its response again. */
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  /** The key was used for a different request. */
  | { readonly kind: 'mismatch' }
  /** The same request is still running elsewhere. */
  | { readonly kind: 'in-progress' };

/**
 * `Idempotency-Key` semantics for creating calls: the first request with a key runs and its response is
 * stored; a repeat with the same request gets that response again, a different request with the same
 * key is refused, and a repeat while the first still runs is told to wait. Keys expire after 24 hours.
 */
export class IdempotencyService {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  /** Refuses a key that is empty, too long or not printable ASCII (400). */
  static validateKey(key: string): void {
    if (!KEY_SHAPE.test(key)) {
      throw invalid('Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.');
    }
  }

  async begin(clientKey: string, key: string, requestHash: string): Promise<IdempotencyStart> {
    IdempotencyService.validateKey(key);
    // Two rounds: a stale record found in the first is removed, and the claim is tried once more.
    for (let round = 0; round < 2; round++) {
      const now = this.clock();
      if (await this.store.claim(clientKey, key, requestHash, now)) {
        await this.store.deleteCreatedBefore(now - IDEMPOTENCY_KEY_LIFETIME_MS, CLEANUP_BATCH);
        return { kind: 'run', claim: { clientKey, key, createdAt: now } };
      }
      const existing = await this.store.find(clientKey, key);
      if (!existing) continue;
      const expired = existing.createdAt <= now - IDEMPOTENCY_KEY_LIFETIME_MS;
      const abandoned = existing.response === null && existing.createdAt <= now - ABANDONED_AFTER_MS;
      if (expired || abandoned) {
        await this.store.remove(clientKey, key, existing.createdAt);
        continue;
      }
      if (existing.requestHash !== requestHash) return { kind: 'mismatch' };
      return existing.response ? { kind: 'replay', response: existing.response } : { kind: 'in-progress' };
    }
    return { kind: 'in-progress' };
  }

  /** Stores the response to replay for this key. */
  complete(claim: IdempotencyClaim, response: StoredResponse): Promise<void> {
    return this.store.complete(claim.clientKey, claim.key, response, this.clock());
  }

  /** Frees the key when there is nothing worth replaying (a server error): a retry runs again. */
  async abandon(claim: IdempotencyClaim): Promise<void> {
    await this.store.remove(claim.clientKey, claim.key, claim.createdAt);
  }
}
