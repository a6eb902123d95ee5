/** A response kept for replay: what the first request with an idempotency key answered. */
export interface StoredResponse {
  readonly statusCode: number;
  /** The response headers worth replaying (content type, paging, error code), lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** One idempotency key of one caller. */
export interface IdempotencyRecord {
  /** The caller the key belongs to (`client:{ClientId}`): keys of different callers never meet. */
  readonly clientKey: string;
  readonly key: string;
  /** SHA-256 of the request (method, path, account, canonical body): a reuse must match it. */
  readonly requestHash: string;
  readonly createdAt: number;
  /** `null` while the first request is still being processed. */
  readonly response: StoredResponse | null;
}

/** Storage of idempotency keys. The stored response is sealed with the key ring (it may carry secrets). */
export interface IdempotencyStore {
  /** Records a pending key unless this caller already has it; returns true when this call recorded it. */
  claim(clientKey: string, key: string, requestHash: string, at: number): Promise<boolean>;
  find(clientKey: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Stores the response of a pending key (sealed). */
  complete(clientKey: string, key: string, response: StoredResponse, at: number): Promise<void>;
  /** Deletes the key if it was created at `createdAt` (so a newer claim is never removed); true if it went. */
  remove(clientKey: string, key: string, createdAt: number): Promise<boolean>;
  /** Deletes at most `limit` keys created before `before`; returns how many went. */
  deleteCreatedBefore(before: number, limit: number): Promise<number>;
}
