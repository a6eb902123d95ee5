import type { Clock } from '../clock.ts';
import { notFound, PlugboardError } from '../errors.ts';
import type { Stores } from '../stores.ts';
import { hookTokenHash, looksLikeHookToken } from './hook-token.ts';
import type { InboundHook } from './inbound-hook-store.ts';

/** The job kind that processes one stored delivery. */
export const PROCESS_INBOUND_JOB = 'inbound-webhook.process';

/** A delivery to a hook that is no longer wanted: answered with `status` so the provider drops it. */
export class RetiredHookError extends Error {
  override readonly name = 'RetiredHookError';
  constructor(readonly status: number) {
    super('This webhook URL is no longer in use.');
  }
}

/** The status a retired hook's deliveries get, per connector (Capsule: 410 Gone). */
export type RetiredStatusOf = (hook: InboundHook) => Promise<number>;

/**
 * Receives webhooks: finds the hook by its token's hash, stores the raw body and enqueues its
 * processing in one transaction, and returns — the caller answers 2xx at once. Nothing is parsed here.
 */
export class InboundWebhookService {
  constructor(
    private readonly stores: Stores,
    private readonly clock: Clock,
    private readonly retiredStatusOf: RetiredStatusOf,
  ) {}

  /** Stores a delivery; unknown tokens are `not_found`, retired hooks a {@link RetiredHookError}. */
  async accept(token: string, contentType: string, body: string): Promise<{ deliveryId: number }> {
    const hook = looksLikeHookToken(token)
      ? await this.stores.inboundHooks.findHookByTokenHash(hookTokenHash(token))
      : undefined;
    if (!hook || hook.status === 'failed') throw notFound('No webhook is registered at this URL.');
    if (hook.status === 'retired') throw new RetiredHookError(await this.retiredStatusOf(hook));
    const receivedAt = this.clock();
    const deliveryId = await this.stores.transaction(async (tx) => {
      const id = await tx.inboundHooks.insertDelivery({
        hookId: hook.id,
        accountId: hook.accountId,
        receivedAt,
        contentType,
        body,
        status: 'received',
      });
      await tx.workQueue.enqueue({
        kind: PROCESS_INBOUND_JOB,
        payload: { deliveryId: id },
        runAt: receivedAt,
        accountId: hook.accountId,
        // No concurrency key: deliveries are processed in parallel (repeats are dropped by each
        // record's key, not by order), and a backlog of one hook's deliveries never makes each claim
        // of the queue look through all of them.
      });
      return id;
    });
    return { deliveryId };
  }
}

/** Raised by the route for a body over the cap (kept here so the message is one sentence everywhere). */
export const tooLarge = (capBytes: number) =>
  new PlugboardError('payload_too_large', `A webhook body may be at most ${capBytes} bytes.`);
