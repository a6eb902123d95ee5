import type { Stores } from '../stores.ts';
import type { InboundHook } from './inbound-hook-store.ts';
import type { InboundItem } from './split-delivery.ts';

/**
 * Where an inbound item goes, called in the transaction that marks it processed: a forwarded partner
 * event, the account connector's active cycles. Each route does its own writes in `tx`.
 */
export interface InboundItemRoute {
  route(tx: Stores, hook: InboundHook, item: InboundItem, at: number): Promise<void>;
}
