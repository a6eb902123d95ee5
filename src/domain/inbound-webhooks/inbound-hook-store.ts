/**
 * Storage of the URLs Plugboard hands out for webhooks (`{PUBLIC_URL}/webhooks/{token}`) and of what
 * arrives at them. Only a SHA-256 of each token is stored; a delivery's raw body is kept until it has
 * been processed and after, for the log.
 */

/** `connector`: a provider subscription (one per account connector and event); `generic`: a cycle's own URL. */
export type InboundHookKind = 'connector' | 'generic';

/**
 * `pending` while subscribing at the provider, `active` when deliveries are routed, `retired` when no
 * longer wanted (deliveries are answered with the provider's unsubscribe status), `failed` when the
 * provider refused the subscription (`lastError` says why).
 */
export type InboundHookStatus = 'pending' | 'active' | 'retired' | 'failed';

export interface InboundHook {
  readonly id: number;
  readonly kind: InboundHookKind;
  readonly accountId: string;
  readonly accountConnectorId: number | null;
  readonly cycleId: string | null;
  /** The provider's event name (`party/created`); null for a generic hook. */
  readonly event: string | null;
  /** The provider's id of the subscription, to unsubscribe with. */
  readonly providerHookId: string | null;
  readonly status: InboundHookStatus;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type NewInboundHook = Omit<InboundHook, 'id' | 'updatedAt'>;

export interface InboundHookChanges {
  readonly status?: InboundHookStatus;
  readonly providerHookId?: string | null;
  readonly lastError?: string | null;
  readonly tokenHash?: string;
}

/** `received` until processed; `failed` while retrying; `dead` when processing gave up (the body is kept). */
export type InboundDeliveryStatus = 'received' | 'processed' | 'failed' | 'dead';

export interface InboundDelivery {
  readonly id: number;
  readonly hookId: number;
  readonly accountId: string;
  readonly receivedAt: number;
  readonly contentType: string;
  readonly body: string;
  readonly status: InboundDeliveryStatus;
  /** Items routed (after splitting, duplicates not counted). */
  readonly items: number | null;
  readonly duplicates: number | null;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly processedAt: number | null;
}

export interface InboundDeliveryUpdate {
  readonly status: InboundDeliveryStatus;
  readonly items?: number;
  readonly duplicates?: number;
  readonly attempts?: number;
  readonly lastError?: string | null;
  readonly processedAt?: number;
}

export interface InboundHookStore {
  insertHook(hook: NewInboundHook, tokenHash: string): Promise<InboundHook>;
  findHook(id: number): Promise<InboundHook | undefined>;
  findHookByTokenHash(tokenHash: string): Promise<InboundHook | undefined>;
  /** The connector hooks of an account connector in the given statuses, oldest first. */
  hooksOfConnector(
    accountConnectorId: number,
    statuses: readonly InboundHookStatus[],
  ): Promise<InboundHook[]>;
  /** The generic hooks of a cycle in the given statuses. */
  hooksOfCycle(cycleId: string, statuses: readonly InboundHookStatus[]): Promise<InboundHook[]>;
  updateHook(id: number, changes: InboundHookChanges, at: number): Promise<boolean>;
  insertDelivery(
    delivery: Omit<InboundDelivery, 'id' | 'items' | 'duplicates' | 'attempts' | 'lastError' | 'processedAt'>,
  ): Promise<number>;
  findDelivery(id: number): Promise<InboundDelivery | undefined>;
  updateDelivery(id: number, update: InboundDeliveryUpdate): Promise<void>;
  /** Newest first. */
  listDeliveries(hookId: number, limit: number): Promise<InboundDelivery[]>;
  /** Remembers an item's key in `scope`; false when it was already there (a repeat). */
  rememberItem(scope: string, key: string, at: number): Promise<boolean>;
  /**
   * Ids of account connectors of the given connectors whose credentials may be used, after `afterId`,
   * ascending (to page through every connection that may need subscriptions).
   */
  callableConnectionIds(connectorIds: readonly number[], afterId: number, limit: number): Promise<number[]>;
  /** Forgets item keys older than `before`; returns how many. */
  forgetItemsBefore(before: number): Promise<number>;
}
